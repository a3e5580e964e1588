"""Real parts for integration tests: a loopback Prosody (or ejabberd) and a Switchboard
process.

Both start on free loopback ports, with generated configuration in a temporary
directory, and stop when the test ends. The demo (deploy/demo.sh) uses the same
pieces, so what the tests prove is what a newcomer runs.
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

COMPONENT_DOMAIN = "desk.localhost"
AGENTS_HOST = "localhost"
ANON_HOST = "anon.localhost"
MUC_DOMAIN = "conference.localhost"  # the servers' MUC service, where the fixture has one
COMPONENT_SECRET = "component-secret-for-tests"
# The servers' stanza size limits, as deploy/ recommends them (README, "Limits and known
# costs"): what a client of Prosody may send (ejabberd_fixture has its own), and what the
# component may send.
C2S_STANZA_LIMIT = 32 * 1024
COMPONENT_STANZA_LIMIT = 512 * 1024


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _terminate(proc, timeout=10):
    """SIGTERM, then SIGKILL if the process has not exited within `timeout` seconds."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _prosody_encode(name):
    """Prosody's datamanager file-name encoding: every non-alphanumeric byte as %xx."""
    return "".join(c if c.isalnum() else "%%%02x" % ord(c) for c in name)


class ServerFixture:
    """What every XMPP server fixture shares: `proc`, `dir`, `owns_dir`, and start()."""

    def stop(self):
        """SIGTERM, then SIGKILL; returns once the process is gone."""
        _terminate(self.proc)
        self.proc = None

    def restart(self):
        self.stop()
        self.start()

    def cleanup(self):
        self.stop()
        if self.owns_dir:
            shutil.rmtree(self.dir, ignore_errors=True)


class Prosody(ServerFixture):
    """A real Prosody on free loopback ports: an agents' host, an anonymous visitors'
    host and a component domain for Switchboard."""

    def __init__(self, workdir=None, secret=COMPONENT_SECRET, domain=COMPONENT_DOMAIN,
                 ports=None, http_files_dir=None, c2s_stanza_limit=C2S_STANZA_LIMIT,
                 more_components=(), muc=False):
        # http_files_dir: a folder served at http://127.0.0.1:HTTP_PORT/widget/ (the web
        # widget's files and pages), on the same origin as BOSH and WebSocket.
        self.http_files_dir = http_files_dir
        # more_components: further component domains with the same secret (the load
        # tool's visitors and agents, its trivial relay).
        self.more_components = tuple(more_components)
        # muc: the server's own MUC service at MUC_DOMAIN (conversation = "muc" rooms).
        self.muc = muc
        self.c2s_stanza_limit = c2s_stanza_limit
        self.owns_dir = workdir is None
        self.dir = workdir or tempfile.mkdtemp(prefix="sb-prosody-")
        self.secret = secret
        self.domain = domain
        self.c2s_port, self.component_port, self.http_port = ports or (
            free_port(), free_port(), free_port())
        self.proc = None
        self.started_once = False
        self.data_dir = os.path.join(self.dir, "data")
        self.config_path = os.path.join(self.dir, "prosody.cfg.lua")
        self.log_path = os.path.join(self.dir, "prosody.log")
        os.makedirs(self.data_dir, exist_ok=True)
        self._write_config()

    def _write_config(self):
        files_module, files = "", ""
        if self.http_files_dir:
            # HTTP is routed by Host header: requests to 127.0.0.1 go to the anon host.
            files_module = ' "http_files";'
            files = (f'http_files_dir = "{self.http_files_dir}"\n'
                     f'http_paths = {{ files = "/widget" }}\n'
                     f'http_default_host = "{ANON_HOST}"\n')
        cfg = f"""-- generated for Switchboard's tests and demo; loopback only
daemonize = false
run_as_root = true
pidfile = "{self.dir}/prosody.pid"
data_path = "{self.data_dir}"
interfaces = {{ "127.0.0.1" }}
c2s_ports = {{ {self.c2s_port} }}
component_ports = {{ {self.component_port} }}
component_interfaces = {{ "127.0.0.1" }}
http_ports = {{ {self.http_port} }}
http_interfaces = {{ "127.0.0.1" }}
https_ports = {{ }}
s2s_ports = {{ }}
admins = {{ }}
modules_enabled = {{
    "roster"; "saslauth"; "disco"; "ping"; "presence"; "message"; "iq";
    "bosh"; "websocket"; "version"; "time"; "uptime";{files_module}
}}
modules_disabled = {{ "s2s"; "tls"; }}
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
consider_bosh_secure = true
consider_websocket_secure = true
cross_domain_bosh = true
cross_domain_websocket = true
authentication = "internal_plain"
storage = "internal"
c2s_stanza_size_limit = {self.c2s_stanza_limit}
http_max_content_size = {self.c2s_stanza_limit}
component_stanza_size_limit = {COMPONENT_STANZA_LIMIT}
{files}log = {{ {{ levels = {{ min = "info" }}, to = "file", filename = "{self.log_path}" }} }}

VirtualHost "{AGENTS_HOST}"

VirtualHost "{ANON_HOST}"
    authentication = "anonymous"

Component "{self.domain}"
    component_secret = "{self.secret}"
"""
        for domain in self.more_components:
            cfg += f'\nComponent "{domain}"\n    component_secret = "{self.secret}"\n'
        if self.muc:
            # Anyone may create rooms (the default, said out loud): Switchboard's
            # conversation JIDs are on its component domain, not a local host.
            cfg += f'\nComponent "{MUC_DOMAIN}" "muc"\n    restrict_room_creation = false\n'
        with open(self.config_path, "w") as f:
            f.write(cfg)

    def component_port_for(self, domain):
        """The port a component for `domain` connects to: one for all here."""
        return self.component_port

    def add_user(self, local, password, host=AGENTS_HOST):
        """Creates an account by writing Prosody's internal_plain store directly."""
        accounts = os.path.join(self.data_dir, _prosody_encode(host), "accounts")
        os.makedirs(accounts, exist_ok=True)
        with open(os.path.join(accounts, _prosody_encode(local) + ".dat"), "w") as f:
            f.write('return {\n\t["password"] = "%s";\n};\n' % password)

    def start(self):
        """Starts Prosody and waits until *it* listens on its ports. A port picked as free
        may have been taken meanwhile (tests run in parallel); on the first start, new
        ports are picked then. A restart keeps its ports: Switchboard knows them."""
        for _attempt in range(5):
            offset = os.path.getsize(self.log_path) if os.path.exists(self.log_path) else 0
            with open(os.path.join(self.dir, "prosody.stderr"), "ab") as err:
                self.proc = subprocess.Popen(["prosody", "--config", self.config_path],
                                             stdout=subprocess.DEVNULL, stderr=err,
                                             start_new_session=True)
            if self._wait_listening(offset):
                self.started_once = True
                return self
            self.stop()
            if self.started_once:
                break
            self.c2s_port, self.component_port, self.http_port = (
                free_port(), free_port(), free_port())
            self._write_config()
        raise RuntimeError("Prosody could not listen on its ports:\n" + self.log_tail())

    def _wait_listening(self, log_offset, timeout=15.0):
        wanted = [f"Activated service '{service}' on [127.0.0.1]:{port}"
                  for service, port in (("c2s", self.c2s_port),
                                        ("component", self.component_port),
                                        ("http", self.http_port))]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with open(self.log_path, errors="replace") as f:
                    f.seek(log_offset)
                    text = f.read()
            except OSError:
                text = ""
            if "Failed to open server port" in text or self.proc.poll() is not None:
                return False
            if all(line in text for line in wanted):
                return True
            time.sleep(0.05)
        return False

    def log_tail(self, n=40):
        try:
            with open(self.log_path) as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""


