#!/usr/bin/env python3
"""Runs the load tool (switchboard_load) against a real Prosody and Switchboard that it
starts itself on free loopback ports, with the trivial relay beside them for comparison.

    tests/load/run.py --smoke                  # a few seconds; what CI runs
    tests/load/run.py [--visitors 200 --agents 20 --seconds 10]   # one closed-loop run
    tests/load/run.py --sweep OUT_DIR          # offered load 500..6000/s, CSV + PNG plot
    tests/load/run.py --waiting 10000          # RSS and database per waiting visitor

Needs SWITCHBOARD_BIN and LOAD_BIN (ctest sets both), or --switchboard / --load.
Figures and commands: tests/load/README.md.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))

from fixtures import COMPONENT_SECRET, Prosody, Switchboard  # noqa: E402

LOAD_DOMAIN = "load.localhost"
RELAY_DOMAIN = "relay.localhost"


def workgroup_toml(agents, mode, max_chats):
    lines = [
        "[limits]",
        "messages_per_second = 1000",
        "burst = 1000",
        "",
        "[workgroups.support]",
        f'mode = "{mode}"',
        "max_queue = 100000",
        "offer_timeout = \"10m\"",
        "queue_timeout = \"1h\"",
        "",
    ]
    for j in range(agents):
        lines += ["[[workgroups.support.agents]]", f'jid = "a{j}@{LOAD_DOMAIN}"',
                  f'name = "Agent {j}"', f"max_chats = {max_chats}", ""]
    return "\n".join(lines)


class Rig:
    """Prosody with three components: Switchboard, the load tool, the trivial relay."""

    def __init__(self, args, mode="round_robin", agents=None):
        self.args = args
        self.dir = tempfile.mkdtemp(prefix="sb-load-")
        self.prosody = Prosody(workdir=self.dir, more_components=(LOAD_DOMAIN, RELAY_DOMAIN))
        self.prosody.start()
        agents = agents or args.agents
        self.switchboard = Switchboard(
            self.prosody, workgroups=workgroup_toml(agents, mode, max(4, args.visitors)),
            log_level=args.log_level, workdir=self.dir, storage_path=args.storage)
        self.switchboard.start()
        self.relay = subprocess.Popen(
            [args.load, "--relay", "--port", str(self.prosody.component_port),
             "--secret", COMPONENT_SECRET, "--domain", RELAY_DOMAIN,
             "--agent-domain", LOAD_DOMAIN, "--agents", str(args.agents)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait_connected()

    def _wait_connected(self, timeout=15.0):
        import time
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "connected to " in self.switchboard.log():
                time.sleep(0.5)
                return
            if self.switchboard.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError("Switchboard did not connect:\n" + self.switchboard.log()[-3000:])

    def load(self, *extra, trivial=True):
        cmd = [self.args.load, "--port", str(self.prosody.component_port),
               "--secret", COMPONENT_SECRET, "--domain", LOAD_DOMAIN,
               "--workgroup", f"support@{self.prosody.domain}",
               "--switchboard-pid", str(self.switchboard.proc.pid),
               "--server-pid", str(self.prosody.proc.pid),
               "--relay-pid", str(self.relay.pid)]
        if trivial:
            cmd += ["--trivial", f"relay@{RELAY_DOMAIN}"]
        cmd += [str(x) for x in extra]
        print("$", " ".join(os.path.basename(c) if c == self.args.load else c for c in cmd),
              flush=True)
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        sys.stdout.write(out.stdout)
        sys.stderr.write(out.stderr)
        return out

    def close(self):
        self.relay.terminate()
        self.relay.wait(timeout=10)
        self.switchboard.stop()
        self.prosody.stop()
        if not self.args.keep:
            shutil.rmtree(self.dir, ignore_errors=True)
        else:
            print("kept", self.dir)


def smoke(args):
    """A few seconds through both targets: every figure is there and makes sense."""
    args.visitors, args.agents = 20, 4
    rig = Rig(args)
    try:
        out = rig.load("--visitors", 20, "--agents", 4, "--seconds", 3, "--warmup", 1,
                       "--lines-per-chat", 5)
    finally:
        rig.close()
    assert out.returncode == 0, out.stderr
    trips = [float(x) for x in re.findall(r"round trips/s\s+([\d.]+)", out.stdout)]
    assert len(trips) == 2 and all(t > 0 for t in trips), out.stdout
    chats = [float(x) for x in re.findall(r"conversations/s\s+([\d.]+)", out.stdout)]
    assert len(chats) == 2 and chats[1] > 0, "Switchboard routed no new conversation"
    assert "errors:" not in out.stdout, out.stdout
    assert re.search(r"cpu s\s+support@\S+ [\d.]+\s+server [\d.]+", out.stdout), out.stdout
    print("smoke run: OK")


def sweep(args):
    os.makedirs(args.sweep, exist_ok=True)
    csv = os.path.join(args.sweep, "sweep.csv")
    if os.path.exists(csv):
        os.remove(csv)
    rig = Rig(args)
    try:
        rig.load("--visitors", args.visitors, "--agents", args.agents, "--seconds", args.seconds,
                 "--csv", csv, "--label", "closed")
        for rate in args.rates:
            rig.load("--visitors", args.visitors, "--agents", args.agents,
                     "--seconds", args.seconds, "--rate", rate, "--csv", csv,
                     "--label", f"rate{rate}")
    finally:
        rig.close()
    plot(csv, os.path.join(args.sweep, "sweep.png"))


def plot(csv, png):
    if shutil.which("gnuplot") is None:
        print("gnuplot not installed: no plot", file=sys.stderr)
        return
    rows = [line.strip().split(",") for line in open(csv)][1:]
    data = {}
    for r in rows:
        if r[0].startswith("rate"):
            data.setdefault(r[1], []).append((float(r[4]), float(r[6]), float(r[10])))
    files = []
    for target, points in data.items():
        name = os.path.join(os.path.dirname(png), re.sub(r"\W", "_", target) + ".dat")
        with open(name, "w") as f:
            for p in sorted(points):
                f.write("%g %g %g\n" % p)
        files.append((target, name))
    script = [
        "set terminal pngcairo size 1000,450 font ',10'",
        f"set output '{png}'",
        "set multiplot layout 1,2 title 'Switchboard vs a trivial relay through one Prosody'",
        "set xlabel 'offered load (lines/s)'", "set ylabel 'round trips/s'", "set key left top",
        "plot " + ", ".join(f"'{n}' using 1:2 with linespoints title '{t}' noenhanced" for t, n in files),
        "set ylabel 'p99 round trip (ms)'", "set logscale y",
        "plot " + ", ".join(f"'{n}' using 1:3 with linespoints title '{t}' noenhanced" for t, n in files),
        "unset multiplot",
    ]
    subprocess.run(["gnuplot"], input="\n".join(script), text=True, check=True)
    print("plot:", png)


def waiting(args):
    # Queue mode with one agent online who never pulls: every visitor waits.
    args.agents = 1
    rig = Rig(args, mode="queue", agents=1)
    try:
        rig.load("--waiting", args.waiting, "--agents", 1,
                 "--db", os.path.join(rig.dir, "state.db"), trivial=False)
    finally:
        rig.close()


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--smoke", action="store_true")
    p.add_argument("--sweep", metavar="OUT_DIR")
    p.add_argument("--rates", type=int, nargs="+",
                   default=[500, 1000, 2000, 3000, 4000, 5000, 6000])
    p.add_argument("--waiting", type=int, default=0)
    p.add_argument("--rate", type=int, default=0, help="open loop: lines per second")
    p.add_argument("--no-trivial", action="store_true", help="Switchboard only")
    p.add_argument("--visitors", type=int, default=200)
    p.add_argument("--agents", type=int, default=20)
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--log-level", default="info")
    p.add_argument("--storage", help="Switchboard's storage.path (default: a file in the "
                   "temporary directory; ':memory:' shows what the disk costs)")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    p.add_argument("--switchboard", default=os.environ.get("SWITCHBOARD_BIN"))
    p.add_argument("--load", default=os.environ.get("LOAD_BIN"))
    args = p.parse_args()
    if not args.switchboard or not args.load:
        p.error("set SWITCHBOARD_BIN and LOAD_BIN (or --switchboard and --load)")
    os.environ["SWITCHBOARD_BIN"] = args.switchboard
    if args.smoke:
        smoke(args)
    elif args.sweep:
        sweep(args)
    elif args.waiting:
        waiting(args)
    else:
        rig = Rig(args)
        try:
            out = rig.load("--visitors", args.visitors, "--agents", args.agents,
                           "--seconds", args.seconds, "--rate", args.rate or 0,
                           trivial=not args.no_trivial)
        finally:
            rig.close()
        sys.exit(out.returncode)


if __name__ == "__main__":
    main()
