"""Shared set-up for integration tests: a Prosody, two agents, and Switchboard."""

import unittest

from clients import Client, wait_until
from fixtures import COMPONENT_DOMAIN, Prosody, Switchboard


class DeskTestCase(unittest.TestCase):
    """One Prosody and one Switchboard for the whole test class."""

    workgroups = None  # TOML for [workgroups...]; None: the fixture's default desk

    @classmethod
    def setUpClass(cls):
        cls.clients = []
        cls.switchboard = None
        cls.prosody = Prosody()
        try:
            for name in ("alice", "bob", "carol"):
                cls.prosody.add_user(name, "pw")
            cls.prosody.start()
            kwargs = {} if cls.workgroups is None else {"workgroups": cls.workgroups}
            cls.switchboard = Switchboard(cls.prosody, **kwargs).start()
            cls.probe = cls.client("carol")
            cls.wait_component_up()
        except BaseException:
            cls.tearDownClass()  # unittest skips it when setUpClass fails
            raise

    @classmethod
    def tearDownClass(cls):
        for c in cls.clients:
            c.disconnect()
        if cls.switchboard:
            cls.switchboard.stop()
        cls.prosody.cleanup()

    @classmethod
    def client(cls, local=None):
        c = Client(cls.prosody, local).connect()
        cls.clients.append(c)
        return c

    @classmethod
    def wait_component_up(cls, timeout=10.0):
        """Waits until the component answers ping (Prosody answers disco itself)."""
        try:
            return wait_until(lambda: cls.probe.ping_ok(COMPONENT_DOMAIN, timeout=1), timeout)
        except TimeoutError:
            raise AssertionError("Switchboard never answered ping; its log:\n" +
                                 cls.switchboard.log()[-3000:])
