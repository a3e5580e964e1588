"""When a chat waits too long, with timers of seconds: a chat nobody pulls overflows into
another workgroup and the visitor goes on talking to the JID they wrote to (also across a
kill -9), an adaptive broadcast workgroup stops announcing chats while many wait and
announces them again once the queue is short, a required skill is dropped so that an
agent without it is assigned, and a chat of priority 1 is served before an older one
(PRODUCT.md, "Routing modes", "When a chat waits too long")."""

import signal
import time
import unittest
from datetime import datetime, timezone

from base import ConversationTestCase, conversation_jid, workgroup_jid
from clients import delay_stamp, wait_until
from fixtures import COMPONENT_DOMAIN, Switchboard

SUPPORT = workgroup_jid("support")  # queue; overflows into sales after 2 s
SALES = workgroup_jid("sales")      # round_robin, Sam
ORDERS = workgroup_jid("orders")    # broadcast, queue behaviour above 2 waiting
INTL = workgroup_jid("intl")        # round_robin; "de" is dropped after 2 s
BILLING = workgroup_jid("billing")  # queue; "urgent" is chat_priority 1
WELCOME = "Welcome! Someone will be with you shortly."

DESK = f"""
[workgroups.support]
mode = "queue"
welcome = "{WELCOME}"
overflow = "sales"
overflow_after = "2s"

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"

[workgroups.sales]
mode = "round_robin"
welcome = "{WELCOME}"

[[workgroups.sales.agents]]
jid = "sam@localhost"
name = "Sam"

[workgroups.orders]
mode = "broadcast"
welcome = "{WELCOME}"
max_queue = 10
adaptive_queue_above = 2

[[workgroups.orders.agents]]
jid = "bob@localhost"
name = "Bob"

[workgroups.intl]
mode = "round_robin"
welcome = "{WELCOME}"

[[workgroups.intl.agents]]
jid = "dave@localhost"
name = "Dave"

[[workgroups.intl.rules]]
language = "de"
skill = "de"
relax_after = "2s"

[workgroups.billing]
mode = "queue"
welcome = "{WELCOME}"

[[workgroups.billing.agents]]
jid = "erin@localhost"
name = "Erin"

[[workgroups.billing.rules]]
keyword = "urgent"
chat_priority = 1
"""


def until(started, seconds):
    """What is left of `seconds` since the monotonic time `started` (at least 0)."""
    return max(0.0, seconds - (time.monotonic() - started))


def position(n):
    return f"You are number {n} in the queue."


def announced(chat, nick, first):
    """A broadcast notification, as Bob reads it."""
    return f'New chat {chat} from {nick}: "{first}". Type take {chat} to answer it.'


