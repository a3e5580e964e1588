"""Agents over plain chat: who may act as an agent, who may write into a conversation,
chat states and the size limit on the relay, and the commands help, status, pause,
ready and transfer (PRODUCT.md, "Addresses", "What an agent types", "What the visitor
sees")."""

import unittest

from base import ConversationTestCase, conversation_jid, workgroup_jid

SUPPORT = workgroup_jid("support")
SALES = workgroup_jid("sales")

DESK = """
[workgroups.support]
mode = "round_robin"
max_message = "64B"

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"
max_chats = 2

[[workgroups.support.agents]]
jid = "bob@localhost"
name = "Bob"
max_chats = 2

[workgroups.sales]
mode = "broadcast"

[[workgroups.sales.agents]]
jid = "alice@localhost"
name = "Alice"

[[workgroups.sales.agents]]
jid = "bob@localhost"
name = "Bob"
"""


class AuthorizationTest(ConversationTestCase):
    workgroups = DESK

    def test_a_non_agent_typing_take_is_a_visitor(self):
        alice = self.agent("alice", "sales")
        visitor = self.visitor("sales")
        visitor.send_message(SALES, "I need help", nick="Vera")
        alice.expect_message(sender=SALES, contains="take 1")

        # carol has an account but is not listed in sales; an anonymous visitor neither.
        carol = self.login("carol")
        carol.send_message(SALES, "take 1")
        other = self.login()
        other.send_message(SALES, "take 1", nick="Walt")
        for intruder in (carol, other):
            bodies = intruder.collect(1.0, sender=SALES)
            self.assertFalse([b for b in bodies if "is yours" in b or "Chat 1" in b], bodies)
            intruder.no_message(0.2, sender=conversation_jid("sales", 1))
        visitor.no_message(0.2, sender=SALES, contains="has joined")
        # Their "take 1" opened chats of their own, like any visitor's first line.
        notes = alice.collect(1.0, sender=SALES)
        self.assertTrue(any('"take 1"' in b and "take 2" in b for b in notes), notes)
        self.assertTrue(any('"take 1"' in b and "take 3" in b for b in notes), notes)

        # Chat 1 is still waiting for a real agent.
        alice.send_message(SALES, "take 1")
        conversation, notice = self.expect_assignment(alice, "sales")
        self.assertEqual(conversation, 1)
        self.assertIn("Vera", notice)

    def test_no_one_else_may_write_into_an_agents_conversation(self):
        alice = self.agent("alice")
        visitor = self.visitor()
        visitor.send_message(SUPPORT, "Hello", nick="Vera")
        conversation, _ = self.expect_assignment(alice)
        cj = conversation_jid("support", conversation)
        alice.send_message(cj, "Hi Vera, Alice here.")
        visitor.expect_message(sender=SUPPORT, contains="Alice here")

        bob = self.agent("bob")  # an agent of the same workgroup, but not of this chat
        bob.send_message(cj, "Bob sneaking in")
        self.assertEqual(bob.expect_error(cj), "forbidden")
        carol = self.login("carol")  # not an agent at all
        carol.send_message(cj, "Carol sneaking in")
        self.assertEqual(carol.expect_error(cj), "forbidden")
        visitor.no_message(1.0, sender=SUPPORT, contains="sneaking")
        alice.no_message(0.2, contains="sneaking")

        # And the visitor cannot reach the agent's side of the chat either.
        visitor.send_message(cj, "close")
        self.assertEqual(visitor.expect_error(cj), "forbidden")
        alice.no_message(0.5, sender=SUPPORT, contains="closed")


class RelayTest(ConversationTestCase):
    workgroups = DESK

    def assigned_chat(self):
        alice = self.agent("alice")
        visitor = self.visitor()
        visitor.send_message(SUPPORT, "Hello", nick="Vera")
        conversation, _ = self.expect_assignment(alice)
        cj = conversation_jid("support", conversation)
        alice.send_message(cj, "Hi Vera!")
        visitor.expect_message(sender=SUPPORT, contains="Hi Vera!")
        alice.drain()
        visitor.drain()
        return alice, visitor, cj

    def test_chat_states_are_relayed_both_ways(self):
        alice, visitor, cj = self.assigned_chat()
        visitor.send_chat_state(SUPPORT, "composing")
        alice.expect_chat_state(cj, "composing")
        alice.send_chat_state(cj, "composing")
        visitor.expect_chat_state(SUPPORT, "composing")
        alice.send_chat_state(cj, "paused")
        visitor.expect_chat_state(SUPPORT, "paused")
        visitor.send_chat_state(SUPPORT, "active")
        alice.expect_chat_state(cj, "active")

    def test_bodies_over_max_message_are_refused_and_not_relayed(self):
        alice, visitor, cj = self.assigned_chat()
        big = "x" * 100
        visitor.send_message(SUPPORT, big)
        self.assertEqual(visitor.expect_error(SUPPORT), "not-acceptable")
        alice.no_message(0.7, sender=cj)

        alice.send_message(cj, "y" * 100)
        self.assertEqual(alice.expect_error(cj), "not-acceptable")
        visitor.no_message(0.7, sender=SUPPORT)

        # Messages within the limit still flow.
        visitor.send_message(SUPPORT, "short one")
        self.assertEqual(alice.expect_message(sender=cj)["body"], "short one")


