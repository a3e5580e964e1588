#!/usr/bin/python3
"""Starts (or stops) the loopback demo: a Prosody with an agents' host, an anonymous
visitors' host and Switchboard's component domain, plus Switchboard itself.

    python3 deploy/demo.py start BINARY   # leaves both running, prints where to connect
    python3 deploy/demo.py stop

Everything lives in demo-run/ at the repository root.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))

from fixtures import ANON_HOST, AGENTS_HOST, COMPONENT_DOMAIN, Prosody, Switchboard  # noqa: E402

RUN_DIR = os.path.join(ROOT, "demo-run")
PIDS = os.path.join(RUN_DIR, "pids")

WORKGROUPS = f"""
[workgroups.support]
mode = "round_robin"
welcome = "Hi! Someone from support will be with you shortly."

[[workgroups.support.agents]]
jid = "alice@{AGENTS_HOST}"
name = "Alice"
max_chats = 3

[[workgroups.support.agents]]
jid = "bob@{AGENTS_HOST}"
name = "Bob"
max_chats = 2

[workgroups.sales]
mode = "broadcast"

[[workgroups.sales.agents]]
jid = "alice@{AGENTS_HOST}"
name = "Alice"
"""


def port_or_free(preferred):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", preferred))
            return preferred
        except OSError:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]


def stop():
    if not os.path.exists(PIDS):
        print("The demo is not running.")
        return
    with open(PIDS) as f:
        pids = [int(line) for line in f if line.strip()]
    for pid in pids:
        try:
            os.killpg(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    time.sleep(1)
    os.unlink(PIDS)
    print("Demo stopped.")


def start(binary):
    if os.path.exists(PIDS):
        stop()
    shutil.rmtree(RUN_DIR, ignore_errors=True)
    os.makedirs(RUN_DIR)
    os.environ["SWITCHBOARD_BIN"] = binary
    # The web widget and its demo page, served by Prosody next to BOSH and WebSocket.
    widget_dir = os.path.join(RUN_DIR, "widget")
    subprocess.run([os.path.join(ROOT, "deploy", "widget", "build.sh"), widget_dir], check=True)
    ports = (port_or_free(5222), port_or_free(5347), port_or_free(5280))
    prosody = Prosody(workdir=RUN_DIR, secret=secrets.token_hex(16), ports=ports,
                      http_files_dir=widget_dir)
    for name in ("alice", "bob"):
        prosody.add_user(name, name)
    prosody.start()
    switchboard = Switchboard(prosody, workgroups=WORKGROUPS, log_level="info").start()
    with open(PIDS, "w") as f:
        f.write(f"{prosody.proc.pid}\n{switchboard.proc.pid}\n")
    with open(os.path.join(RUN_DIR, "demo.json"), "w") as f:
        json.dump({"c2s_port": prosody.c2s_port, "component_port": prosody.component_port,
                   "http_port": prosody.http_port}, f)

    from clients import Client  # slixmpp, imported only once Prosody is up
    probe = Client(prosody).connect()
    deadline = time.monotonic() + 15
    while not probe.ping_ok(COMPONENT_DOMAIN, timeout=1):
        if time.monotonic() > deadline or switchboard.proc.poll() is not None:
            print("Switchboard did not come up; its log:\n" + switchboard.log()[-3000:])
            stop()
            sys.exit(1)
    probe.disconnect()

    print(f"""
Switchboard demo is running (Prosody pid {prosody.proc.pid}, Switchboard pid {switchboard.proc.pid}).

  Web widget:  http://127.0.0.1:{prosody.http_port}/widget/   (open it in a browser: the demo page)
  XMPP server (plain c2s, no TLS): 127.0.0.1:{prosody.c2s_port}
  Agents:      alice@{AGENTS_HOST} (password alice), bob@{AGENTS_HOST} (password bob)
  Visitors:    anonymous login on {ANON_HOST}
               BOSH      http://127.0.0.1:{prosody.http_port}/http-bind
               WebSocket ws://127.0.0.1:{prosody.http_port}/xmpp-websocket
  Component:   {COMPONENT_DOMAIN} (port {prosody.component_port})
  Workgroups:  support@{COMPONENT_DOMAIN} (round_robin), sales@{COMPONENT_DOMAIN} (broadcast)
  Config:      {switchboard.config_path}
  Logs:        {switchboard.log_path}
               {prosody.log_path}

Try it:  open http://127.0.0.1:{prosody.http_port}/widget/ and log in as alice with any XMPP
         client: the page's "Chat with us" button appears; chat with her from it.
         ./deploy/demo_client.py ping    (pings {COMPONENT_DOMAIN} as an anonymous visitor)
         ./deploy/demo_client.py chat    (a visitor and Alice chat through support@)
Stop it: ./deploy/demo.sh stop
""")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "start":
        start(os.path.abspath(sys.argv[2]))
    elif len(sys.argv) == 2 and sys.argv[1] == "stop":
        stop()
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
