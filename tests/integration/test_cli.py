"""The command line: --check-config, --version, --help, and a bad file stopping the
component before it connects anywhere."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import unittest

from clients import Client, wait_until
from base import xmpp_server
from fixtures import COMPONENT_DOMAIN, Switchboard, switchboard_binary

GOOD = """
[server]
domain = "desk.localhost"
secret = "s3cr3t-value"

[workgroups.support]
mode = "queue"

[[workgroups.support.agents]]
jid = "alice@localhost"
"""


def run(*args, timeout=10):
    return subprocess.run([switchboard_binary(), *args], capture_output=True, text=True,
                          timeout=timeout)


class CommandLineTest(unittest.TestCase):
    def write(self, text):
        fd, path = tempfile.mkstemp(suffix=".toml")
        with os.fdopen(fd, "w") as f:
            f.write(text)
        self.addCleanup(os.unlink, path)
        return path

    def test_check_config_accepts_a_valid_file(self):
        r = run("--check-config", self.write(GOOD))
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_check_config_names_file_line_and_key_of_each_problem(self):
        path = self.write(GOOD.replace('mode = "queue"', 'mode = "queue"\norder = "random"')
                          .replace('jid = "alice@localhost"', 'jid = "not a jid"'))
        r = run("--check-config", path)
        self.assertNotEqual(r.returncode, 0)
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), 2, r.stderr)
        self.assertTrue(lines[0].startswith(f"{path}:8: workgroups.support.order"), lines[0])
        self.assertTrue(lines[1].startswith(f"{path}:11: workgroups.support.agents[1].jid"),
                        lines[1])
        self.assertNotIn("s3cr3t-value", r.stderr + r.stdout)

    def test_bad_config_stops_before_connecting(self):
        # Port 9 on loopback: nobody listens; a bad file must exit at once anyway.
        path = self.write(GOOD.replace("[server]", "[server]\nport = 9\nbogus = 1"))
        r = run("--config", path, timeout=5)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("server.bogus", r.stderr)

    def storage(self, path):
        return GOOD.replace("[workgroups.support]",
                            f'[storage]\npath = "{path}"\n\n[workgroups.support]')

    def test_check_config_refuses_a_storage_path_that_cannot_hold_a_database(self):
        folder = tempfile.mkdtemp(prefix="sb-cli-")
        self.addCleanup(shutil.rmtree, folder)
        notes = os.path.join(folder, "notes.txt")
        with open(notes, "w") as f:
            f.write("not a database\n")
        for path, found in ((folder, "is a directory"),
                            (notes, "is not a SQLite database"),
                            ("/proc", "is inside /proc")):
            config = self.write(self.storage(path))
            r = run("--check-config", config)
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertEqual(r.stderr.count("\n"), 1, r.stderr)
            self.assertTrue(r.stderr.startswith(f'{config}:7: storage.path: "{path}" {found}'),
                            r.stderr)

    def test_missing_file(self):
        r = run("--check-config", "/nonexistent/switchboard.toml")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("/nonexistent/switchboard.toml", r.stderr)

    def test_version_and_help(self):
        r = run("--version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^switchboard \d+\.\d+\.\d+")
        r = run("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("--check-config FILE", r.stdout)
        self.assertIn("--reset-state", r.stdout)
        r = run("--check-config", self.write(GOOD), "--reset-state")
        self.assertEqual(r.returncode, 2, "--reset-state goes with --config only")
        r = run("--frobnicate")
        self.assertNotEqual(r.returncode, 0)


class EmptyStateDatabaseTest(unittest.TestCase):
    """A state database truncated to 0 bytes is refused at start (SQLite would quietly
    begin a new one), until the operator says --reset-state."""

    def setUp(self):
        self.prosody = xmpp_server()
        self.addCleanup(self.prosody.cleanup)
        self.prosody.add_user("carol", "pw")
        self.prosody.start()
        self.switchboard = Switchboard(self.prosody)
        self.addCleanup(self.switchboard.stop)
        self.db = os.path.join(self.prosody.dir, "state.db")
        open(self.db, "wb").close()

    def test_an_empty_database_is_refused_until_reset_state(self):
        r = run("--check-config", self.switchboard.config_path)
        self.assertEqual(r.returncode, 0, "the file is valid; the start decides: " + r.stderr)

        r = run("--config", self.switchboard.config_path)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn(f"storage {self.db}: file is empty (0 bytes): it may have been "
                      "truncated; start with --reset-state to begin with no stored state",
                      r.stderr)
        self.assertEqual(os.path.getsize(self.db), 0, "nothing touched")

        with open(self.switchboard.log_path, "ab") as log:
            self.switchboard.proc = subprocess.Popen(
                [switchboard_binary(), "--config", self.switchboard.config_path,
                 "--reset-state"], stdout=log, stderr=log, start_new_session=True)
        client = Client(self.prosody, "carol").connect()
        self.addCleanup(client.disconnect)
        try:
            wait_until(lambda: client.ping_ok(COMPONENT_DOMAIN, timeout=1), 10)
        except TimeoutError:
            self.fail("no ping answer; Switchboard log:\n" + self.switchboard.log()[-3000:])
        self.assertIn("starting with no stored state (--reset-state)", self.switchboard.log())
        with open(self.db, "rb") as f:
            self.assertEqual(f.read(16), b"SQLite format 3\0")


if __name__ == "__main__":
    unittest.main()


class ServiceManagerTest(unittest.TestCase):
    """Under systemd (Type=notify): READY once connected, RELOADING and READY again around
    a SIGHUP (`systemctl reload`), which never ends the process, STOPPING at a clean stop."""

    def setUp(self):
        self.prosody = xmpp_server()
        self.addCleanup(self.prosody.cleanup)
        self.prosody.add_user("carol", "pw")
        self.prosody.start()
        self.notify_path = os.path.join(self.prosody.dir, "notify.sock")
        self.notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.addCleanup(self.notify.close)
        self.notify.bind(self.notify_path)
        self.notify.settimeout(10)

    def messages_until(self, wanted):
        seen = []
        while not any(wanted in m for m in seen):
            try:
                seen.append(self.notify.recv(4096).decode())
            except socket.timeout:
                self.fail(f"no {wanted} from Switchboard; got {seen}; its log:\n" +
                          self.switchboard.log()[-3000:])
        return seen

    def test_ready_once_connected_reloading_around_sighup_stopping_at_the_end(self):
        os.environ["NOTIFY_SOCKET"] = self.notify_path
        try:
            self.switchboard = Switchboard(self.prosody).start()
        finally:
            del os.environ["NOTIFY_SOCKET"]
        self.addCleanup(self.switchboard.stop)
        ready = self.messages_until("READY=1")
        self.assertIn("STATUS=serving desk.localhost", "\n".join(ready))
        client = Client(self.prosody, "carol").connect()
        self.addCleanup(client.disconnect)
        self.assertTrue(client.ping_ok(COMPONENT_DOMAIN, timeout=5), "READY before serving")

        self.switchboard.signal(signal.SIGHUP)
        reloading = self.messages_until("RELOADING=1")
        if not any("READY=1" in m for m in reloading[reloading.index(next(
                m for m in reloading if "RELOADING=1" in m)):]):
            self.messages_until("READY=1")
        self.assertIn("reload: ", self.switchboard.log())
        self.assertIsNone(self.switchboard.proc.poll(), "SIGHUP ended the process")
        self.assertTrue(client.ping_ok(COMPONENT_DOMAIN, timeout=5), "not serving after SIGHUP")

        self.switchboard.signal(signal.SIGTERM)
        self.messages_until("STOPPING=1")
        self.assertEqual(self.switchboard.wait_exit(), 0)