class CommandsTest(ConversationTestCase):
    workgroups = DESK

    def test_help_lists_the_commands_of_the_mode(self):
        alice = self.agent("alice")
        alice.send_message(SUPPORT, "help")
        text = alice.expect_message(sender=SUPPORT)["body"]
        for command in ("next", "list", "status", "pause", "ready", "close", "transfer"):
            self.assertIn(command, text)
        self.assertNotRegex(text, r"\btake\b", "take is a broadcast command")
        alice.send_message(SALES, "HELP")  # commands are case-insensitive
        self.assertRegex(alice.expect_message(sender=SALES)["body"], r"\btake\b")

    def test_status_shows_my_chats_capacity_and_queue(self):
        alice = self.agent("alice")
        visitor = self.visitor()
        visitor.send_message(SUPPORT, "Hello", nick="Vera")
        conversation, _ = self.expect_assignment(alice)
        alice.send_message(SUPPORT, "status")
        text = alice.expect_message(sender=SUPPORT)["body"]
        self.assertIn(f"1 of 2 chats ({conversation})", text)
        self.assertIn("Waiting: 0", text)

    def test_a_paused_agent_gets_no_chats_until_ready(self):
        alice = self.agent("alice")
        bob = self.agent("bob")
        alice.send_message(SUPPORT, "pause")
        self.assertIn("Paused", alice.expect_message(sender=SUPPORT)["body"])
        for n, nick in ((1, "Vera"), (2, "Walt")):
            v = self.visitor()
            v.send_message(SUPPORT, f"Visitor {n}", nick=nick)
            self.assertEqual(self.expect_assignment(bob)[0], n)
        alice.no_message(0.5, sender=SUPPORT, contains="Chat ")
        alice.send_message(SUPPORT, "status")
        self.assertIn("paused", alice.expect_message(sender=SUPPORT)["body"])

        alice.send_message(SUPPORT, "ready")
        self.assertIn("Ready", alice.expect_message(sender=SUPPORT)["body"])
        v = self.visitor()
        v.send_message(SUPPORT, "Visitor 3", nick="Xena")
        self.assertEqual(self.expect_assignment(alice)[0], 3)

    def test_transfer_by_name_hands_the_conversation_over(self):
        alice = self.agent("alice")
        visitor = self.visitor()
        visitor.send_message(SUPPORT, "I want a refund", nick="Vera")
        conversation, _ = self.expect_assignment(alice)
        cj = conversation_jid("support", conversation)
        alice.send_message(cj, "Let me check.")
        visitor.expect_message(sender=SUPPORT, contains="Let me check.")
        visitor.send_message(SUPPORT, "Order 4711")
        alice.expect_message(sender=cj, contains="Order 4711")

        bob = self.agent("bob")
        alice.send_message(cj, "transfer bob")  # the configured name, any case
        self.assertIn("transferred to Bob",  # answered in the conversation it was typed in
                      alice.expect_message(sender=cj, contains="transferred")["body"])
        _, notice = self.expect_assignment(bob)
        self.assertIn("Alice", notice)
        # Both sides so far, each with its original time; the agent's lines say who wrote.
        self.expect_backlog(bob, "support", conversation,
                            ["I want a refund", "[Alice] Let me check.", "Order 4711"])
        visitor.expect_message(sender=SUPPORT, contains="Bob has joined")

        bob.send_message(cj, "Bob here, refund approved.")
        answer = visitor.expect_message(sender=SUPPORT, contains="refund approved")
        self.assertEqual(answer["from"].bare, SUPPORT)
        visitor.send_message(SUPPORT, "Thanks!")
        self.assertEqual(bob.expect_message(sender=cj)["body"], "Thanks!")
        alice.no_message(0.3, sender=cj)

        # The conversation is Bob's now: Alice may no longer write into it.
        alice.send_message(cj, "Alice again")
        self.assertEqual(alice.expect_error(cj), "forbidden")
        visitor.no_message(0.5, sender=SUPPORT, contains="Alice again")


if __name__ == "__main__":
    unittest.main()
