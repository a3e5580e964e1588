"""More than one machine (PRODUCT.md, "Operating it"): Switchboard on a two-node ejabberd
cluster with `[server] hosts`, one node stopped mid-conversation. Switchboard connects to
the first node that answers and moves on to the next when the connection is lost; the
visitor and the agent, logged in on the node that stays, go on in the same conversation.
Runs once, on ejabberd: Prosody has no clustering."""

import re
import time
import unittest

from base import ASSIGNED, conversation_jid, workgroup_jid
from clients import Client, wait_until
from ejabberd_cluster import EjabberdCluster
from fixtures import COMPONENT_DOMAIN, Prosody, Switchboard, free_port

SUPPORT = workgroup_jid("support")
DESK = """
[workgroups.support]
mode = "round_robin"

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"
"""


def list_hosts(switchboard, ports):
    """Rewrites the fixture's `host` and `port` as `hosts` with these ports, in order."""
    with open(switchboard.config_path) as f:
        text = f.read()
    hosts = "hosts = [" + ", ".join(f'"127.0.0.1:{p}"' for p in ports) + "]"
    text, count = re.subn(r'host = "127\.0\.0\.1"\nport = \d+', hosts, text)
    if count != 1:
        raise AssertionError("no host and port to replace in:\n" + text)
    with open(switchboard.config_path, "w") as f:
        f.write(text)


class FirstNodeDownTest(unittest.TestCase):
    def test_a_node_that_does_not_answer_is_passed_over_at_start(self):
        server = Prosody()
        self.addCleanup(server.cleanup)
        server.add_user("carol", "pw")
        server.start()
        switchboard = Switchboard(server, workgroups=DESK)
        list_hosts(switchboard, [free_port(), server.component_port])  # nothing on the first
        switchboard.start()
        self.addCleanup(switchboard.stop)
        carol = Client(server, "carol").connect()
        self.addCleanup(carol.disconnect)
        waited = wait_until(lambda: carol.ping_ok(COMPONENT_DOMAIN, timeout=1), 10)
        self.assertLess(waited, 3.0, "the second node should be tried at once")
        self.assertIn(f"connected to 127.0.0.1:{server.component_port}", switchboard.log())


class ClusterTest(unittest.TestCase):
    def setUp(self):
        self.clients = []
        self.switchboard = None
        self.cluster = EjabberdCluster(size=2)
        self.addCleanup(self._cleanup)
        for name in ("alice", "carol"):
            self.cluster.add_user(name, "pw")
        self.cluster.start()
        self.stays, self.dies = self.cluster.nodes
        # Switchboard prefers the node that will die; people use the one that stays.
        self.switchboard = Switchboard(self.stays, workgroups=DESK)
        list_hosts(self.switchboard, [self.dies.component_port, self.stays.component_port])
        self.switchboard.start()

    def _cleanup(self):
        for c in self.clients:
            c.disconnect()
        if self.switchboard:
            self.switchboard.stop()
        self.cluster.cleanup()

    def login(self, local=None):
        c = Client(self.stays, local).connect()
        self.clients.append(c)
        return c

    def connected_to(self, node):
        return f"connected to 127.0.0.1:{node.component_port} as component" in \
            self.switchboard.log()

    def logs(self):
        return ("\n--- switchboard log (tail)\n" + self.switchboard.log()[-4000:] +
                "\n--- node that stays\n" + self.stays.log_tail(30))

    def test_a_node_stops_mid_conversation_and_the_chat_goes_on_through_the_other(self):
        wait_until(lambda: self.connected_to(self.dies), 10)
        self.assertFalse(self.connected_to(self.stays), self.logs())
        carol = self.login("carol")
        wait_until(lambda: carol.ping_ok(COMPONENT_DOMAIN, timeout=1), 10)

        alice = self.login("alice")
        alice.send_presence_to(SUPPORT)
        alice.send_message(SUPPORT, "help")
        alice.expect_message(sender=SUPPORT, contains="Commands:")
        visitor = self.login()
        visitor.send_presence_to(SUPPORT)
        visitor.wait_availability(SUPPORT, "open")
        visitor.send_message(SUPPORT, "Hello, my order is late", nick="Vera")
        notice = alice.expect_message(sender=SUPPORT, contains="Chat ")
        conversation = int(ASSIGNED.search(notice["body"]).group(1))
        cj = conversation_jid("support", conversation)
        self.assertEqual(alice.expect_message(sender=cj)["body"], "Hello, my order is late")
        alice.send_message(cj, "Let me look")
        visitor.expect_message(sender=SUPPORT, contains="Let me look")

        # The machine of the node Switchboard uses dies.
        seen = len(visitor.presences_from(SUPPORT))
        killed_at = time.monotonic()
        self.dies.kill()
        wait_until(lambda: self.connected_to(self.stays), 15)
        took = time.monotonic() - killed_at
        self.assertLess(took, 5.0, "Switchboard should move on to the next node at once")
        print(f"\n  moved to the other node {took:.2f} s after the kill")
        self.assertIsNone(self.switchboard.proc.poll(), "Switchboard must keep running")
        # It announces itself again through the node that stays: the widget hears it open.
        try:
            wait_until(lambda: len(visitor.presences_from(SUPPORT)) > seen, 10)
        except TimeoutError:
            self.fail("no presence from the workgroup after the move" + self.logs())
        self.assertEqual(visitor.availability(SUPPORT), "open")

        # The same conversation, the same agent, both ways. A line the dead node took
        # while it went away is the server's to lose: send until one comes through.
        def relayed():
            visitor.send_message(SUPPORT, "Are you still there?")
            try:
                return alice.expect_message(sender=cj, contains="still there", timeout=2)
            except AssertionError:
                return None
        try:
            wait_until(relayed, 15)
        except TimeoutError:
            self.fail("the visitor's line never reached Alice after the move" + self.logs())
        alice.send_message(cj, "Yes, your parcel left today")
        self.assertEqual(visitor.expect_message(sender=SUPPORT, contains="parcel")["body"],
                         "Yes, your parcel left today")
        self.assertIn(f"lost the connection to the XMPP server 127.0.0.1:"
                      f"{self.dies.component_port}", self.switchboard.log())


if __name__ == "__main__":
    unittest.main()
