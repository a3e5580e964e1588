"""Capacity and the availability presence a widget reads: an agent at max_chats gets no
new chat until they close one; the workgroup JID's presence flips open -> full -> open
-> closed, and a visitor who writes while full or closed is told so and not queued
(PRODUCT.md, "Applies to every mode", "Availability that widgets read")."""

import os
import sqlite3
import unittest
from datetime import datetime, timezone

from base import ConversationTestCase, conversation_jid, workgroup_jid
from clients import WORKGROUP_NS, pump, wait_until

SUPPORT = workgroup_jid("support")
NOT_AVAILABLE = "Everyone is busy right now, please try again soon."
OFFLINE = "We are closed for today."


class CapacityTest(ConversationTestCase):
    workgroups = """
[workgroups.support]
mode = "round_robin"

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"
max_chats = 2
"""

    def test_agent_at_capacity_gets_nothing_until_a_close_frees_a_slot(self):
        alice = self.agent("alice")
        widget = self.visitor()
        first, second, third = self.visitor(), self.visitor(), self.visitor()
        first.send_message(SUPPORT, "One", nick="Vera")
        self.assertEqual(self.expect_assignment(alice)[0], 1)
        second.send_message(SUPPORT, "Two", nick="Walt")
        self.assertEqual(self.expect_assignment(alice)[0], 2)

        sent_at = datetime.now(timezone.utc)
        third.send_message(SUPPORT, "Three", nick="Xena")
        third.expect_message(sender=SUPPORT, contains="number 1 in the queue")
        third.send_message(SUPPORT, "Still there?")
        alice.no_message(1.0, sender=SUPPORT, contains="Chat 3")
        widget.wait_availability(SUPPORT, "open")  # the queue still has room
        self.assertEqual(widget.queue_count(SUPPORT), 1, "the widget can say 1 waiting")

        alice.send_message(SUPPORT, "next")
        self.assertIn("Sorry", alice.expect_message(sender=SUPPORT)["body"],
                      "next at capacity is refused")

        alice.send_message(SUPPORT, "close 1")
        first.expect_message(sender=SUPPORT, contains="closed")
        conversation, notice = self.expect_assignment(alice, timeout=2.0, contains="Chat 3")
        self.assertEqual(conversation, 3)
        self.assertIn("Xena", notice)
        self.expect_backlog(alice, "support", 3, ["Three", "Still there?"], sent_at)
        alice.send_message(conversation_jid("support", 3), "Sorry for the wait!")
        third.expect_message(sender=SUPPORT, contains="Alice has joined")
        third.expect_message(sender=SUPPORT, contains="Sorry for the wait!")
        try:
            wait_until(lambda: widget.queue_count(SUPPORT) == 0, 3.0)
        except TimeoutError:
            self.fail(f"the widget still sees {widget.queue_count(SUPPORT)} waiting")


