"""One conversation per routing mode, end to end through a real Prosody: a visitor
writes to the workgroup, the mode picks (or lets an agent pull) the agent, the agent
answers into the conversation JID, the visitor reads it from the workgroup JID, and
the agent closes (PRODUCT.md, "Routing modes", "Addresses", "What the visitor sees")."""

import unittest
from datetime import datetime, timezone

from base import ConversationTestCase, conversation_jid, workgroup_jid
from clients import delay_stamp, pump

SUPPORT = workgroup_jid("support")
WELCOME = "Welcome to Support! Someone will be with you shortly."
NAMES = {"alice": "Alice", "bob": "Bob"}


def desk(mode, alice="", bob="", extra=""):
    """A support workgroup in `mode` with Alice and Bob; extra TOML per agent."""
    return f"""
[workgroups.support]
mode = "{mode}"
welcome = "{WELCOME}"
{extra}

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"
{alice}

[[workgroups.support.agents]]
jid = "bob@localhost"
name = "Bob"
{bob}
"""


class ConversationMixin:
    def visitor_writes(self, visitor, body, nick=None):
        visitor.send_message(SUPPORT, body, nick=nick)

    def converse_and_close(self, visitor, agent, agent_name, conversation):
        """The rest of every conversation: the agent answers into the conversation JID,
        the visitor sees the agent join and reads the answer from the workgroup JID, the
        visitor's next line reaches the agent live from the conversation JID, the agent
        closes and the visitor gets a closing line."""
        cj = conversation_jid("support", conversation)
        agent.send_message(cj, f"Hello, this is {agent_name}. How can I help?")
        joined = visitor.expect_message(sender=SUPPORT, contains=f"{agent_name} has joined")
        self.assertEqual(joined["from"].bare, SUPPORT)
        answer = visitor.expect_message(sender=SUPPORT, contains="How can I help?")
        self.assertEqual(answer["body"], f"Hello, this is {agent_name}. How can I help?")
        self.assertEqual(answer["from"].bare, SUPPORT, "the visitor sees one contact")

        visitor.send_message(SUPPORT, "My parcel never arrived.")
        live = agent.expect_message(sender=cj)
        self.assertEqual(live["body"], "My parcel never arrived.")
        self.assertIsNone(delay_stamp(live), "a live line carries no delay stamp")

        agent.send_message(cj, "close")
        closing = visitor.expect_message(sender=SUPPORT, contains="closed")
        self.assertIn(agent_name, closing["body"])
        agent.expect_message(sender=cj, contains=f"Chat {conversation} is closed")


class RoundRobinTest(ConversationMixin, ConversationTestCase):
    workgroups = desk("round_robin")

    def test_chats_go_to_agents_in_turn_and_the_first_one_is_answered(self):
        alice = self.agent("alice")
        bob = self.agent("bob")
        agents = {"alice": alice, "bob": bob}

        first = self.visitor()
        self.visitor_writes(first, "Hi, where is my parcel?", nick="Vera")
        welcome = first.expect_message(sender=SUPPORT)
        self.assertEqual(welcome["body"], WELCOME)

        # Exactly one agent is offered the chat, from the workgroup JID.
        got = {name: c.collect(1.0, sender=SUPPORT) for name, c in agents.items()}
        offered = [name for name, bodies in got.items()
                   if any("Chat 1 with Vera is yours" in b for b in bodies)]
        self.assertEqual(len(offered), 1, got)
        first_agent = offered[0]
        other = "bob" if first_agent == "alice" else "alice"

        second = self.visitor()
        self.visitor_writes(second, "Second visitor here", nick="Walt")
        conversation, notice = self.expect_assignment(agents[other])
        self.assertEqual(conversation, 2)
        self.assertIn("Walt", notice)

        third = self.visitor()
        self.visitor_writes(third, "Third visitor here", nick="Xena")
        conversation, notice = self.expect_assignment(agents[first_agent])
        self.assertEqual(conversation, 3, "the turn comes back to the first agent")
        agents[other].no_message(0.3, sender=SUPPORT, contains="Chat 3")

        # Back to the first chat: its backlog reached the first agent with its time.
        agent = agents[first_agent]
        agent.drain()
        agent.send_message(SUPPORT, "status")
        agent.expect_message(sender=SUPPORT, contains="You have 2 of 3 chats (1, 3)")
        self.converse_and_close(first, agent, NAMES[first_agent], 1)

    def test_assignment_notice_then_backlog_with_delay_stamp(self):
        alice = self.agent("alice")
        visitor = self.visitor()
        sent_at = datetime.now(timezone.utc)
        self.visitor_writes(visitor, "Hi, where is my parcel?", nick="Vera")
        conversation, notice = self.expect_assignment(alice)
        self.assertEqual(conversation, 1)
        self.assertIn("Vera", notice)
        self.assertIn("close 1", notice, "the notice names the exact command")
        self.expect_backlog(alice, "support", 1, ["Hi, where is my parcel?"], sent_at)
        self.converse_and_close(visitor, alice, "Alice", 1)


