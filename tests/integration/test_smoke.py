"""The paths where the two servers differ most, end to end (PRODUCT.md: Switchboard
attaches to "a standard XMPP server (Prosody or ejabberd)"): the component connection,
disco and ping routing, anonymous visitors, agents' presence through an approved
subscription the server keeps, and a restart of the server. Written first for ejabberd
23.01; run on both, like every suite."""

import unittest
from datetime import datetime, timezone

from base import ConversationTestCase, conversation_jid, workgroup_jid
from clients import wait_until
from fixtures import COMPONENT_DOMAIN

SUPPORT = workgroup_jid("support")
SALES = workgroup_jid("sales")
WELCOME = "Welcome to Support! Someone will be with you shortly."
OFFLINE = "Support is offline, please come back later."


class SmokeTest(ConversationTestCase):
    users = ("alice", "carol")
    workgroups = f"""
[workgroups.support]
mode = "round_robin"
welcome = "{WELCOME}"
offline = "{OFFLINE}"

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"

[workgroups.sales]
mode = "broadcast"

[[workgroups.sales.agents]]
jid = "alice@localhost"
name = "Alice"
"""

    def logs(self):
        """What to read when a step fails: both sides' logs."""
        return ("\n--- switchboard log (tail)\n" + self.log_tail(80) +
                "\n--- server log (tail)\n" + self.prosody.log_tail(40))

    def test_ping_and_disco_items_through_the_server(self):
        carol = self.login("carol")
        self.assertTrue(carol.ping_ok(COMPONENT_DOMAIN), self.logs())
        self.assertTrue(carol.ping_ok(SUPPORT), self.logs())
        items = {item[0] for item in carol.disco_items(COMPONENT_DOMAIN)["items"]}
        self.assertEqual(items, {SUPPORT, SALES}, self.logs())

    def test_subscribed_agent_gets_the_chat_and_the_widget_follows_her_presence(self):
        # The widget: an anonymous visitor's directed presence to the workgroup JID.
        widget = self.visitor(state="closed")
        self.assertEqual(widget.presences[SUPPORT]["status"], OFFLINE)

        # Alice only logs in: her client approves the workgroup's subscription request
        # that the server kept for her, and Switchboard learns she is online from it.
        alice = self.login("alice")
        try:
            widget.wait_availability(SUPPORT, "open", timeout=10)
        except AssertionError as e:
            self.fail(f"{e}; alice received presences "
                      f"{[str(p) for p in alice.presence_log]}" + self.logs())

        visitor = self.login()  # anonymous, on anon.localhost
        self.assertEqual(visitor.jid.domain, "anon.localhost")
        sent_at = datetime.now(timezone.utc)
        visitor.send_message(SUPPORT, "Hi, where is my parcel?", nick="Vera")
        visitor.expect_message(sender=SUPPORT, contains=WELCOME)
        conversation, notice = self.expect_assignment(alice)
        self.assertIn("Vera", notice)
        self.expect_backlog(alice, "support", conversation, ["Hi, where is my parcel?"],
                            sent_at)

        cj = conversation_jid("support", conversation)
        alice.send_message(cj, "Hello, this is Alice. How can I help?")
        visitor.expect_message(sender=SUPPORT, contains="Alice has joined")
        answer = visitor.expect_message(sender=SUPPORT, contains="How can I help?")
        self.assertEqual(answer["body"], "Hello, this is Alice. How can I help?")
        self.assertEqual(answer["from"].bare, SUPPORT, "the visitor sees one contact")
        visitor.send_message(SUPPORT, "It never arrived.")
        self.assertEqual(alice.expect_message(sender=cj)["body"], "It never arrived.")

        # Her client logs out: the server tells Switchboard, the widget sees closed.
        alice.disconnect()
        self.clients.remove(alice)
        widget.wait_availability(SUPPORT, "closed", timeout=10)
        self.assertEqual(widget.presences[SUPPORT]["status"], OFFLINE)

    def test_switchboard_survives_a_server_restart(self):
        # Alice approves the subscription before the restart...
        widget = self.visitor(state="closed")
        self.login("alice")
        widget.wait_availability(SUPPORT, "open", timeout=10)

        for c in self.clients:
            c.disconnect()
        self.clients.clear()
        self.prosody.restart()  # same ports, same Mnesia database
        carol = self.login("carol")
        try:
            wait_until(lambda: carol.ping_ok(COMPONENT_DOMAIN, timeout=1), 20)
        except TimeoutError:
            self.fail("no ping answer after the server restart" + self.logs())
        self.assertIsNone(self.switchboard.proc.poll(), "Switchboard exited")
        items = {item[0] for item in carol.disco_items(COMPONENT_DOMAIN)["items"]}
        self.assertEqual(items, {SUPPORT, SALES})

        # ...and after it, her next login alone opens the workgroup again: the
        # approved subscription survived in the server and Switchboard re-learned it.
        widget = self.visitor(state="closed")
        self.login("alice")
        try:
            widget.wait_availability(SUPPORT, "open", timeout=10)
        except AssertionError as e:
            self.fail(f"{e}" + self.logs())

if __name__ == "__main__":
    unittest.main()
