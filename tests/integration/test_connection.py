"""The component connection: it comes up, survives server restarts, refuses a wrong
secret or domain loudly, stops cleanly on signals, and takes a flood of stanzas."""

import asyncio
import signal
import time
import unittest

from clients import LOOP, Client, pump, wait_until
from base import xmpp_server
from fixtures import COMPONENT_DOMAIN, Switchboard


class ConnectionTest(unittest.TestCase):
    def setUp(self):
        self.switchboard = None
        self.clients = []
        self.prosody = xmpp_server()
        self.addCleanup(self.prosody.cleanup)  # runs even when start() fails
        self.prosody.add_user("carol", "pw")
        self.prosody.start()

    def tearDown(self):
        for c in self.clients:
            c.disconnect()
        if self.switchboard:
            self.switchboard.stop()

    def login(self):
        c = Client(self.prosody, "carol").connect()
        self.clients.append(c)
        return c

    def start_switchboard(self, **kwargs):
        self.switchboard = Switchboard(self.prosody, **kwargs).start()
        return self.switchboard

    def assert_answers_ping(self, client, timeout=10.0):
        try:
            return wait_until(lambda: client.ping_ok(COMPONENT_DOMAIN, timeout=1), timeout)
        except TimeoutError:
            self.fail("no ping answer; Switchboard log:\n" + self.switchboard.log()[-3000:])

    def test_reconnects_after_prosody_restarts(self):
        self.start_switchboard()
        self.assert_answers_ping(self.login())
        self.prosody.restart()
        client = self.login()
        waited = self.assert_answers_ping(client, timeout=10.0)
        self.assertLess(waited, 5.0, "reconnection should take a few seconds at most")
        self.assertIsNone(self.switchboard.proc.poll(), "Switchboard must keep running")

    def test_waits_for_a_server_that_is_not_up_yet(self):
        self.prosody.stop()
        self.start_switchboard()
        time.sleep(1.5)
        self.assertIsNone(self.switchboard.proc.poll(), "must retry, not exit")
        self.prosody.start()
        self.assert_answers_ping(self.login(), timeout=10.0)

    def test_wrong_secret_exits_nonzero_with_one_clear_line(self):
        self.start_switchboard(secret="not-the-secret")
        code = self.switchboard.wait_exit(timeout=10)
        self.assertNotEqual(code, 0)
        log = self.switchboard.log()
        refusals = [line for line in log.splitlines() if "refused component" in line]
        self.assertEqual(len(refusals), 1, log)
        self.assertIn("not-authorized", refusals[0])
        self.assertNotIn("not-the-secret", log)

    def test_unknown_domain_exits_nonzero_with_one_clear_line(self):
        self.start_switchboard(domain="nowhere.localhost")
        code = self.switchboard.wait_exit(timeout=10)
        self.assertNotEqual(code, 0)
        refusals = [line for line in self.switchboard.log().splitlines()
                    if "refused component nowhere.localhost" in line]
        self.assertEqual(len(refusals), 1, self.switchboard.log())

    def test_sigterm_and_sigint_stop_cleanly(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            self.start_switchboard()
            self.assert_answers_ping(self.login())
            self.switchboard.signal(sig)
            self.assertEqual(self.switchboard.wait_exit(timeout=5), 0, sig)
            self.switchboard.stop()

    def test_receives_a_flood_of_stanzas_without_crashing(self):
        # Regression for libstrophe's missing stream-management state on component
        # connections (TRAPS.md): it crashed on the very first stanza received.
        self.start_switchboard(log_level="info")
        client = self.login()
        self.assert_answers_ping(client)
        xmpp = client.xmpp
        for i in range(1500):
            xmpp.send_message(mto=f"support@{COMPONENT_DOMAIN}", mbody=f"hello {i}", mtype="chat")
            xmpp.send_presence(pto=f"support@{COMPONENT_DOMAIN}")
            if i % 100 == 0:
                pump(0.01)

        async def many_pings(n):
            return await asyncio.gather(
                *(xmpp["xep_0199"].ping(COMPONENT_DOMAIN, timeout=20) for _ in range(n)))

        rtts = LOOP.run_until_complete(asyncio.wait_for(many_pings(500), 30))
        self.assertEqual(len(rtts), 500)
        self.assertIsNone(self.switchboard.proc.poll(), "Switchboard died under load")
        self.assertTrue(client.ping_ok(COMPONENT_DOMAIN))


if __name__ == "__main__":
    unittest.main()