class OfferTimeoutTest(ConversationTestCase):
    workgroups = desk("round_robin", extra='offer_timeout = "2s"')

    def test_an_unanswered_offer_goes_to_the_next_agent(self):
        alice = self.agent("alice")
        bob = self.agent("bob")
        agents = {"Alice": alice, "Bob": bob}
        visitor = self.visitor()
        visitor.send_message(SUPPORT, "Anybody?", nick="Vera")
        pump(0.5)  # one wait for both, well inside the offer timeout
        got = {name: c.collect(0.0, sender=SUPPORT) for name, c in agents.items()}
        offered = [n for n, bodies in got.items() if any("Chat 1 with Vera" in b for b in bodies)]
        self.assertEqual(len(offered), 1, got)
        first = offered[0]
        second = "Bob" if first == "Alice" else "Alice"
        # Nobody answers within 2 s: the chat moves on, the first agent is told.
        agents[first].expect_message(sender=SUPPORT, contains="not answered in time",
                                     timeout=5.0)
        conversation, _ = self.expect_assignment(agents[second], timeout=5.0)
        self.assertEqual(conversation, 1)
        self.expect_backlog(agents[second], "support", 1, ["Anybody?"])
        agents[second].send_message(conversation_jid("support", 1), "Here!")
        visitor.expect_message(sender=SUPPORT, contains=f"{second} has joined")
        visitor.expect_message(sender=SUPPORT, contains="Here!")
        # The first agent's late answer no longer reaches the visitor.
        agents[first].send_message(conversation_jid("support", 1), "Sorry, late")
        self.assertEqual(agents[first].expect_error(conversation_jid("support", 1)),
                         "forbidden")
        visitor.no_message(0.5, sender=SUPPORT, contains="late")


class BroadcastModeTest(ConversationMixin, ConversationTestCase):
    workgroups = desk("broadcast")

    def test_every_agent_is_notified_and_the_one_who_takes_it_owns_it(self):
        alice = self.agent("alice")
        bob = self.agent("bob")
        visitor = self.visitor()
        sent_at = datetime.now(timezone.utc)
        self.visitor_writes(visitor, "Do you ship to Norway?", nick="Vera")
        visitor.expect_message(sender=SUPPORT, contains=WELCOME)
        for agent in (alice, bob):
            note = agent.expect_message(sender=SUPPORT, contains="New chat 1")
            self.assertIn("Vera", note["body"])
            self.assertIn("Do you ship to Norway?", note["body"])
            self.assertIn("take 1", note["body"])

        bob.send_message(SUPPORT, "take 1")
        conversation, _ = self.expect_assignment(bob)
        self.assertEqual(conversation, 1)
        self.expect_backlog(bob, "support", 1, ["Do you ship to Norway?"], sent_at)
        alice.expect_message(sender=SUPPORT, contains="Chat 1 was taken by Bob")
        self.converse_and_close(visitor, bob, "Bob", 1)
        alice.no_message(0.3, sender=conversation_jid("support", 1))