class AvailabilityTest(ConversationTestCase):
    workgroups = f"""
[workgroups.support]
mode = "round_robin"
max_queue = 0
not_available = "{NOT_AVAILABLE}"
offline = "{OFFLINE}"

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"
max_chats = 1
"""

    def assert_presence(self, widget, state, show, status):
        widget.wait_availability(SUPPORT, state)
        pres = widget.presences[SUPPORT]
        if state == "closed":
            self.assertEqual(pres.xml.get("type"), "unavailable")
        else:
            self.assertIsNone(pres.xml.get("type"), "available presence has no type")
            self.assertEqual(pres["show"], show)
        self.assertEqual(pres["status"], status)
        queue = pres.xml.find(f"{{{WORKGROUP_NS}}}notify-queue")
        self.assertIsNotNone(queue, f"no XEP-0142 notify-queue in {pres}")
        self.assertIsNotNone(widget.queue_count(SUPPORT), f"no numeric <count/> in {pres}")
        return pres

    def test_widget_sees_closed_open_full_open_closed(self):
        widget = self.visitor(state="closed")
        self.assert_presence(widget, "closed", None, OFFLINE)

        # Alice logs in; Switchboard learns it through her approved subscription.
        alice = self.login("alice")
        self.assert_presence(widget, "open", "chat", "")
        self.assertEqual(widget.queue_count(SUPPORT), 0)

        first = self.visitor()
        first.send_message(SUPPORT, "Hello", nick="Vera")
        self.assertEqual(self.expect_assignment(alice)[0], 1)
        self.assert_presence(widget, "full", "dnd", NOT_AVAILABLE)

        # Full: a visitor who writes anyway is told so and not queued.
        late = self.login()
        late.send_message(SUPPORT, "Anyone?", nick="Walt")
        told = late.expect_message(sender=SUPPORT)
        self.assertEqual(told["body"], NOT_AVAILABLE)
        late.no_message(0.5, sender=SUPPORT)
        alice.send_message(SUPPORT, "status")
        self.assertIn("Waiting: 0", alice.expect_message(sender=SUPPORT, contains="You have")["body"])

        alice.send_message(SUPPORT, "close 1")
        first.expect_message(sender=SUPPORT, contains="closed")
        self.assert_presence(widget, "open", "chat", "")
        alice.no_message(0.5, sender=SUPPORT, contains="Chat 2")

        # The last agent goes offline: closed, with the offline text.
        alice.disconnect()
        self.assert_presence(widget, "closed", None, OFFLINE)

        # Closed: a visitor who writes is told so and not queued.
        late.send_message(SUPPORT, "Hello again?", nick="Walt")
        told = late.expect_message(sender=SUPPORT)
        self.assertEqual(told["body"], OFFLINE)
        late.no_message(0.5, sender=SUPPORT)

        alice = self.login("alice")
        self.assert_presence(widget, "open", "chat", "")
        alice.no_message(0.7, sender=SUPPORT, contains="Chat ")
        alice.send_message(SUPPORT, "status")
        status = alice.expect_message(sender=SUPPORT, contains="You have")["body"]
        self.assertIn("You have 0 of 1 chats", status)
        self.assertIn("Waiting: 0", status)

    def test_presence_reaches_subscribers_and_answers_probes(self):
        carol = self.login("carol")  # a widget backend with an account subscribes
        carol.xmpp.send_presence(pto=SUPPORT, ptype="subscribe")
        self.assert_presence(carol, "closed", None, OFFLINE)
        alice = self.agent("alice")
        self.assert_presence(carol, "open", "chat", "")  # pushed to the subscriber

        # Offline, carol misses the change to closed; when she logs in again her server
        # probes the workgroup JID, and the answer tells her the current state.
        carol.disconnect()
        alice.disconnect()
        pump(0.5)
        carol = self.login("carol")
        self.assert_presence(carol, "closed", None, OFFLINE)
        self.agent("alice")
        self.assert_presence(carol, "open", "chat", "")

    def test_directed_presence_audience_ends_with_unavailable(self):
        staying, leaving = self.visitor(state="closed"), self.visitor(state="closed")
        leaving.send_presence_to(SUPPORT, ptype="unavailable")
        pump(0.3)
        seen = len([p for p in leaving.presence_log if p["from"].bare == SUPPORT])
        self.agent("alice")
        staying.wait_availability(SUPPORT, "open")
        pump(0.5)
        later = [p for p in leaving.presence_log if p["from"].bare == SUPPORT][seen:]
        self.assertEqual(later, [], "presence went on after the widget left")


class DeadWidgetTest(ConversationTestCase):
    """Issue 10, item 2: a widget address that presence cannot reach any more (its server
    bounces the push with an error) is forgotten, in memory and in the database."""

    workgroups = CapacityTest.workgroups  # Alice alone
    GHOST = "ghost@gone.example/widget"  # a remote domain: this Prosody has no s2s

    def database(self):
        return sqlite3.connect(os.path.join(self.prosody.dir, "state.db"), timeout=5)

    def stored_widgets(self):
        db = self.database()
        try:
            return sorted(row[0] for row in db.execute(
                "SELECT jid FROM directed WHERE workgroup = 'support'"))
        finally:
            db.close()

    def test_a_widget_whose_presence_bounces_is_forgotten(self):
        widget = self.visitor(state="closed")
        wait_until(lambda: self.stored_widgets() == [str(widget.jid)], 3.0)
        # As after a run whose widget left without an unavailable reaching us: the
        # address is in the database when Switchboard starts, and the push after the
        # connection goes to it too.
        self.switchboard.stop()
        db = self.database()
        with db:
            db.execute("INSERT INTO directed (workgroup, jid) VALUES ('support', ?)",
                       (self.GHOST,))
        db.close()
        self.switchboard.start()
        try:
            wait_until(lambda: self.stored_widgets() == [str(widget.jid)], 10.0)
        except TimeoutError:
            self.fail(f"still stored: {self.stored_widgets()}; log:\n{self.log_tail()}")
        self.assertIn(f"forgot widget {self.GHOST}: its address bounced", self.switchboard.log())
        self.agent("alice")
        widget.wait_availability(SUPPORT, "open")  # the live widget is still pushed to


if __name__ == "__main__":
    unittest.main()
