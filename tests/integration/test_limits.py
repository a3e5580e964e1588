"""A visitor who floods the desk is slowed down, and one visitor cannot open more chats
than the limit; agents are never limited."""

import unittest

from base import ConversationTestCase, conversation_jid, workgroup_jid
from clients import pump

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


if __name__ == "__main__":
    unittest.main()
