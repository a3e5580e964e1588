"""`switchboard simulate` from the command line (PRODUCT.md, "Operating it"): the sample
day of deploy/simulate/ under every mode, a generated day, the CSV, and clear refusals.
No server: the simulator connects nowhere."""

import csv
import os
import subprocess
import tempfile
import unittest

from fixtures import switchboard_binary

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "..", "deploy", "simulate")
CONFIG = os.path.join(SAMPLE, "sample.toml")
TRACE = os.path.join(SAMPLE, "sample-day.csv")
MODES = ("broadcast", "queue", "round_robin", "least_busy", "weighted")


def simulate(*args, timeout=60):
    return subprocess.run([switchboard_binary(), "simulate", *args], capture_output=True,
                          text=True, timeout=timeout)


def rows(output):
    """{mode: [columns]} of the table."""
    table = {}
    for line in output.splitlines():
        words = line.split()
        if words and words[0] in MODES and not line.startswith(" "):
            table[words[0]] = words[1:]
    return table


class SimulateTest(unittest.TestCase):
    def test_the_sample_day_under_every_mode_with_a_recommendation(self):
        r = simulate("--config", CONFIG, "--trace", TRACE, "--compare")
        self.assertEqual(r.returncode, 0, r.stderr)
        table = rows(r.stdout)
        self.assertEqual(set(table), set(MODES), r.stdout)
        with open(TRACE) as f:
            chats = sum(1 for line in f if line.startswith("chat,"))
        self.assertIn(f"{chats} chats, 4 agents on shift", r.stdout)
        for mode, columns in table.items():
            served, abandoned, missed = (int(c) for c in columns[:3])
            self.assertEqual(served + abandoned + missed, chats, f"{mode}: {columns}")
        recommended = [l for l in r.stdout.splitlines() if l.startswith("Recommended: ")]
        self.assertEqual(len(recommended), 1, r.stdout)
        self.assertIn(recommended[0].split()[1], MODES)
        # Each agent's load under each mode.
        for agent in ("alice", "bob", "carol", "dave"):
            line = next(l for l in r.stdout.splitlines() if l.startswith(f"{agent}@example.com"))
            self.assertEqual(line.count(" chats "), len(MODES), line)
        # The same day again: the same figures.
        self.assertEqual(simulate("--config", CONFIG, "--trace", TRACE, "--compare").stdout,
                         r.stdout)

    def test_without_compare_only_the_configured_mode_runs(self):
        r = simulate("--config", CONFIG, "--trace", TRACE)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(set(rows(r.stdout)), {"round_robin"})
        self.assertNotIn("Recommended", r.stdout)

    def test_a_generated_day_its_csv_and_its_plot(self):
        out = tempfile.mkdtemp(prefix="sb-simulate-")
        path = os.path.join(out, "day.csv")
        plot = os.path.join(out, "day.png")
        r = simulate("--config", CONFIG, "--arrivals", "40", "--agents", "3",
                     "--handle-time", "5", "--compare", "--csv", path, "--target-wait", "30s",
                     "--plot", plot)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(plot, "rb") as f:
            head = f.read(24)
        self.assertEqual(head[:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual((int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")),
                         (960, 700))
        self.assertIn("generated: ", r.stdout)
        self.assertIn("within 30s", r.stdout)
        with open(path) as f:
            table = list(csv.DictReader(f))
        summary = [row for row in table if not row["agent"]]
        self.assertEqual([row["mode"] for row in summary], list(MODES))
        agents = {row["agent"] for row in table if row["agent"]}
        self.assertEqual(agents, {f"agent{i}@sim.invalid" for i in (1, 2, 3)})

    def test_mistakes_are_refused_with_a_reason(self):
        bad = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False)
        self.addCleanup(os.unlink, bad.name)
        bad.write("shift,08:00,nobody@example.com,16:00,\n")
        bad.close()
        r = simulate("--config", CONFIG, "--trace", bad.name)
        self.assertEqual(r.returncode, 2)
        self.assertIn("nobody@example.com is not an agent of workgroup support", r.stderr)
        r = simulate("--config", CONFIG, "--trace", "/nonexistent.csv")
        self.assertEqual(r.returncode, 2)
        self.assertIn("cannot read /nonexistent.csv", r.stderr)
        r = simulate("--config", CONFIG, "--trace", TRACE, "--workgroup", "sales")
        self.assertEqual(r.returncode, 2)
        self.assertIn("no workgroup sales", r.stderr)
        r = simulate("--config", CONFIG, "--trace", TRACE, "--plot", "/nonexistent/dir/x.png")
        self.assertEqual(r.returncode, 1)
        self.assertIn("cannot write /nonexistent/dir/x.png", r.stderr)


if __name__ == "__main__":
    unittest.main()
