"""SIGHUP (`systemctl reload switchboard`) reads the file again (PRODUCT.md, "Operating
it"): an agent added gets chats, a changed welcome is used, a chat already open keeps
flowing both ways, and a file that does not validate is refused with the lines of
--check-config while the running configuration stays."""

import os
import signal
import sqlite3
import unittest

from base import ConversationTestCase, conversation_jid, workgroup_jid
from clients import wait_until

SUPPORT = workgroup_jid("support")
FIRST = "Hello from the first file."
SECOND = "Welcome, second edition."


def desk(welcome, agents):
    lines = ["[workgroups.support]", 'mode = "round_robin"', f'welcome = "{welcome}"', ""]
    for local, name in agents:
        lines += ["[[workgroups.support.agents]]", f'jid = "{local}@localhost"',
                  f'name = "{name}"', ""]
    return "\n".join(lines)


class ReloadTest(ConversationTestCase):
    workgroups = desk(FIRST, [("alice", "Alice")])

    def rewrite(self, workgroups):
        with open(self.switchboard.config_path) as f:
            head = f.read().split("\n[workgroups.", 1)[0]  # [server], [storage], [log]
        with open(self.switchboard.config_path, "w") as f:
            f.write(head + "\n" + workgroups)

    def reload(self, outcome):
        seen = self.switchboard.log().count(outcome)
        self.switchboard.signal(signal.SIGHUP)
        try:
            wait_until(lambda: self.switchboard.log().count(outcome) > seen, 10)
        except TimeoutError:
            self.fail(f"no {outcome!r} after SIGHUP; log:\n" + self.log_tail())

    def test_an_added_agent_gets_chats_the_new_welcome_is_used_and_open_chats_go_on(self):
        alice = self.agent("alice")
        carl = self.visitor()
        carl.send_message(SUPPORT, "Where is my parcel?")
        carl.expect_message(sender=SUPPORT, contains=FIRST)
        chat, _ = self.expect_assignment(alice)
        alice.expect_message(sender=conversation_jid("support", chat),
                             contains="Where is my parcel?")

        self.rewrite(desk(SECOND, [("alice", "Alice"), ("bob", "Bob")]))
        self.reload("reload: ")
        wait_until(lambda: "applied (1 workgroups)" in self.switchboard.log(), 5)

        # The chat that was open goes on, both ways.
        alice.send_message(conversation_jid("support", chat), "On its way.")
        carl.expect_message(contains="On its way.")
        carl.send_message(SUPPORT, "Thanks!")
        alice.expect_message(sender=conversation_jid("support", chat), contains="Thanks!")

        # Bob is an agent now, and the next chat is his (round robin: Alice had the last).
        bob = self.agent("bob")
        dora = self.visitor()
        dora.send_message(SUPPORT, "Do you ship abroad?")
        dora.expect_message(sender=SUPPORT, contains=SECOND)
        second, _ = self.expect_assignment(bob)
        self.assertNotEqual(second, chat)
        bob.expect_message(sender=conversation_jid("support", second),
                           contains="Do you ship abroad?")

    def test_a_backup_after_a_reload_keeps_the_running_database_whole(self):
        # Found from outside: the reload read the database's header to check storage.path,
        # and closing that file dropped SQLite's locks, so a backup (which believed itself
        # the last user) checkpointed and deleted the WAL the process still wrote to, and
        # chats opened after it were lost at a crash.
        alice = self.agent("alice")
        self.visitor().send_message(SUPPORT, "First")
        self.expect_assignment(alice)
        self.reload("applied (1 workgroups)")
        db = os.path.join(self.prosody.dir, "state.db")
        backup = sqlite3.connect(os.path.join(self.prosody.dir, "backup.db"))
        source = sqlite3.connect(db)
        source.backup(backup)
        source.close()
        backup.close()
        self.assertTrue(os.path.exists(db + "-wal"), "the backup deleted the live WAL")
        self.visitor().send_message(SUPPORT, "Second")
        second, _ = self.expect_assignment(alice)
        self.switchboard.signal(signal.SIGKILL)
        self.switchboard.wait_exit()
        check = sqlite3.connect(db)
        ids = sorted(r[0] for r in check.execute("SELECT id FROM conversations"))
        check.close()
        self.assertIn(second, ids, "a chat opened after the backup was lost at the crash")

    def test_a_file_that_does_not_validate_is_refused_and_the_running_one_stays(self):
        alice = self.agent("alice")
        self.rewrite(desk(FIRST, [("alice", "Alice")]).replace("round_robin", "fastest"))
        self.reload("reload refused")
        log = self.switchboard.log()
        self.assertIn(f"{self.switchboard.config_path}:", log, "the lines of --check-config")
        self.assertIn("workgroups.support.mode", log)

        carl = self.visitor()
        carl.send_message(SUPPORT, "Still open?")
        carl.expect_message(sender=SUPPORT, contains=FIRST)
        self.expect_assignment(alice)


SALES = workgroup_jid("sales")
SALES_DESK = """
[workgroups.sales]
mode = "round_robin"
offline = "Sales is closed for good."

[[workgroups.sales.agents]]
jid = "bob@localhost"
name = "Bob"
"""


class RemovedWorkgroupTest(ConversationTestCase):
    workgroups = desk(FIRST, [("alice", "Alice")]) + SALES_DESK

    def test_a_removed_workgroup_shows_closed_and_its_chats_are_closed_politely(self):
        bob = self.agent("bob", workgroup="sales")
        carl = self.visitor(workgroup="sales")
        carl.send_message(SALES, "Any discounts?")
        chat, _ = self.expect_assignment(bob, workgroup="sales")
        watcher = self.visitor(workgroup="sales")

        ReloadTest.rewrite(self, desk(FIRST, [("alice", "Alice")]))
        ReloadTest.reload(self, "reload: workgroup sales@desk.localhost is no longer")
        watcher.wait_availability(SALES, "closed")
        carl.expect_message(sender=SALES, contains="Sales is closed for good.")
        bob.expect_message(sender=SALES, contains=f"Chat {chat} is closed: its workgroup was "
                                                  "removed from Switchboard's configuration.")
        # The other workgroup goes on.
        alice = self.agent("alice")
        dora = self.visitor()
        dora.send_message(SUPPORT, "Hello?")
        dora.expect_message(sender=SUPPORT, contains=FIRST)
        self.expect_assignment(alice)


if __name__ == "__main__":
    unittest.main()
