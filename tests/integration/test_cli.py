"""The command line: --check-config, --version, --help, and a bad file stopping the
component before it connects anywhere."""

import os
import subprocess
import tempfile
import unittest

from fixtures import switchboard_binary

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
        r = run("--frobnicate")
        self.assertNotEqual(r.returncode, 0)


if __name__ == "__main__":
    unittest.main()
