#!/usr/bin/python3
"""How soon the widget shows a change of the workgroup's availability (PRODUCT.md: "each
change within a second"): a real Prosody and Switchboard, the widget's demo page in
headless Chromium, one agent going online and offline N times. For each change it
prints the time from the agent's presence leaving the test to the page's data-state
changing (both clocks are this machine's wall clock).

    SWITCHBOARD_BIN=build/component/switchboard tests/bench/widget_latency.py [N]
"""

import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))

from browser import Browser, build_widget  # noqa: E402
from clients import Client, pump  # noqa: E402
from fixtures import Prosody, Switchboard  # noqa: E402

WORKGROUP = "support@desk.localhost"
RECORD = """
window.__changes = [];
new MutationObserver(() => window.__changes.push(
    [document.querySelector('.sbw').dataset.state, performance.timeOrigin + performance.now()]))
  .observe(document.querySelector('.sbw'), {attributes: true, attributeFilter: ['data-state']});
return true;
"""


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    folder = build_widget(tempfile.mkdtemp(prefix="sb-widget-"))
    prosody = Prosody(http_files_dir=folder)
    prosody.add_user("alice", "pw")
    prosody.start()
    switchboard = Switchboard(prosody).start()
    browser = Browser()
    try:
        browser.open("v", f"http://127.0.0.1:{prosody.http_port}/widget/")
        browser.wait("v", "return document.querySelector('.sbw').dataset.state === 'closed'", 10)
        browser.run_js("v", RECORD)
        alice = Client(prosody, "alice").connect()
        browser.wait("v", "return document.querySelector('.sbw').dataset.state === 'open'", 10)
        delays = []
        for _ in range(rounds):
            for show, want in ((None, "closed"), ("chat", "open")):
                pump(0.5)
                sent = time.time() * 1000
                if show is None:
                    alice.send_presence_to(WORKGROUP, ptype="unavailable")
                    alice.xmpp.send_presence(ptype="unavailable")
                else:
                    alice.xmpp.send_presence()
                    alice.send_presence_to(WORKGROUP)
                pump(0.05)
                shown = browser.wait("v", f"""
                    const hit = window.__changes.find(c => c[0] === {want!r} && c[1] >= {sent});
                    return hit ? hit[1] : null;""", 5)
                delays.append(shown - sent)
        delays.sort()
        print(f"{len(delays)} changes: median {statistics.median(delays):.0f} ms, "
              f"max {delays[-1]:.0f} ms (from the agent's presence sent to the page changed)")
    finally:
        browser.quit()
        switchboard.stop()
        prosody.cleanup()


if __name__ == "__main__":
    main()
