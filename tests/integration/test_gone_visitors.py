"""Visitors who vanish without a word (PRODUCT.md, "What the agent's client shows"): a
crashed page or a client that only sends messages never says `unavailable`. Switchboard
pings the waiting and served visitors it has not heard from for a while; a ping the
server bounces (a gone anonymous login), a ping nobody answers (a frozen page) and a
relayed message that bounces count as the visitor going offline, and the usual rules
follow: a waiting chat leaves the queue after `visitor_grace`, an agent is told that the
visitor of their chat left. A visitor who answers the pings stays.

The visitors here never send presence to the workgroup, so the server has nothing to
tell Switchboard when they go: what it learns, it learns from its pings and bounces.

Bounces the other way too: an agent whose client or server refuses the lines of a chat
(a setting that hides strangers' messages) is told so once, from the workgroup JID."""

import time
import unittest

from base import ConversationTestCase, conversation_jid, workgroup_jid
from clients import pump, wait_until

SUPPORT = workgroup_jid("support")
# A silent visitor is pinged after a third of visitor_grace (at least 1 s), and a ping
# unanswered as long fails; an agent hears "left" after the grace, but never under 5 s.
GRACE = 3.0


def detected(grace):
    return 2 * max(grace / 3, 1.0)


def left_after(grace):
    return max(grace, 5.0)


def desk(mode, grace=GRACE):
    return f"""
[workgroups.support]
mode = "{mode}"
visitor_grace = "{grace:g}s"

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"
"""


def vanish(visitor):
    """The visitor's connection dies without a closing stream (a crashed page, a pulled
    cable): the server ends the session and, as they never sent the workgroup presence,
    tells Switchboard nothing."""
    visitor.xmpp.transport.abort()
    pump(0.2)


def freeze(visitor):
    """The visitor's client stops reading (a hung page): the server keeps the session and
    queues what comes for it; nothing is ever answered."""
    visitor.xmpp.transport.pause_reading()


class Served:
    """A chat Alice serves, with a visitor who only ever sent messages."""

    grace = GRACE

    def served(self):
        """Returns Alice, the visitor and the conversation id."""
        alice = self.agent("alice")
        visitor = self.login()
        visitor.send_message(SUPPORT, "Where is my parcel?", nick="Vera")
        conversation, _ = self.expect_assignment(alice)
        cj = conversation_jid("support", conversation)
        alice.send_message(cj, "Let me look.")
        visitor.expect_message(sender=SUPPORT, contains="Let me look.")
        alice.drain()
        return alice, visitor, conversation

    def expect_left(self, alice, conversation, within):
        try:
            told = alice.expect_message(sender=SUPPORT, contains="left", timeout=within)["body"]
        except AssertionError as e:
            self.fail(f"{e}; log:\n" + self.log_tail())
        self.assertIn(f"chat {conversation}", told)
        self.assertIn(f"close {conversation}", told, "the notice names the exact command")


class Vanishing(Served):
    def test_a_visitor_whose_connection_died_is_noticed_and_the_agent_told(self):
        alice, visitor, conversation = self.served()
        vanish(visitor)
        self.expect_left(alice, conversation,
                         within=detected(self.grace) + left_after(self.grace) + 2)
        self.assertIn("a ping to them failed", self.switchboard.log(),
                      "the server told nothing: the ping found the visitor gone")
        # The chat stays open, Alice's, until she closes it.
        alice.send_message(SUPPORT, "status")
        status = alice.expect_message(sender=SUPPORT, contains="You have")["body"]
        self.assertIn(f"({conversation})", status)


class Bouncing(Served):
    # Pings only after 3 s of silence: the bounce comes first.
    grace = 9.0

    def test_a_relayed_message_that_bounces_counts_at_once(self):
        alice, visitor, conversation = self.served()
        vanish(visitor)
        alice.send_message(conversation_jid("support", conversation), "Are you still there?")
        self.expect_left(alice, conversation, within=left_after(self.grace) + 2)
        self.assertIn("message to them bounced", self.switchboard.log(),
                      "the bounce, not a ping, told Switchboard")


