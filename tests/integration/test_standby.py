"""Active and standby on one PostgreSQL (PRODUCT.md, "More than one machine"): two
Switchboards for one domain, `[storage] url`; the standby never connects while the
active one holds the lock; kill -9 the active one mid-traffic and the standby takes over
within `failover`, with the queue in its order and the open conversation at its JID.
Prosody, a PostgreSQL of Debian's started by the test (tests/postgres/server.sh)."""

import os
import re
import signal
import subprocess
import tempfile
import time
import unittest
from datetime import datetime

from base import conversation_jid, workgroup_jid
from clients import Client, wait_until
from fixtures import COMPONENT_DOMAIN, CuttableLink, Prosody, Switchboard

SERVER_SH = os.path.join(os.path.dirname(__file__), "..", "postgres", "server.sh")
SUPPORT = workgroup_jid("support")
FAILOVER_S = 2
DESK = """
[workgroups.support]
mode = "queue"

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"
"""


def logged_at(log, text):
    """When the Switchboard log line containing `text` was written."""
    for line in log.splitlines():
        if text in line:
            return datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S.%f")
    return None


class StandbyTest(unittest.TestCase):
    def setUp(self):
        self.clients = []
        self.state = tempfile.mkdtemp(prefix="sb-standby-pg-")
        url = subprocess.run([SERVER_SH, "start", self.state], check=True, capture_output=True,
                             text=True).stdout.strip()
        self.url = url
        self.addCleanup(subprocess.run, [SERVER_SH, "stop", self.state])
        self.server = Prosody()
        self.addCleanup(self.server.cleanup)
        for name in ("alice", "carol"):
            self.server.add_user(name, "pw")
        self.server.start()
        self.boards = []
        for name in ("first", "second"):
            workdir = os.path.join(self.server.dir, name)
            os.makedirs(workdir)
            board = Switchboard(self.server, workgroups=DESK, workdir=workdir)
            with open(board.config_path) as f:
                text = f.read()
            text, count = re.subn(r'path = "[^"]*"',
                                  f'url = "{url}"\nfailover = "{FAILOVER_S}s"', text)
            self.assertEqual(count, 1, text)
            with open(board.config_path, "w") as f:
                f.write(text)
            self.boards.append(board)
        self.addCleanup(self._stop)

    def _stop(self):
        for c in self.clients:
            c.disconnect()
        for board in self.boards:
            board.stop()

    def login(self, local=None):
        c = Client(self.server, local).connect()
        self.clients.append(c)
        return c

    def start_active_and_standby(self):
        """The first Switchboard active (it answers ping), the second standing by."""
        first, second = self.boards
        first.start()
        carol = self.login("carol")
        wait_until(lambda: carol.ping_ok(COMPONENT_DOMAIN, timeout=1), 10)
        second.start()
        wait_until(lambda: "standby: another process is active" in second.log(), 10)
        return first, second, carol

    def logs(self):
        return "".join(f"\n--- {i}\n" + b.log()[-3000:] for i, b in enumerate(self.boards))

    def test_the_standby_takes_over_with_the_queue_and_the_conversation(self):
        first, second, carol = self.start_active_and_standby()
        self.assertNotIn("connected to", second.log(), "a standby never connects")

        alice = self.login("alice")
        alice.send_presence_to(SUPPORT)
        alice.send_message(SUPPORT, "help")
        alice.expect_message(sender=SUPPORT, contains="Commands:")
        visitors = []
        for i in range(4):
            v = self.login()
            v.send_message(SUPPORT, f"question {i}", nick=f"V{i}")
            v.expect_message(sender=SUPPORT, contains=f"number {i + 1} in the queue")  # acknowledged
            visitors.append(v)
        alice.send_message(SUPPORT, "next")
        notice = alice.expect_message(sender=SUPPORT, contains="Chat ")
        conversation = int(re.search(r"Chat (\d+)", notice["body"]).group(1))
        cj = conversation_jid("support", conversation)
        self.assertEqual(alice.expect_message(sender=cj)["body"], "question 0")
        alice.send_message(cj, "Hello V0")
        visitors[0].expect_message(sender=SUPPORT, contains="Hello V0")

        # The active process dies mid-traffic: a visitor is writing as it goes.
        visitors[1].send_message(SUPPORT, "question 1, again")
        killed = time.monotonic()
        first.proc.send_signal(signal.SIGKILL)
        first.proc.wait()
        wait_until(lambda: "active: holding the lock" in second.log(), FAILOVER_S + 3)
        took = time.monotonic() - killed
        print(f"\n  the standby held the lock {took:.2f} s after the kill")
        self.assertLess(took, FAILOVER_S, self.logs())
        wait_until(lambda: carol.ping_ok(COMPONENT_DOMAIN, timeout=1), 10)

        # The open conversation, at its JID, both ways.
        visitors[0].send_message(SUPPORT, "still me")
        self.assertEqual(alice.expect_message(sender=cj, contains="still me")["body"],
                         "still me")
        alice.send_message(cj, "Welcome back")
        visitors[0].expect_message(sender=SUPPORT, contains="Welcome back")
        # The queue, in its order: V1, then V2 (Alice has room for three chats).
        for i in (1, 2):
            alice.send_message(SUPPORT, "next")
            alice.expect_message(sender=SUPPORT, contains=f"with V{i} is yours")
        self.assertIsNone(second.proc.poll())

    def test_an_active_process_that_loses_the_database_stops_and_the_standby_serves(self):
        first, second, carol = self.start_active_and_standby()
        # The database ends the active process's session (as a network cut or a restart of
        # PostgreSQL would): its lock is gone with it.
        subprocess.run(["psql", self.url, "-qAtc",
                        "SELECT pg_terminate_backend(pid) FROM pg_locks "
                        "WHERE locktype = 'advisory' AND granted"], check=True,
                       capture_output=True)
        self.assertEqual(first.wait_exit(timeout=FAILOVER_S + 2), 3, self.logs())
        self.assertIn("lost the database", first.log())
        wait_until(lambda: "active: holding the lock" in second.log(), FAILOVER_S + 2)
        wait_until(lambda: carol.ping_ok(COMPONENT_DOMAIN, timeout=1), 10)
        self.assertIsNone(second.proc.poll())

    def test_an_active_process_cut_off_from_the_database_stops_before_the_standby_starts(self):
        # The first Switchboard reaches PostgreSQL through a relay; the relay then stops
        # carrying bytes (no reset, no error): the active process cannot tell a cut from a
        # slow answer, and must be gone before the server frees its lock.
        port = re.match(r"postgresql://[^@]*@127\.0\.0\.1:(\d+)/", self.url).group(1)
        partition = CuttableLink(int(port))
        self.addCleanup(partition.close)
        first = self.boards[0]
        with open(first.config_path) as f:
            text = f.read()
        with open(first.config_path, "w") as f:
            f.write(text.replace(f":{port}/", f":{partition.port}/"))
        first, second, carol = self.start_active_and_standby()
        partition.silence()
        cut_at = time.monotonic()
        self.assertEqual(first.wait_exit(timeout=FAILOVER_S + 2), 3, self.logs())
        self.assertLess(time.monotonic() - cut_at, FAILOVER_S, self.logs())
        wait_until(lambda: "active: holding the lock" in second.log(), FAILOVER_S + 2)
        stopped = logged_at(first.log(), "lost the database")
        took = logged_at(second.log(), "active: holding the lock")
        self.assertIsNotNone(stopped, self.logs())
        self.assertLess(stopped, took, "two actives at once:\n" + self.logs())
        print(f"\n  the cut-off process stopped {(took - stopped).total_seconds():.2f} s "
              "before the standby took the lock")
        wait_until(lambda: carol.ping_ok(COMPONENT_DOMAIN, timeout=1), 10)
        self.assertIsNone(second.proc.poll())


if __name__ == "__main__":
    unittest.main()
