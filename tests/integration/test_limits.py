"""A visitor who floods the desk is slowed down, and one visitor cannot open more chats
than the limit; agents are never limited. The servers' stanza size limits (as deploy/
sets them) stop a stanza too costly for Switchboard to parse at the visitor's stream, and
what visitors send never makes a stanza Switchboard sends too large for the server."""

import unittest

from base import ConversationTestCase, conversation_jid, workgroup_jid
from clients import NICK_NS, BoshVisitor, pump, wait_until

STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas"


def refused_for_policy(client, sender):
    """Waits for a message error from `sender` and says whether its condition is RFC
    6120's policy-violation (slixmpp 1.8 does not name that condition itself)."""
    msg = client.expect_stanza(lambda m: m["type"] == "error" and m["from"].bare == sender,
                               what=f"message error from {sender}")
    return msg.xml.find(f"{{jabber:client}}error/{{{STANZAS}}}policy-violation") is not None

SUPPORT = workgroup_jid("support")
SALES = workgroup_jid("sales")

DESK = """
[limits]
messages_per_second = 1
burst = 5
conversations_per_visitor = 1

[workgroups.support]
mode = "round_robin"
[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"

[workgroups.sales]
mode = "round_robin"
[[workgroups.sales.agents]]
jid = "bob@localhost"
name = "Bob"
"""


class LimitsTest(ConversationTestCase):
    workgroups = DESK

    def test_a_flooding_visitor_is_told_to_slow_down_and_not_relayed(self):
        alice = self.agent("alice")
        visitor = self.visitor()
        for i in range(15):
            visitor.send_message(SUPPORT, f"spam {i}", nick="Flo")
        self.assertTrue(refused_for_policy(visitor, SUPPORT))
        conversation, _ = self.expect_assignment(alice)
        pump(0.5)
        lines = alice.collect(0.5, sender=conversation_jid("support", conversation).split("/")[0])
        self.assertLessEqual(len(lines), 6, "only the burst (and what refilled) gets through")
        self.assertGreaterEqual(len(lines), 5, "the burst itself gets through")
        # An agent may write as fast as they like.
        for i in range(10):
            alice.send_message(conversation_jid("support", conversation), f"answer {i}")
        visitor.expect_message(sender=SUPPORT, contains="answer 9")

    def test_one_visitor_cannot_open_more_chats_than_the_limit(self):
        self.agent("alice")
        bob = self.agent("bob", workgroup="sales")
        visitor = self.login("dave")
        visitor.send_message(SUPPORT, "Hi support", nick="Dave")
        visitor.expect_message(sender=SUPPORT)
        visitor.send_message(SALES, "Hi sales too")
        self.assertTrue(refused_for_policy(visitor, SALES))
        bob.no_message(0.5, sender=SALES, contains="Dave")


STREAMS = "urn:ietf:params:xml:ns:xmpp-streams"
# A server checks its limit once per read of the stream (Prosody reads 8 KiB at a time), so
# a stanza this much over the limit is always caught.
OVER_BY = 16 * 1024


class StanzaSizeTest(ConversationTestCase):
    """Issue 10, items 5 and 6, on each server, with the fixture's
    desk: support (round_robin) and sales (broadcast), Alice in both."""
    users = ("alice", "carol")

    def limit(self):
        """What the server lets a client send (the fixture's c2s stanza size limit)."""
        return self.prosody.c2s_stanza_limit

    def assert_never_disconnected(self):
        self.assertNotIn("lost the connection", self.switchboard.log(),
                         "the server closed the component's stream")

    def test_a_stanza_above_the_limit_is_stopped_at_the_visitor_and_the_desk_serves_on(self):
        alice = self.agent("alice")
        # Over c2s: the visitor's stream is closed with policy-violation.
        big = self.visitor()
        errors = []
        big.xmpp.add_event_handler("stream_error", errors.append)
        big.send_message(SUPPORT, "x" * (self.limit() + OVER_BY), nick="Big")
        wait_until(lambda: not big.xmpp.is_connected(), 10)
        self.assertTrue(any(e.xml.find(f"{{{STREAMS}}}policy-violation") is not None
                            for e in errors), [str(e) for e in errors])
        # Over BOSH (the widget's way): the request is refused.
        bosh = BoshVisitor(self.prosody).login()
        with self.assertRaises(OSError):
            bosh.post(f"<message xmlns='jabber:client' to='{SUPPORT}' type='chat'><body>"
                      + "x" * (self.limit() + OVER_BY) + "</body></message>")
        # Switchboard saw neither, and the next visitor is served as ever.
        visitor = self.visitor()
        visitor.send_message(SUPPORT, "Hello", nick="Vera")
        _, notice = self.expect_assignment(alice)
        self.assertIn("Vera", notice)
        self.assert_never_disconnected()

    def test_a_list_of_chats_from_visitors_with_huge_nicks_reaches_the_agent(self):
        # Nicks as large as the server lets through, of '"' written as is, which XML
        # escapes as &quot;: named whole, each chat took six times that in the list (on
        # Prosody 190 KB), and the list of a few was more than the server lets the
        # component send.
        alice = self.agent("alice", workgroup="sales")
        nick = '"' * (self.limit() - 1000)
        chats = -(-640 * 1024 // (6 * len(nick)))  # over 512 KiB, named whole
        for i in range(1, chats + 1):
            visitor = self.visitor(workgroup="sales")
            visitor.xmpp.send_raw(
                f"<message to='{SALES}' type='chat'><body>Hello {i}</body>"
                f"<nick xmlns='{NICK_NS}'>{nick}</nick></message>")
            notice = alice.expect_message(sender=SALES, contains=f"New chat {i} ")["body"]
            self.assertIn('"' * 63 + "\u2026", notice)
        alice.send_message(SALES, "list")
        listing = alice.expect_message(sender=SALES, contains="Waiting chats:")["body"]
        for i in range(1, chats + 1):
            self.assertIn(f'{i} {nick[:63]}\u2026: "Hello {i}" (take {i})', listing)
        self.assert_never_disconnected()


if __name__ == "__main__":
    unittest.main()
