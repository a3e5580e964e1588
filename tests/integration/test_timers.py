"""What time does to a chat, with short durations: the assign delay holds a chat back
before routing, the queue timeout closes a chat that waited too long (and counts it as
missed), a waiting visitor hears their queue position and its changes, and an agent who
goes offline loses their chats to a colleague after the grace period (PRODUCT.md,
"Applies to every mode")."""

import time
import unittest
from datetime import datetime, timezone

from base import ConversationTestCase, conversation_jid, workgroup_jid
from clients import pump, wait_until

SUPPORT = workgroup_jid("support")
WELCOME = "Welcome! Someone will be with you shortly."
OFFLINE = "Sorry, nobody could answer in time. Please try again later."


def desk(mode, extra, agents=("alice",)):
    names = {"alice": ("Alice", 1), "bob": ("Bob", 2)}
    out = f"""
[workgroups.support]
mode = "{mode}"
welcome = "{WELCOME}"
offline = "{OFFLINE}"
{extra}
"""
    for local in agents:
        name, priority = names[local]
        out += f"""
[[workgroups.support.agents]]
jid = "{local}@localhost"
name = "{name}"
priority = {priority}
"""
    return out


class AssignDelayTest(ConversationTestCase):
    workgroups = desk("round_robin", 'assign_delay = "2s"')

    def test_nothing_reaches_the_agent_before_the_delay_and_all_of_it_after(self):
        alice = self.agent("alice")
        visitor = self.visitor()
        sent_at = datetime.now(timezone.utc)
        started = time.monotonic()
        visitor.send_message(SUPPORT, "Hi, quick question", nick="Vera")
        self.assertEqual(visitor.expect_message(sender=SUPPORT)["body"], WELCOME)
        visitor.send_message(SUPPORT, "about my order 42")  # still typing, within the delay

        alice.no_message(1.4, sender=SUPPORT, contains="Chat ")
        alice.no_message(0.01, sender=conversation_jid("support", 1))
        conversation, notice = self.expect_assignment(alice, timeout=3.0)
        waited = time.monotonic() - started
        self.assertEqual(conversation, 1)
        self.assertIn("Vera", notice)
        self.assertGreaterEqual(waited, 1.8, f"assigned after {waited:.2f}s, not 2s")
        self.expect_backlog(alice, "support", 1, ["Hi, quick question", "about my order 42"],
                            sent_at)
        alice.send_message(conversation_jid("support", 1), "Hello Vera!")
        visitor.expect_message(sender=SUPPORT, contains="Alice has joined")
        visitor.expect_message(sender=SUPPORT, contains="Hello Vera!")


class QueueTimeoutTest(ConversationTestCase):
    workgroups = desk("queue", 'queue_timeout = "2s"')

    def test_a_chat_that_waited_too_long_gets_the_offline_text_and_is_missed(self):
        alice = self.agent("alice")
        widget = self.visitor()
        visitor = self.visitor()
        started = time.monotonic()
        visitor.send_message(SUPPORT, "Hello, anyone?", nick="Vera")
        visitor.expect_message(sender=SUPPORT, contains=WELCOME)
        visitor.expect_message(sender=SUPPORT, contains="number 1 in the queue")
        wait_until(lambda: widget.queue_count(SUPPORT) == 1, 2.0)

        told = visitor.expect_message(sender=SUPPORT, timeout=4.0)
        waited = time.monotonic() - started
        self.assertEqual(told["body"], OFFLINE)
        self.assertGreaterEqual(waited, 1.8, f"closed after {waited:.2f}s, not 2s")
        try:
            wait_until(lambda: widget.queue_count(SUPPORT) == 0, 2.0)
        except TimeoutError:
            self.fail(f"the widget still sees {widget.queue_count(SUPPORT)} waiting")

        # Closed: nothing is left to pull, and both list and status count it as missed.
        alice.send_message(SUPPORT, "next")
        self.assertIn("No chats are waiting", alice.expect_message(sender=SUPPORT)["body"])
        alice.no_message(0.3, sender=conversation_jid("support", 1))
        alice.send_message(SUPPORT, "list")
        listing = alice.expect_message(sender=SUPPORT)["body"]
        self.assertIn("No chats are waiting", listing)
        self.assertIn("Missed today: 1", listing)
        alice.send_message(SUPPORT, "status")
        status = alice.expect_message(sender=SUPPORT, contains="You have")["body"]
        self.assertIn("Waiting: 0", status)
        self.assertIn("Missed today: 1", status)