class QueueModeTest(ConversationMixin, ConversationTestCase):
    workgroups = desk("queue")

    def test_visitor_waits_until_an_agent_pulls_with_next(self):
        alice = self.agent("alice")
        bob = self.agent("bob")
        visitor = self.visitor()
        sent_at = datetime.now(timezone.utc)
        self.visitor_writes(visitor, "Can I change my address?", nick="Vera")
        visitor.expect_message(sender=SUPPORT, contains=WELCOME)
        visitor.expect_message(sender=SUPPORT, contains="number 1 in the queue")
        self.visitor_writes(visitor, "It is for order 1234.")
        alice.no_message(0.5, sender=SUPPORT)

        alice.send_message(SUPPORT, "next")
        conversation, _ = self.expect_assignment(alice)
        self.assertEqual(conversation, 1)
        self.expect_backlog(alice, "support", 1,
                            ["Can I change my address?", "It is for order 1234."], sent_at)
        self.converse_and_close(visitor, alice, "Alice", 1)
        bob.no_message(0.3, sender=conversation_jid("support", 1))


class LeastBusyTest(ConversationMixin, ConversationTestCase):
    workgroups = desk("least_busy", alice="priority = 1", bob="priority = 2")

    def test_fewest_open_chats_wins_and_ties_go_to_the_smaller_priority(self):
        alice = self.agent("alice")
        bob = self.agent("bob")

        first = self.visitor()
        self.visitor_writes(first, "First!", nick="Vera")
        self.assertEqual(self.expect_assignment(alice)[0], 1, "tie 0-0: priority 1 wins")

        second = self.visitor()
        self.visitor_writes(second, "Second!", nick="Walt")
        self.assertEqual(self.expect_assignment(bob)[0], 2, "Bob has fewer chats")

        third = self.visitor()
        self.visitor_writes(third, "Third!", nick="Xena")
        self.assertEqual(self.expect_assignment(alice)[0], 3, "tie 1-1: priority 1 wins")
        bob.no_message(0.3, sender=SUPPORT, contains="Chat 3")

        # Bob answers and closes his chat: with 0 chats he is the least busy again.
        self.converse_and_close(second, bob, "Bob", 2)
        fourth = self.visitor()
        self.visitor_writes(fourth, "Fourth!", nick="Yuri")
        self.assertEqual(self.expect_assignment(bob)[0], 4)
        alice.no_message(0.3, sender=SUPPORT, contains="Chat 4")


class WeightedTest(ConversationMixin, ConversationTestCase):
    workgroups = desk("weighted", alice="daily_limit = 1", bob="daily_limit = 1")

    def test_each_agent_gets_up_to_the_daily_limit_then_chats_wait(self):
        alice = self.agent("alice")
        bob = self.agent("bob")
        agents = {"alice": alice, "bob": bob}

        first = self.visitor()
        self.visitor_writes(first, "First!", nick="Vera")
        got = {name: c.collect(1.0, sender=SUPPORT) for name, c in agents.items()}
        winners = [n for n, bodies in got.items()
                   if any("Chat 1 with Vera is yours" in b for b in bodies)]
        self.assertEqual(len(winners), 1, got)
        first_agent = winners[0]
        other = "bob" if first_agent == "alice" else "alice"

        # The first agent reached the daily limit of 1: the next chat goes to the other.
        second = self.visitor()
        self.visitor_writes(second, "Second!", nick="Walt")
        self.assertEqual(self.expect_assignment(agents[other])[0], 2)

        # Both reached their limit: a third chat waits for nobody.
        third = self.visitor()
        self.visitor_writes(third, "Third!", nick="Xena")
        third.expect_message(sender=SUPPORT, contains="number 1 in the queue")
        for agent in agents.values():
            agent.no_message(0.5, sender=SUPPORT, contains="Chat 3")

        self.converse_and_close(first, agents[first_agent], NAMES[first_agent], 1)


if __name__ == "__main__":
    unittest.main()