def switchboard_binary():
    """The binary under test: $SWITCHBOARD_BIN, as set by ctest."""
    path = os.environ.get("SWITCHBOARD_BIN")
    if not path or not os.path.exists(path):
        raise RuntimeError("set SWITCHBOARD_BIN to the built switchboard binary")
    return path


DEFAULT_WORKGROUPS = """
[workgroups.support]
mode = "round_robin"

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"

[[workgroups.support.agents]]
jid = "bob@localhost"
name = "Bob"

[workgroups.sales]
mode = "broadcast"

[[workgroups.sales.agents]]
jid = "alice@localhost"
name = "Alice"
"""


class Switchboard:
    """The switchboard binary, configured for a Prosody fixture."""

    def __init__(self, prosody, workgroups=DEFAULT_WORKGROUPS, secret=None, domain=None,
                 extra_server="", log_level="debug", workdir=None, storage_path=None,
                 port=None):
        # port: where to reach the server's component listener, if not directly (a
        # CuttableLink in front of it).
        self.prosody = prosody
        self.dir = workdir or prosody.dir
        self.domain = domain or prosody.domain
        self.config_path = os.path.join(self.dir, "switchboard.toml")
        self.log_path = os.path.join(self.dir, "switchboard.log")
        self.proc = None
        with open(self.config_path, "w") as f:
            f.write(f"""[server]
host = "127.0.0.1"
port = {port or prosody.component_port}
domain = "{self.domain}"
secret = "{secret or prosody.secret}"
{extra_server}

[storage]
path = "{storage_path or os.path.join(self.dir, 'state.db')}"

[log]
level = "{log_level}"
{workgroups}""")

    def start(self):
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen([switchboard_binary(), "--config", self.config_path],
                                         stdout=log, stderr=log, start_new_session=True)
        return self

    def wait_exit(self, timeout=10):
        return self.proc.wait(timeout=timeout)

    def signal(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)

    def stop(self):
        _terminate(self.proc)

    def log(self):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()
        except OSError:
            return ""


class CuttableLink:
    """A TCP relay on a free loopback port to `target_port`, for a connection the test cuts
    without restarting either end: `cut(seconds)` closes every connection it carries and
    refuses new ones for that long (they are accepted and closed at once); `silence()`
    keeps every connection open but carries no more bytes, as a partition would."""

    def __init__(self, target_port):
        import threading
        self.target_port = target_port
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.sockets = []
        self.closed = False
        self.silent = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        import threading
        while not self.closed:
            try:
                inbound, _ = self.listener.accept()
            except OSError:
                return
            if time.monotonic() < self.down_until:
                inbound.close()
                continue
            try:
                outbound = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except OSError:
                inbound.close()
                continue
            outbound.settimeout(None)
            with self.lock:
                self.sockets += [inbound, outbound]
            for a, b in ((inbound, outbound), (outbound, inbound)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if not self.silent:  # silenced: read and dropped, never answered
                    dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def silence(self):
        self.silent = True

    def cut(self, seconds):
        self.down_until = time.monotonic() + seconds
        with self.lock:
            sockets, self.sockets = self.sockets, []
        for s in sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def close(self):
        self.closed = True
        self.cut(0)
        self.listener.close()