class ServedVisitorTest(Vanishing, ConversationTestCase):
    workgroups = desk("round_robin")

    def test_a_frozen_page_that_answers_nothing_is_noticed_too(self):
        alice, visitor, conversation = self.served()
        freeze(visitor)
        self.expect_left(alice, conversation, within=detected(GRACE) + left_after(GRACE) + 2)
        self.assertIn("a ping to them went unanswered", self.switchboard.log())
        visitor.xmpp.transport.abort()

    def test_a_visitor_who_answers_pings_stays(self):
        alice, visitor, conversation = self.served()
        # Silent for several ping intervals and the whole grace: slixmpp answers pings.
        alice.no_message(detected(GRACE) + left_after(GRACE) + 2, sender=SUPPORT,
                         contains="left")
        alice.send_message(conversation_jid("support", conversation), "Found it!")
        visitor.expect_message(sender=SUPPORT, contains="Found it!")
        self.assertNotIn("the visitor is gone", self.switchboard.log())


class BouncedMessageTest(Bouncing, ConversationTestCase):
    workgroups = desk("round_robin", Bouncing.grace)


class WaitingVisitorTest(ConversationTestCase):
    workgroups = desk("queue")

    def test_a_waiting_visitor_who_vanished_leaves_the_queue_and_is_missed(self):
        alice = self.agent("alice")
        widget = self.visitor()
        visitor = self.login()
        visitor.send_message(SUPPORT, "Hello, anyone?", nick="Vera")
        visitor.expect_message(sender=SUPPORT, contains="number 1 in the queue")
        wait_until(lambda: widget.queue_count(SUPPORT) == 1, 3.0)
        vanish(visitor)
        started = time.monotonic()
        pump(GRACE - 0.5)
        self.assertEqual(widget.queue_count(SUPPORT), 1, "the place is kept for the grace")
        try:
            wait_until(lambda: widget.queue_count(SUPPORT) == 0, detected(GRACE) + GRACE + 2)
        except TimeoutError:
            self.fail("the gone visitor still waits; log:\n" + self.log_tail())
        self.assertLess(time.monotonic() - started, detected(GRACE) + GRACE + 2)
        alice.send_message(SUPPORT, "list")
        self.assertIn("Missed today: 1", alice.expect_message(sender=SUPPORT)["body"])

    def test_a_waiting_visitor_who_answers_pings_keeps_the_place(self):
        alice = self.agent("alice")
        widget = self.visitor()
        visitor = self.login()
        visitor.send_message(SUPPORT, "Hello, anyone?", nick="Vera")
        wait_until(lambda: widget.queue_count(SUPPORT) == 1, 3.0)
        pump(detected(GRACE) + GRACE + 2)
        self.assertEqual(widget.queue_count(SUPPORT), 1)
        alice.send_message(SUPPORT, "next")
        self.assertEqual(self.expect_assignment(alice)[0], 1)


def refuse_strangers(agent):
    """The agent's client bounces every message from an address not in its roster, where
    only the workgroup JID is (as a server's "block strangers" setting does): the
    conversation JIDs' lines come back to Switchboard as errors. Returns the list of lines
    it refused."""
    refused = []

    def on_message(msg):
        if msg["type"] != "error" and msg["from"].bare != SUPPORT:
            refused.append(msg["body"])
            err = agent.xmpp.make_message(mto=msg["from"], mtype="error")
            err["id"] = msg["id"]
            err["error"]["type"] = "cancel"
            err["error"]["condition"] = "service-unavailable"
            err.send()

    agent.xmpp.add_event_handler("message", on_message)
    return refused


class RefusingClientTest(ConversationTestCase):
    workgroups = desk("round_robin")

    def test_an_agent_whose_client_refuses_the_chat_is_told_once_from_the_workgroup(self):
        alice = self.agent("alice")
        refused = refuse_strangers(alice)
        visitor = self.login()
        visitor.send_message(SUPPORT, "Where is my parcel?", nick="Vera")
        conversation, _ = self.expect_assignment(alice)
        cj = conversation_jid("support", conversation)
        told = alice.expect_message(sender=SUPPORT, contains="refused")["body"]
        self.assertIn(f"chat {conversation}", told)
        self.assertIn(cj, told, "names the address to allow")
        for n in range(3):
            visitor.send_message(SUPPORT, f"Hello? {n}")
        wait_until(lambda: len(refused) >= 4, 5.0)
        alice.no_message(1.0, sender=SUPPORT, contains="refused")


if __name__ == "__main__":
    unittest.main()
