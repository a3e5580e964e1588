"""[metrics] listen serves GET /metrics in the Prometheus text format (PRODUCT.md,
"Operating it"): scraped over HTTP from the running binary while real clients make known
queue states, each figure checked against what the people see, and the whole exposition
validated by Debian's promtool."""

import os
import shutil
import subprocess
import unittest
import urllib.request

from base import ConversationTestCase, workgroup_jid
from clients import wait_until
from fixtures import Switchboard, free_port

SUPPORT = workgroup_jid("support")


def parse(text):
    """{'name{labels}': value} of every sample line."""
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            series, value = line.rsplit(" ", 1)
            samples[series] = float(value)
    return samples


class MetricsTest(ConversationTestCase):
    def setUp(self):
        self.port = free_port()
        self.workgroups = f"""
[metrics]
listen = "127.0.0.1:{self.port}"

[workgroups.support]
mode = "round_robin"
queue_timeout = "3s"
max_queue = 1

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"
max_chats = 1
"""
        super().setUp()

    def scrape(self):
        url = f"http://127.0.0.1:{self.port}/metrics"
        with urllib.request.urlopen(url, timeout=5) as reply:
            self.assertEqual(reply.status, 200)
            self.assertTrue(reply.headers["Content-Type"].startswith("text/plain"),
                            reply.headers["Content-Type"])
            return reply.read().decode()

    def figure(self, name, **labels):
        labels.setdefault("workgroup", "support")
        inner = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
        return parse(self.scrape()).get(f"{name}{{{inner}}}")

    def wait_figure(self, expected, name, **labels):
        try:
            wait_until(lambda: self.figure(name, **labels) == expected, 5)
        except TimeoutError:
            self.fail(f"{name}{labels} is {self.figure(name, **labels)}, not {expected}:\n"
                      + self.scrape())

    def test_the_figures_follow_what_visitors_and_agents_see(self):
        self.wait_figure(1, "switchboard_workgroup_availability", state="closed")
        alice = self.agent("alice")
        self.visitor(state="open")
        self.wait_figure(1, "switchboard_workgroup_availability", state="open")
        self.wait_figure(1, "switchboard_agents_online")
        self.wait_figure(1, "switchboard_agents_eligible")

        first = self.visitor()
        first.send_message(SUPPORT, "My order is late.")
        self.expect_assignment(alice)
        self.wait_figure(1, "switchboard_chats_routed_total")
        self.wait_figure(0, "switchboard_agents_eligible")  # her one chat

        second = self.visitor()
        second.send_message(SUPPORT, "Me too.")
        self.wait_figure(1, "switchboard_chats_waiting")
        self.wait_figure(2, "switchboard_conversations_open")
        # Alice has no room and max_queue chats wait: what the widgets show as full.
        self.wait_figure(1, "switchboard_workgroup_availability", state="full")
        self.assertEqual(self.figure("switchboard_workgroup_availability", state="open"), 0)

        # Nobody takes the second chat within queue_timeout: missed, not abandoned.
        self.wait_figure(1, "switchboard_chats_missed_total")
        self.assertEqual(self.figure("switchboard_chats_abandoned_total"), 0)
        self.wait_figure(0, "switchboard_chats_waiting")
        self.wait_figure(1, "switchboard_workgroup_availability", state="open")
        self.assertEqual(self.figure("switchboard_chat_wait_seconds_count"), 1)

        process = parse(self.scrape())
        self.assertEqual(process["switchboard_connected"], 1)
        self.assertGreater(process["switchboard_stanzas_received_total"], 5)
        self.assertGreater(process["switchboard_stanzas_sent_total"], 5)
        self.assertGreater(process["switchboard_store_commit_seconds_count"], 0)

    def test_promtool_accepts_the_exposition(self):
        promtool = shutil.which("promtool")
        self.assertIsNotNone(promtool, "promtool (Debian package prometheus) is not installed")
        self.agent("alice")
        self.visitor().send_message(SUPPORT, "Hello")
        self.wait_figure(1, "switchboard_chats_routed_total")
        check = subprocess.run([promtool, "check", "metrics"], input=self.scrape(),
                               capture_output=True, text=True, timeout=30)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        self.assertEqual(check.stdout + check.stderr, "", "promtool's lint has remarks")

    def test_the_example_scrape_configuration_and_alerts(self):
        """deploy/prometheus/: the configuration is valid, and the alert on a workgroup
        full for 10 minutes fires then and not before (prometheus_alerts_test.yml)."""
        promtool = shutil.which("promtool")
        self.assertIsNotNone(promtool, "promtool (Debian package prometheus) is not installed")
        here = os.path.dirname(os.path.abspath(__file__))
        for args in (["check", "config", "../../deploy/prometheus/prometheus.yml"],
                     ["test", "rules", "prometheus_alerts_test.yml"]):
            run = subprocess.run([promtool, *args], cwd=here, capture_output=True, text=True,
                                 timeout=60)
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)

    def test_a_port_in_use_stops_the_start_with_a_clear_error(self):
        second = os.path.join(self.prosody.dir, "second")
        os.makedirs(second)
        other = Switchboard(self.prosody, workgroups=self.workgroups, workdir=second).start()
        self.assertEqual(other.wait_exit(10), 1)
        self.assertIn(f"metrics: cannot listen on 127.0.0.1:{self.port}", other.log())


if __name__ == "__main__":
    unittest.main()
