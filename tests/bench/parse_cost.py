#!/usr/bin/python3
"""What one stanza from an anonymous visitor can cost Switchboard before any of its own
code runs (issue 10, item 5; README, "Limits and known costs").

libstrophe 0.12 parses each stanza into a tree whose child lists it walks from the start
for every child it appends, so one element with N children costs time quadratic in N.
The server's stanza size limit is what bounds N. This starts a real server with the
given c2s limit and a real Switchboard, logs in an anonymous visitor over BOSH (the web
widget's path; Prosody's c2s_max_child_elements does not apply there, and the byte limit
is all that counts; or over c2s), sends messages as large as the limit lets through, each
of one shape, and reads Switchboard's CPU time (utime + stime in /proc/PID/stat) before the
message and after a ping sent behind it has been answered.

    SWITCHBOARD_BIN=build/component/switchboard /usr/bin/python3 tests/bench/parse_cost.py \\
        [--server prosody|ejabberd] [--limit BYTES] [--via bosh|c2s [--over BYTES]]
        [--runs N] [--shapes empty,text,deep,body]
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))

from clients import BoshVisitor, Client  # noqa: E402
from fixtures import C2S_STANZA_LIMIT, COMPONENT_DOMAIN, Prosody, Switchboard  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
WORKGROUP = f"support@{COMPONENT_DOMAIN}"


def message(inner):
    return (f"<message xmlns='jabber:client' to='{WORKGROUP}' type='chat'>"
            f"<body>x</body>{inner}</message>")


def fill(unit, room, close=""):
    """As many `unit`s (and their `close`s) as fit in `room` bytes."""
    n = room // (len(unit) + len(close))
    return unit * n + close * n, n


# name -> (what it is, a function of the room left in bytes -> (payload, units))
SHAPES = {
    "empty": ("empty children <a/>", lambda room: fill("<a/>", room)),
    "text": ("children with text between: <a/>x", lambda room: fill("<a/>x", room)),
    "deep": ("nesting <a>...</a>", lambda room: fill("<a>", room, "</a>")),
    "body": ("one body of plain text (what a chat costs)",
             lambda room: ("<body>" + "x" * (room - 13) + "</body>", 1)),
}


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def sender(args, server):
    """A function that sends one stanza from an anonymous visitor, and the bytes a stanza
    may have over that path. BOSH: one request per stanza, exactly as large as the limit
    allows. c2s: a stream whose limit the server checks once per read (8 KiB at a time
    in Prosody), so a stanza a little over the limit may pass; `--over` tries that."""
    if args.via == "bosh":
        bosh = BoshVisitor(server).login()
        room = args.limit - bosh.wrapper_size() - 64

        def post(stanza):
            # A session left idle while Switchboard was busy may have timed out (60 s).
            if "terminate" in bosh.post():
                bosh.__init__(server)
                bosh.login()
            bosh.post(stanza)

        return bosh.jid, post, room
    state = {"client": None}

    def send(stanza):
        client = state["client"]
        if client is None or not client.xmpp.is_connected():
            client = state["client"] = Client(server).connect()
        client.xmpp.send_raw(stanza)

    return "a new anonymous c2s login when the last was closed", send, args.limit + args.over


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--server", choices=("prosody", "ejabberd"), default="prosody")
    ap.add_argument("--limit", type=int,
                    help="the server's c2s stanza size limit in bytes (default: the fixture's,"
                    " as deploy/ recommends)")
    ap.add_argument("--via", choices=("bosh", "c2s"), default="bosh")
    ap.add_argument("--over", type=int, default=0, help="c2s: bytes over the limit to send")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--shapes", default=",".join(SHAPES))
    args = ap.parse_args()

    if args.server == "ejabberd":
        from ejabberd_fixture import C2S_STANZA_LIMIT as limit, Ejabberd as fixture
    else:
        limit, fixture = C2S_STANZA_LIMIT, Prosody
    args.limit = args.limit or limit
    server = fixture(c2s_stanza_limit=args.limit)
    server.add_user("carol", "pw")
    server.start()
    switchboard = None
    probe = None
    try:
        switchboard = Switchboard(server, log_level="warn").start()
        probe = Client(server, "carol").connect()
        deadline = time.monotonic() + 10
        while not probe.ping_ok(COMPONENT_DOMAIN, timeout=1):
            if time.monotonic() > deadline:
                raise RuntimeError("Switchboard never answered:\n" + switchboard.log())
        who, send, size = sender(args, server)
        room = size - len(message(""))
        print(f"{args.server}, c2s limit {args.limit} bytes, over {args.via} ({who}), "
              f"{args.runs} runs per shape; Switchboard's CPU time per message")
        for name in args.shapes.split(","):
            what, make = SHAPES[name]
            payload, units = make(room)
            stanza = message(payload)
            costs = []
            for _ in range(args.runs):
                before = cpu_seconds(switchboard.proc.pid)
                started = time.monotonic()
                try:
                    send(stanza)
                except OSError as e:  # urllib's errors included: the server refused it
                    print(f"  {name:5}: refused ({e})")
                # The ping reaches Switchboard behind the message, on the same stream.
                probe.ping(COMPONENT_DOMAIN, timeout=600)
                costs.append((cpu_seconds(switchboard.proc.pid) - before,
                              time.monotonic() - started))
            cpu = [c for c, _ in costs]
            print(f"  {name:5} {what}: {units} units, {len(stanza)} bytes: "
                  f"median {statistics.median(cpu):.2f} s, max {max(cpu):.2f} s "
                  f"(wall max {max(w for _, w in costs):.2f} s)")
        if switchboard.proc.poll() is not None:
            print("Switchboard exited:\n" + switchboard.log()[-2000:])
            return 1
        lost = switchboard.log().count("lost the connection")
        print(f"component connection lost {lost} time(s) during the run")
        return 0
    finally:
        if probe:
            probe.disconnect()
        if switchboard:
            switchboard.stop()
        server.cleanup()


if __name__ == "__main__":
    sys.exit(main())
