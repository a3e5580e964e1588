"""A full disk under the database (PRODUCT.md, "Durability promise": whatever anyone was
answered about is already on disk). The database lives on a small tmpfs of its own; the
test fills it. While it is full nothing is announced that was not saved: a new visitor
gets a `wait` error instead of a welcome, and no agent hears of a chat that does not
exist. When space returns, service resumes by itself, and a kill -9 then loses nothing
anyone was told about. Skipped where the test may not mount a filesystem."""

import os
import subprocess
import tempfile
import unittest

from base import ConversationTestCase, conversation_jid, workgroup_jid
from clients import wait_until
from fixtures import COMPONENT_DOMAIN, Switchboard

SUPPORT = workgroup_jid("support")
DESK = """
[workgroups.support]
mode = "round_robin"
welcome = "Welcome! Someone will be with you shortly."

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"
max_chats = 10
"""


class DiskFullTest(ConversationTestCase):
    workgroups = DESK

    def setUp(self):
        super().setUp()
        self.mount = tempfile.mkdtemp(prefix="sb-disk-")
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", self.mount],
                              capture_output=True, text=True)
        if done.returncode != 0:
            self.skipTest(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        self.addCleanup(lambda: subprocess.run(["umount", "-l", self.mount]))
        # Switchboard again, now with its database on the small filesystem.
        self.switchboard.stop()
        self.restart_switchboard()

    def restart_switchboard(self):
        self.switchboard = Switchboard(self.prosody, workgroups=self.workgroups,
                                       storage_path=os.path.join(self.mount, "state.db")).start()
        probe = self.login("carol")
        wait_until(lambda: probe.ping_ok(COMPONENT_DOMAIN, timeout=1), 10)

    def fill_the_disk(self):
        filler = os.path.join(self.mount, "filler")
        with open(filler, "wb") as f:
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError:
                pass
        return filler

    def test_nothing_is_announced_that_was_not_saved(self):
        alice = self.agent("alice")
        first = self.visitor()
        first.send_message(SUPPORT, "Hello, my parcel is lost")
        chat1, _ = self.expect_assignment(alice)
        cj1 = conversation_jid("support", chat1)
        alice.expect_message(sender=cj1)
        alice.send_message(cj1, "Let me look.")
        first.expect_message(sender=SUPPORT, contains="Let me look.")

        second = self.visitor()  # its widget saw the desk open before the disk filled up
        filler = self.fill_the_disk()
        second.send_message(SUPPORT, "x" * 12000)  # a new chat: rows and pages to write
        self.assertEqual(second.expect_error(SUPPORT), "resource-constraint")
        second.no_message(1.0, sender=SUPPORT, contains="Welcome")
        alice.no_message(0.5, sender=SUPPORT, contains="Chat ")

        os.unlink(filler)  # space is back: the same visitor simply tries again
        second.send_message(SUPPORT, "Is anyone there?")
        second.expect_message(sender=SUPPORT, contains="Welcome")
        chat2, _ = self.expect_assignment(alice)
        self.assertEqual(chat2, chat1 + 1, "the refused chat never existed")
        alice.send_message(conversation_jid("support", chat2), "Yes, Alice here.")
        second.expect_message(sender=SUPPORT, contains="Alice here")

        # kill -9: both chats anyone was told about are still Alice's afterwards.
        self.switchboard.proc.kill()
        self.switchboard.proc.wait()
        self.restart_switchboard()
        self.sync_agent(alice)
        alice.drain()
        alice.send_message(SUPPORT, "status")
        status = alice.expect_message(sender=SUPPORT, contains="You have")["body"]
        self.assertIn(f"2 of 10 chats ({chat1}, {chat2})", status)


if __name__ == "__main__":
    unittest.main()