class QueuePositionTest(ConversationTestCase):
    workgroups = desk("queue", "")

    def test_a_waiting_visitor_hears_the_position_then_each_change(self):
        alice = self.agent("alice")
        visitors, told_at = [], []
        for position, nick in enumerate(("Vera", "Walt", "Xena"), start=1):
            v = self.visitor()
            v.send_message(SUPPORT, f"Hello from {nick}", nick=nick)
            # Right after the welcome, the position.
            self.assertEqual(v.expect_message(sender=SUPPORT)["body"], WELCOME)
            told = v.expect_message(sender=SUPPORT)["body"]
            self.assertIn(f"number {position} in the queue", told)
            visitors.append(v)
            told_at.append(time.monotonic())

        alice.send_message(SUPPORT, "next")  # Vera's chat leaves the queue
        self.assertEqual(self.expect_assignment(alice)[0], 1)
        # Walt and Xena move up, and are told so (at most once every 5 seconds).
        walt, xena = visitors[1], visitors[2]
        self.assertIn("number 1 in the queue",
                      walt.expect_message(sender=SUPPORT, timeout=8.0)["body"])
        gap = time.monotonic() - told_at[1]
        self.assertGreaterEqual(gap, 4.5, f"Walt was told his position again after {gap:.1f}s:"
                                " updates come at most once every 5 seconds")
        self.assertIn("number 2 in the queue",
                      xena.expect_message(sender=SUPPORT, timeout=3.0)["body"])
        # Once each: nothing else until the position changes again.
        walt.no_message(0.5, sender=SUPPORT)
        xena.no_message(0.01, sender=SUPPORT)
        visitors[0].no_message(0.01, sender=SUPPORT, contains="in the queue")


class AgentOfflineTest(ConversationTestCase):
    # least_busy with Alice at priority 1: the first chat is Alice's.
    workgroups = desk("least_busy", 'offline_grace = "1s"', agents=("alice", "bob"))

    def test_an_agents_chat_goes_to_a_colleague_after_the_grace(self):
        alice = self.agent("alice")
        bob = self.agent("bob")
        visitor = self.visitor()
        sent_at = datetime.now(timezone.utc)
        visitor.send_message(SUPPORT, "My parcel is lost", nick="Vera")
        conversation, _ = self.expect_assignment(alice)
        cj = conversation_jid("support", conversation)
        alice.send_message(cj, "Alice here, let me check.")
        visitor.expect_message(sender=SUPPORT, contains="Alice has joined")
        visitor.expect_message(sender=SUPPORT, contains="let me check")
        visitor.send_message(SUPPORT, "Tracking number 123")
        alice.expect_message(sender=cj, contains="Tracking number 123")

        alice.disconnect()
        # Within the grace period the chat stays Alice's.
        visitor.no_message(0.4, sender=SUPPORT)
        bob.no_message(0.01, sender=SUPPORT, contains="Chat ")

        told = visitor.expect_message(sender=SUPPORT, timeout=3.0)["body"]
        self.assertIn("no longer available", told)
        self.assertIn("queue", told)
        moved, notice = self.expect_assignment(bob, timeout=2.0)
        self.assertEqual(moved, conversation)
        self.assertIn("Vera", notice)
        # The whole conversation so far, both sides, as a transfer hands it over.
        self.expect_backlog(bob, "support", conversation,
                            ["My parcel is lost", "[Alice] Alice here, let me check.",
                             "Tracking number 123"], sent_at)

        bob.send_message(cj, "Bob here, I'll take over.")
        visitor.expect_message(sender=SUPPORT, contains="Bob has joined")
        visitor.expect_message(sender=SUPPORT, contains="I'll take over.")
        visitor.send_message(SUPPORT, "Thanks Bob")
        self.assertEqual(bob.expect_message(sender=cj)["body"], "Thanks Bob")


if __name__ == "__main__":
    unittest.main()
