"""Two (or more) real ejabberd 23.01 nodes on loopback joined into one cluster, for the
"More than one machine" tests: the nodes share a cookie and a private epmd on a free port
(the single-node fixture runs without epmd, which cannot find a second node), and each
later node joins the first with ejabberd's own join_cluster (what `ejabberdctl
join_cluster` calls), so accounts, routes and sessions are shared."""

import os
import signal
import socket
import subprocess
import time
import uuid

from ejabberd_fixture import Ejabberd
from fixtures import free_port


class ClusterNode(Ejabberd):
    """One node: its own ports, spool and log; the cluster's cookie and epmd."""

    def __init__(self, cluster, **options):
        self.cluster = cluster
        super().__init__(**options)
        self.cookie = cluster.cookie

    def _distribution_args(self, env):
        env["ERL_EPMD_PORT"] = str(self.cluster.epmd_port)
        return ["-start_epmd", "false"]

    def kill(self):
        """The machine dies: SIGKILL to the node's whole process group."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


class EjabberdCluster:
    def __init__(self, size=2, **options):
        self.cookie = uuid.uuid4().hex
        self.epmd_port = free_port()
        self.epmd = subprocess.Popen(
            ["/usr/bin/epmd", "-port", str(self.epmd_port)],
            env=dict(os.environ, ERL_EPMD_ADDRESS="127.0.0.1"),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        self._wait_port(self.epmd_port)
        self.nodes = [ClusterNode(self, **options) for _ in range(size)]

    @staticmethod
    def _wait_port(port, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"nothing listens on port {port}")

    def add_user(self, local, password, host=None):
        """Accounts go to the first node (after the join they are the cluster's)."""
        if host is None:
            self.nodes[0].add_user(local, password)
        else:
            self.nodes[0].add_user(local, password, host)

    def start(self):
        first = self.nodes[0]
        first.start()
        for node in self.nodes[1:]:
            node.start()
            self._join(node, first)
        return self

    def _join(self, node, to):
        """`node` joins the cluster of `to`; ejabberd restarts on `node` meanwhile."""
        call = (f"R = rpc:call('{node.node}', ejabberd_admin, join_cluster, "
                f"[<<\"{to.node}\">>], 60000), io:format(\"~p~n\", [R]), halt().")
        env = dict(os.environ, ERL_EPMD_PORT=str(self.epmd_port))
        out = subprocess.run(
            ["/usr/bin/erl", "-sname", f"join{uuid.uuid4().hex[:8]}@localhost", "-setcookie",
             self.cookie, "-start_epmd", "false", "-noinput", "-hidden", "-eval", call],
            env=env, capture_output=True, text=True, timeout=90)
        if "ok" not in out.stdout:
            raise RuntimeError(f"{node.node} could not join {to.node}: {out.stdout}"
                               f"{out.stderr}\n" + node.log_tail())
        # The node answers again once ejabberd is back up on it.
        deadline = time.monotonic() + 30
        while not (node._answers_c2s() and node._accepts(node.component_port)):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{node.node} did not come back after joining:\n"
                                   + node.log_tail())
            time.sleep(0.1)
        self.check_members(len(self.nodes[:self.nodes.index(node) + 1]))

    def check_members(self, expected):
        """Raises unless the first node counts `expected` running nodes."""
        call = (f"N = rpc:call('{self.nodes[0].node}', ejabberd_cluster, get_nodes, []), "
                "io:format(\"~p~n\", [length(N)]), halt().")
        out = subprocess.run(
            ["/usr/bin/erl", "-sname", f"ask{uuid.uuid4().hex[:8]}@localhost", "-setcookie",
             self.cookie, "-start_epmd", "false", "-noinput", "-hidden", "-eval", call],
            env=dict(os.environ, ERL_EPMD_PORT=str(self.epmd_port)), capture_output=True,
            text=True, timeout=30)
        if out.stdout.strip() != str(expected):
            raise RuntimeError(f"the cluster has {out.stdout.strip()!r} nodes, not {expected}")

    def cleanup(self):
        for node in self.nodes:
            node.cleanup()
        if self.epmd.poll() is None:
            os.killpg(self.epmd.pid, signal.SIGKILL)
            self.epmd.wait()
