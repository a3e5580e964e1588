"""Nothing lost: after kill -9 and a restart, waiting visitors keep their place, open
conversations keep their agent and JID, and the widget's presence comes back; a clean
stop tells widgets the workgroup is closed."""

import signal
import sqlite3
import unittest

from base import ConversationTestCase, conversation_jid, workgroup_jid
from clients import wait_until
from fixtures import COMPONENT_DOMAIN, Switchboard

SUPPORT = workgroup_jid("support")

DESK = """
[workgroups.support]
mode = "round_robin"
offline = "Closed for now."

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"
max_chats = 1
"""


class DurabilityTest(ConversationTestCase):
    workgroups = DESK

    def restart_switchboard(self, sig=signal.SIGKILL):
        self.switchboard.signal(sig)
        self.switchboard.wait_exit(timeout=10)
        self.switchboard = Switchboard(self.prosody, workgroups=DESK).start()
        probe = self.login("carol")
        wait_until(lambda: probe.ping_ok(COMPONENT_DOMAIN, timeout=1), 10)

    def test_kill_9_keeps_the_open_chat_and_the_queue_order(self):
        alice = self.agent("alice")
        first = self.visitor()
        first.send_message(SUPPORT, "I was first", nick="Fay")
        conversation, _ = self.expect_assignment(alice)
        alice.send_message(conversation_jid("support", conversation), "Hello Fay")
        first.expect_message(sender=SUPPORT, contains="Hello Fay")
        second = self.visitor(state="open")
        second.send_message(SUPPORT, "I am second", nick="Sam")
        second.expect_message(sender=SUPPORT, contains="1")  # told their position
        third = self.visitor(state="open")
        third.send_message(SUPPORT, "I am third", nick="Tia")
        third.expect_message(sender=SUPPORT, contains="2")

        self.restart_switchboard(signal.SIGKILL)

        # The widget's presence is right again at once: Alice is still busy, two wait.
        third.send_presence_to(SUPPORT)
        wait_until(lambda: third.queue_count(SUPPORT) == 2, 5)
        # Alice still has the same conversation under the same JID.
        alice.drain()
        alice.send_message(SUPPORT, "status")
        alice.expect_message(sender=SUPPORT, contains=f"({conversation})")
        alice.send_message(conversation_jid("support", conversation), "Still here")
        first.expect_message(sender=SUPPORT, contains="Still here")
        # The queue kept its order: Sam, then Tia.
        alice.send_message(conversation_jid("support", conversation), "close")
        nxt, _ = self.expect_assignment(alice, timeout=5, contains="with Sam")
        self.expect_backlog(alice, "support", nxt, ["I am second"])
        alice.send_message(conversation_jid("support", nxt), "close")
        self.expect_assignment(alice, timeout=5, contains="with Tia")

    def test_a_widget_gets_the_presence_again_after_a_kill_without_asking(self):
        alice = self.agent("alice")
        widget = self.visitor()  # sent directed presence once; saw "open"
        self.switchboard.signal(signal.SIGKILL)
        self.switchboard.wait_exit(timeout=10)
        before = len(widget.presences_from(SUPPORT))
        self.switchboard = Switchboard(self.prosody, workgroups=DESK).start()
        # The widget sends nothing; Switchboard remembers it and pushes on reconnect.
        wait_until(lambda: len(widget.presences_from(SUPPORT)) > before, 5)
        alice.disconnect()
        widget.wait_availability(SUPPORT, "closed", timeout=5)

    def test_transcripts_are_kept_on_disk(self):
        alice = self.agent("alice")
        visitor = self.visitor()
        visitor.send_message(SUPPORT, "Where is my parcel?", nick="Pia")
        conversation, _ = self.expect_assignment(alice)
        alice.send_message(conversation_jid("support", conversation), "On its way")
        visitor.expect_message(sender=SUPPORT, contains="On its way")
        alice.send_message(conversation_jid("support", conversation), "close")
        visitor.expect_message(sender=SUPPORT, contains="closed")
        db = sqlite3.connect(f"{self.prosody.dir}/state.db")
        lines = [body for (body,) in db.execute(
            "SELECT body FROM transcript_lines WHERE conversation = ? ORDER BY rowid",
            (conversation,))]
        self.assertEqual(lines, ["Where is my parcel?", "On its way"])
        (reason,) = db.execute("SELECT reason FROM transcripts WHERE conversation = ?",
                               (conversation,)).fetchone()
        self.assertEqual(reason, "agent")
        db.close()

    def test_a_clean_stop_tells_widgets_the_workgroup_is_closed(self):
        self.agent("alice")
        widget = self.visitor()
        self.switchboard.signal(signal.SIGTERM)
        self.assertEqual(self.switchboard.wait_exit(timeout=5), 0)
        widget.wait_availability(SUPPORT, "closed", timeout=5)
        self.assertEqual(widget.presences[SUPPORT]["status"], "Closed for now.")


if __name__ == "__main__":
    unittest.main()
