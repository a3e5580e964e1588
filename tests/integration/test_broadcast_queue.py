"""broadcast and queue, as agents live them: notifications with the exact `take N`,
`take` races between two agents, `list`, and `next` pulling in arrival order without
anyone seeing who waits (PRODUCT.md, "Routing modes", "What an agent types")."""

import unittest

from base import ConversationTestCase, conversation_jid, two_agent_desk, workgroup_jid
from clients import pump

SUPPORT = workgroup_jid("support")


class BroadcastTest(ConversationTestCase):
    workgroups = two_agent_desk("broadcast")

    def test_notification_carries_name_first_message_and_take_command(self):
        alice = self.agent("alice")
        bob = self.agent("bob")
        visitor = self.visitor()
        visitor.send_message(SUPPORT, "Is the blue kettle in stock?", nick="Vera")
        for agent in (alice, bob):
            note = agent.expect_message(sender=SUPPORT, contains="New chat 1")["body"]
            self.assertIn("Vera", note)
            self.assertIn("Is the blue kettle in stock?", note)
            self.assertIn("take 1", note)
            # Nothing arrives from the conversation before someone takes it.
            agent.no_message(0.3, sender=conversation_jid("support", 1))

        alice.send_message(SUPPORT, "list")
        listing = alice.expect_message(sender=SUPPORT, contains="Vera")["body"]
        self.assertIn("1", listing)
        self.assertIn("Is the blue kettle in stock?", listing)
        self.assertIn("take 1", listing)

    def test_take_race_has_exactly_one_winner(self):
        alice = self.agent("alice")
        bob = self.agent("bob")
        agents = {"Alice": alice, "Bob": bob}
        visitors = []
        for n, nick in enumerate(("Vera", "Walt", "Xena"), start=1):
            v = self.visitor()
            v.send_message(SUPPORT, f"Question number {n}", nick=nick)
            visitors.append(v)
            for agent in agents.values():
                agent.expect_message(sender=SUPPORT, contains=f"take {n}")

        for n, visitor in enumerate(visitors, start=1):
            with self.subTest(chat=n):
                # Both type `take N` at the same moment.
                alice.send_message(SUPPORT, f"take {n}")
                bob.send_message(SUPPORT, f"take {n}")
                pump(1.0)
                got = {name: agent.collect(0.01, sender=SUPPORT)
                       for name, agent in agents.items()}
                won = [name for name, bodies in got.items()
                       if any(b.startswith(f"Chat {n} with ") and "is yours" in b
                              for b in bodies)]
                self.assertEqual(len(won), 1, got)
                winner = won[0]
                loser = "Bob" if winner == "Alice" else "Alice"
                self.assertTrue(
                    any(f"Chat {n} was taken by {winner}" in b for b in got[loser]),
                    f"{loser} was not told that {winner} took chat {n}: {got[loser]}")

                # The visitor hears one agent join: the winner.
                joined = visitor.collect(0.3, sender=SUPPORT)
                self.assertEqual([b for b in joined if "has joined" in b],
                                 [f"{winner} has joined the chat."], joined)

                # The chat left the loser's list.
                agents[loser].send_message(SUPPORT, "list")
                listing = agents[loser].expect_message(sender=SUPPORT)["body"]
                self.assertNotIn(f"take {n})", listing)
                self.assertNotIn(f"Question number {n}", listing)

    def test_take_of_a_taken_chat_is_refused_politely(self):
        alice = self.agent("alice")
        bob = self.agent("bob")
        visitor = self.visitor()
        visitor.send_message(SUPPORT, "Hello?", nick="Vera")
        bob.expect_message(sender=SUPPORT, contains="take 1")
        alice.send_message(SUPPORT, "take 1")
        self.expect_assignment(alice)
        bob.expect_message(sender=SUPPORT, contains="Chat 1 was taken by Alice")
        bob.send_message(SUPPORT, "take 1")
        refusal = bob.expect_message(sender=SUPPORT)["body"]
        self.assertIn("Sorry", refusal)
        bob.no_message(0.5, sender=conversation_jid("support", 1))


class QueueTest(ConversationTestCase):
    workgroups = two_agent_desk("queue")

    def test_nobody_sees_who_waits_and_next_pulls_in_arrival_order(self):
        alice = self.agent("alice")
        bob = self.agent("bob")
        waiting = [("Vera", "Refund for order 111"), ("Walt", "Change order 222"),
                   ("Xena", "Where is order 333")]
        visitors = []
        for position, (nick, first) in enumerate(waiting, start=1):
            v = self.visitor()
            v.send_message(SUPPORT, first, nick=nick)
            v.expect_message(sender=SUPPORT, contains=f"number {position} in the queue")
            visitors.append(v)

        # Agents hear nothing about chats they do not own.
        for agent in (alice, bob):
            agent.no_message(0.5, sender=SUPPORT)

        bob.send_message(SUPPORT, "list")
        listing = bob.expect_message(sender=SUPPORT)["body"]
        self.assertIn("3 chats are waiting", listing)
        for nick, first in waiting:
            self.assertNotIn(nick, listing)
            self.assertNotIn(first, listing)

        # next pulls the oldest first, whoever asks.
        for puller, (nick, first), expected_id in zip((alice, bob, alice), waiting, (1, 2, 3)):
            puller.send_message(SUPPORT, "next")
            conversation, notice = self.expect_assignment(puller)
            self.assertEqual(conversation, expected_id, notice)
            self.assertIn(nick, notice, "the name is shown once the chat is yours")
            self.expect_backlog(puller, "support", conversation, [first])

        for nick, visitor in zip(("Alice", "Bob", "Alice"), visitors):
            visitor.expect_message(sender=SUPPORT, contains=f"{nick} has joined")

        alice.send_message(SUPPORT, "list")
        self.assertIn("No chats are waiting", alice.expect_message(sender=SUPPORT)["body"])
        bob.send_message(SUPPORT, "next")
        self.assertIn("No chats are waiting", bob.expect_message(sender=SUPPORT)["body"])

    def test_take_is_not_a_queue_command(self):
        alice = self.agent("alice")
        visitor = self.visitor()
        visitor.send_message(SUPPORT, "Hello", nick="Vera")
        visitor.expect_message(sender=SUPPORT, contains="number 1 in the queue")
        alice.send_message(SUPPORT, "take 1")
        reply = alice.expect_message(sender=SUPPORT)["body"]
        self.assertIn("Sorry", reply)
        self.assertNotIn("Vera", reply)
        alice.no_message(0.3, sender=conversation_jid("support", 1))


if __name__ == "__main__":
    unittest.main()