class WaitingTooLongTest(ConversationTestCase):
    workgroups = DESK
    users = ("alice", "bob", "carol", "dave", "erin", "sam")

    def expect_from(self, client, sender, body, timeout=5.0):
        """The next message `client` gets from `sender` is exactly `body`."""
        self.assertEqual(client.expect_message(sender=sender, timeout=timeout)["body"], body)

    def quiet_since(self, client, seen, what):
        """`client` got no message stanza at all after the first `seen` it had."""
        extra = [(str(m["from"]), m["body"]) for m in client.stanza_log[seen:]]
        self.assertEqual(extra, [], what)

    def only_from_support(self, visitor):
        senders = {m["from"].bare for m in visitor.all_stanzas()}
        self.assertEqual(senders, {SUPPORT}, "the visitor sees one contact: support")

    def restart_switchboard(self):
        self.switchboard.signal(signal.SIGKILL)
        self.switchboard.wait_exit(timeout=10)
        self.switchboard = Switchboard(self.prosody, workgroups=DESK).start()
        probe = self.login("carol")
        try:
            wait_until(lambda: probe.ping_ok(COMPONENT_DOMAIN, timeout=1), 10)
        except TimeoutError:
            self.fail("Switchboard never answered ping after the restart; its log:\n" +
                      self.log_tail())

    # -- overflow -----------------------------------------------------------------------

    def overflow_to_sam(self):
        """Alice (support) is online and pulls nothing; Vera writes to support twice; 2 s
        later Sam (sales) is offered the chat with both lines, and answers it. Returns
        (alice, how many stanzas Alice had before Vera wrote, sam, vera, Sam's
        conversation JID)."""
        alice = self.agent("alice", "support")
        sam = self.agent("sam", "sales")
        alice_seen = len(alice.stanza_log)
        vera = self.visitor("support")
        sent_at = datetime.now(timezone.utc)
        started = time.monotonic()
        vera.send_message(SUPPORT, "My order 42 never came", nick="Vera")
        vera.send_message(SUPPORT, "It was due on Monday")
        self.expect_from(vera, SUPPORT, WELCOME)
        self.expect_from(vera, SUPPORT, position(1))
        wait_until(lambda: vera.queue_count(SUPPORT) == 1, 2.0)

        # Nobody hears of it while it waits in support's queue.
        sam.no_message(until(started, 1.5))
        self.quiet_since(alice, alice_seen, "Alice is told nothing about a queued chat")

        conversation, notice = self.expect_assignment(sam, "sales", timeout=3.0)
        waited = time.monotonic() - started
        self.assertGreaterEqual(waited, 1.8, f"moved after {waited:.2f}s, not 2s")
        self.assertEqual(conversation, 1)
        cj = conversation_jid("sales", conversation)
        self.assertEqual(notice, f"Chat {conversation} with Vera is yours. Reply to {cj} (or "
                                 f"type take {conversation}) within 60 seconds, or it goes to "
                                 f"someone else. Type close {conversation} when done.")
        self.expect_backlog(sam, "sales", conversation,
                            ["My order 42 never came", "It was due on Monday"], sent_at)
        # Support's widgets see its queue empty again.
        try:
            wait_until(lambda: vera.queue_count(SUPPORT) == 0, 2.0)
        except TimeoutError:
            self.fail(f"support still shows {vera.queue_count(SUPPORT)} waiting")

        sam.send_message(cj, "Hi Vera, Sam from sales here.")
        # Vera hears nothing at the move itself; then Sam, from the JID she wrote to.
        self.expect_from(vera, SUPPORT, "Sam has joined the chat.")
        self.expect_from(vera, SUPPORT, "Hi Vera, Sam from sales here.")
        return alice, alice_seen, sam, vera, cj

    def test_a_chat_nobody_pulls_moves_to_sales_and_the_visitor_keeps_the_support_jid(self):
        alice, alice_seen, sam, vera, cj = self.overflow_to_sam()

        vera.send_message(SUPPORT, "Can you resend it?")
        live = sam.expect_message(sender=cj)
        self.assertEqual(live["body"], "Can you resend it?")
        self.assertIsNone(delay_stamp(live), "a live line carries no delay stamp")

        sam.send_message(SALES, "why 1")
        why = sam.expect_message(sender=SALES)["body"]
        self.assertIn("It moved here from support after waiting too long there.", why)

        # Alice, whose workgroup Vera wrote to, never heard of the chat.
        alice.no_message(0.3)
        self.quiet_since(alice, alice_seen, "Alice is told nothing about the moved chat")

        # The closing line too comes from the JID Vera wrote to; she never saw sales or
        # its conversation JID.
        sam.send_message(cj, "close")
        sam.expect_message(sender=cj, contains="Chat 1 is closed")
        closing = vera.expect_message(contains="has closed the chat")
        self.assertEqual((closing["from"].bare, closing["body"]),
                         (SUPPORT, "Sam has closed the chat. Thank you!"),
                         "the closing line comes from the JID the visitor wrote to")
        self.only_from_support(vera)

    def test_the_moved_chat_survives_a_kill_9(self):
        alice, alice_seen, sam, vera, cj = self.overflow_to_sam()

        self.restart_switchboard()

        vera.send_message(SUPPORT, "Are you still there?")
        self.expect_from(sam, cj, "Are you still there?")
        sam.send_message(cj, "Yes, still here.")
        self.expect_from(vera, SUPPORT, "Yes, still here.")
        alice.no_message(0.3)
        self.quiet_since(alice, alice_seen, "Alice is told nothing about the moved chat")
        self.only_from_support(vera)

    # -- adaptive -----------------------------------------------------------------------

    def test_an_adaptive_broadcast_stops_announcing_above_two_and_starts_again_at_one(self):
        bob = self.agent("bob", "orders")
        visitors = []
        for chat, nick in enumerate(("Vera", "Walt"), start=1):
            v = self.visitor("orders")
            v.send_message(ORDERS, f"Question {chat}", nick=nick)
            self.expect_from(bob, ORDERS, announced(chat, nick, f"Question {chat}"))
            visitors.append(v)

        # A third waiting chat: Bob is told the switch, once, and nothing about Xena.
        xena = self.visitor("orders")
        xena.send_message(ORDERS, "Question 3", nick="Xena")
        self.expect_from(xena, ORDERS, WELCOME)
        self.expect_from(xena, ORDERS, position(3))
        self.expect_from(bob, ORDERS, "More than 2 chats are waiting (3): new chats are no "
                                      "longer announced; type next to take the oldest.")
        bob.no_message(0.5)

        # next takes the oldest; at 2 waiting nothing changes, at 1 broadcast is back and
        # Xena's chat is announced as a new one.
        bob.send_message(ORDERS, "next")
        self.assertEqual(self.expect_assignment(bob, "orders")[0], 1)
        self.expect_backlog(bob, "orders", 1, ["Question 1"])
        bob.no_message(0.3, sender=ORDERS)
        bob.send_message(ORDERS, "next")
        self.assertEqual(self.expect_assignment(bob, "orders")[0], 2)
        self.expect_backlog(bob, "orders", 2, ["Question 2"])
        self.expect_from(bob, ORDERS, "The queue is short again (1 waiting): new chats are "
                                      "announced to you again; type take ID to claim one.")
        self.expect_from(bob, ORDERS, announced(3, "Xena", "Question 3"))
        for place, v in enumerate(visitors, start=1):
            self.expect_from(v, ORDERS, WELCOME)
            self.expect_from(v, ORDERS, position(place))
            self.expect_from(v, ORDERS, "Bob has joined the chat.")

        bob.send_message(ORDERS, "take 3")
        self.assertEqual(self.expect_assignment(bob, "orders")[0], 3)
        self.expect_backlog(bob, "orders", 3, ["Question 3"])
        # (Xena may have heard her position move up meanwhile: at most once in 5 s.)
        joined = xena.expect_message(sender=ORDERS, contains="has joined")["body"]
        self.assertEqual(joined, "Bob has joined the chat.")

    # -- relaxed skill --------------------------------------------------------------------

    def test_a_german_chat_goes_to_an_agent_without_german_after_two_seconds(self):
        dave = self.agent("dave", "intl")  # no skills
        hans = self.visitor("intl")
        sent_at = datetime.now(timezone.utc)
        started = time.monotonic()
        hans.send_message(INTL, "Guten Tag, wo ist mein Paket?", nick="Hans", lang="de")
        self.expect_from(hans, INTL, WELCOME)
        self.expect_from(hans, INTL, position(1))
        dave.no_message(until(started, 1.5))

        conversation, notice = self.expect_assignment(dave, "intl", timeout=3.0)
        waited = time.monotonic() - started
        self.assertGreaterEqual(waited, 1.8, f"assigned after {waited:.2f}s, not 2s")
        self.assertEqual(conversation, 1)
        self.assertIn("Hans", notice)
        self.expect_backlog(dave, "intl", 1, ["Guten Tag, wo ist mein Paket?"], sent_at)

        dave.send_message(INTL, "why 1")
        why = dave.expect_message(sender=INTL)["body"]
        self.assertIn("It no longer needs de: dropped ", why)
        self.assertIn(" after waiting too long for an agent with it.", why)

        dave.send_message(conversation_jid("intl", 1), "Hello Hans, Dave here.")
        self.expect_from(hans, INTL, "Dave has joined the chat.")
        self.expect_from(hans, INTL, "Hello Hans, Dave here.")

    # -- chat priority --------------------------------------------------------------------

    def test_an_urgent_chat_is_served_before_an_older_one(self):
        erin = self.agent("erin", "billing")
        anna = self.visitor("billing")
        anna.send_message(BILLING, "hello", nick="Anna")
        self.expect_from(anna, BILLING, WELCOME)
        self.expect_from(anna, BILLING, position(1))
        ben = self.visitor("billing")
        ben.send_message(BILLING, "urgent please", nick="Ben")
        self.expect_from(ben, BILLING, WELCOME)
        self.expect_from(ben, BILLING, position(1))
        # Anna moves down (told at most once every 5 seconds).
        self.expect_from(anna, BILLING, position(2), timeout=7.0)

        erin.send_message(BILLING, "next")
        conversation, notice = self.expect_assignment(erin, "billing")
        self.assertEqual(conversation, 2, notice)
        self.assertIn("Ben", notice)
        self.expect_backlog(erin, "billing", 2, ["urgent please"])
        self.expect_from(ben, BILLING, "Erin has joined the chat.")

        erin.send_message(BILLING, "next")
        conversation, notice = self.expect_assignment(erin, "billing")
        self.assertEqual(conversation, 1, notice)
        self.assertIn("Anna", notice)
        self.expect_backlog(erin, "billing", 1, ["hello"])


if __name__ == "__main__":
    unittest.main()
