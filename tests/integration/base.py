"""Shared set-up for integration tests: an XMPP server, agents, and Switchboard.

The server is Prosody, or ejabberd when $SB_SERVER is "ejabberd": ctest runs each suite
once per server (integration.NAME, integration.ejabberd.NAME), through `xmpp_server`.
"""

import os
import re
import unittest
from datetime import datetime, timedelta, timezone

from clients import Client, delay_stamp, wait_until
from ejabberd_fixture import Ejabberd
from fixtures import COMPONENT_DOMAIN, Prosody, Switchboard

SERVERS = {"prosody": Prosody, "ejabberd": Ejabberd}
SERVER = os.environ.get("SB_SERVER", "prosody")
if SERVER not in SERVERS:
    raise RuntimeError(f"SB_SERVER={SERVER!r}: use one of {', '.join(SERVERS)}")


def xmpp_server(**options):
    """A fresh fixture of the server this run is against ($SB_SERVER), not yet started;
    `options` as both fixtures take them (muc=True, http_files_dir=...)."""
    return SERVERS[SERVER](**options)


def only_on(server, why):
    """Runs the decorated test (or class) only against `server`: for what exists on one
    server alone, said in `why`."""
    return unittest.skipUnless(SERVER == server, f"{server} only: {why}")


class DeskTestCase(unittest.TestCase):
    """One Prosody and one Switchboard for the whole test class."""

    workgroups = None  # TOML for [workgroups...]; None: the fixture's default desk

    @classmethod
    def setUpClass(cls):
        cls.clients = []
        cls.switchboard = None
        cls.prosody = xmpp_server()
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


def workgroup_jid(name):
    return f"{name}@{COMPONENT_DOMAIN}"


def conversation_jid(workgroup, conversation):
    """support, 3 -> support.3@desk.localhost (PRODUCT.md, "Addresses")."""
    return f"{workgroup}.{conversation}@{COMPONENT_DOMAIN}"


COMMANDS_NS = "http://jabber.org/protocol/commands"
DATA_NS = "jabber:x:data"


def execute_command(client, to, node, fields=None):
    """Runs XEP-0050 command `node` at `to` (submitting the form `fields` when given);
    returns the reply's <command/> element."""
    form = ""
    if fields is not None:
        form = f"<x xmlns='{DATA_NS}' type='submit'>" + "".join(
            f"<field var='{k}'><value>{v}</value></field>" for k, v in fields.items()) + "</x>"
    reply = client.send_iq_raw(to, "set", f"<command xmlns='{COMMANDS_NS}' node='{node}' "
                                          f"sessionid='{node}' action='execute'>{form}</command>")
    return reply.xml.find(f"{{{COMMANDS_NS}}}command")


# The notice an agent gets from the workgroup JID when a chat becomes theirs.
ASSIGNED = re.compile(r"Chat (\d+) with (.+?) (?:is yours|was transferred to you)")


class ConversationTestCase(unittest.TestCase):
    """A fresh Prosody and Switchboard for every test, so that conversations, agents'
    loads and rotations never leak from one scenario into the next (both start in a
    fraction of a second). `workgroups` is the TOML for [workgroups...]."""

    workgroups = None
    users = ("alice", "bob", "carol", "dave")
    server = staticmethod(xmpp_server)  # a callable that makes the server fixture

    def setUp(self):
        self.clients = []
        self.switchboard = None
        self.prosody = self.server()  # named for history: whichever server runs
        keep = os.environ.get("SB_KEEP_LOGS")
        self.addCleanup(self._cleanup, keep)
        for name in self.users:
            self.prosody.add_user(name, "pw")
        self.prosody.start()
        kwargs = {} if self.workgroups is None else {"workgroups": self.workgroups}
        self.switchboard = Switchboard(self.prosody, **kwargs).start()
        probe = self.login("carol")
        try:
            wait_until(lambda: probe.ping_ok(COMPONENT_DOMAIN, timeout=1), 10)
        except TimeoutError:
            self.fail("Switchboard never answered ping; its log:\n" + self.log_tail())
        probe.disconnect()
        self.clients.remove(probe)

    def _cleanup(self, keep):
        for c in self.clients:
            c.disconnect()
        if self.switchboard:
            self.switchboard.stop()
        if keep:
            print(f"\n[{self.id()}] logs kept in {self.prosody.dir}")
            self.prosody.stop()
        else:
            self.prosody.cleanup()

    def log_tail(self, n=60):
        return "".join(self.switchboard.log().splitlines(keepends=True)[-n:])

    # -- people -------------------------------------------------------------------

    def login(self, local=None):
        c = Client(self.prosody, local).connect()
        self.clients.append(c)
        return c

    def agent(self, local, workgroup="support"):
        """Logs an agent in and waits until `workgroup` counts them online: they send
        directed presence to the workgroup JID (PRODUCT.md: "that counts the same"), and
        the answer to a `help` sent after it proves Switchboard has seen it."""
        c = self.login(local)
        self.sync_agent(c, workgroup)
        return c

    def sync_agent(self, agent, workgroup="support"):
        wg = workgroup_jid(workgroup)
        agent.send_presence_to(wg)
        agent.send_message(wg, "help")
        agent.expect_message(sender=wg, contains="Commands:")

    def visitor(self, workgroup="support", state="open"):
        """An anonymous visitor whose widget sent directed presence to the workgroup and
        saw it in `state` (open / full / closed)."""
        v = self.login()
        wg = workgroup_jid(workgroup)
        v.send_presence_to(wg)
        v.wait_availability(wg, state)
        return v

    # -- what agents see ---------------------------------------------------------------

    def expect_assignment(self, agent, workgroup="support", timeout=5.0, contains=None):
        """Waits for the notice that a chat became `agent`'s; returns (id, notice body)."""
        wg = workgroup_jid(workgroup)
        msg = agent.expect_message(timeout=timeout, sender=wg,
                                   contains=contains or "Chat ")
        m = ASSIGNED.search(msg["body"])
        self.assertIsNotNone(m, f"not an assignment notice: {msg['body']!r}")
        return int(m.group(1)), msg["body"]

    def expect_backlog(self, agent, workgroup, conversation, lines, sent_at=None):
        """The visitor's earlier lines arrive from the conversation JID, in order, each
        with a XEP-0203 delay stamp (no later than now, no earlier than `sent_at`)."""
        cj = conversation_jid(workgroup, conversation)
        for line in lines:
            msg = agent.expect_message(sender=cj)
            self.assertEqual(msg["body"], line)
            stamp = delay_stamp(msg)
            self.assertIsNotNone(stamp, f"backlog line {line!r} has no XEP-0203 delay")
            now = datetime.now(timezone.utc)
            self.assertLessEqual(stamp, now + timedelta(seconds=1))
            if sent_at is not None:
                self.assertGreaterEqual(stamp, sent_at - timedelta(seconds=2))


def two_agent_desk(mode):
    """The TOML of a workgroup `support` in `mode` with the agents Alice and Bob."""
    return f"""
[workgroups.support]
mode = "{mode}"

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"

[[workgroups.support.agents]]
jid = "bob@localhost"
name = "Bob"
"""
