"""A real ejabberd 23.01 for integration tests, with the same interface as
fixtures.Prosody: free loopback ports, generated configuration in a temporary
directory, started as one Erlang process (TRAPS.md) and stopped afterwards."""

import os
import signal
import socket
import subprocess
import tempfile
import time

from fixtures import (AGENTS_HOST, ANON_HOST, COMPONENT_DOMAIN, COMPONENT_SECRET,
                      COMPONENT_STANZA_LIMIT, ServerFixture, free_port)

# What a client may send, as deploy/ejabberd-service.yml recommends: below 3,000 levels
# of nesting, the most ejabberd 23.01 survives (README, "Limits and known costs").
C2S_STANZA_LIMIT = 20000


def _xml_escape(text):
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("'", "&apos;").replace('"', "&quot;"))


def _yaml_str(text):
    """A double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _StreamProbe:
    """A raw c2s client stream (no TLS, no login): enough to see that the server answers
    and to register an account in band (XEP-0077)."""

    def __init__(self, port, host, timeout=2.0):
        from xml.etree.ElementTree import XMLPullParser
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.parser = XMLPullParser(events=("start", "end"))
        self.depth = 0
        self.deadline = time.monotonic() + timeout
        self.sock.sendall((
            "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            "xmlns:stream='http://etherx.jabber.org/streams' version='1.0' "
            f"to='{_xml_escape(host)}'>").encode())

    def next_top_level(self):
        """The next complete child of the stream (features, iq, ...) as an Element."""
        while True:
            for event, el in self.parser.read_events():
                if event == "start":
                    self.depth += 1
                else:
                    self.depth -= 1
                    if self.depth == 1:
                        return el
                    if self.depth == 0:
                        raise ConnectionError("the server closed the stream")
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer on the c2s stream")
            self.sock.settimeout(left)
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("the server closed the connection")
            self.parser.feed(data)

    def send(self, xml):
        self.sock.sendall(xml.encode())

    def close(self):
        try:
            self.sock.sendall(b"</stream:stream>")
        except OSError:
            pass
        self.sock.close()


class Ejabberd(ServerFixture):
    """A real ejabberd 23.01 on free loopback ports, with the same interface as Prosody:
    an agents' host, an anonymous visitors' host and a component domain for
    Switchboard. One `erl` process whose PID is the server's (TRAPS.md: "ejabberd 23.01
    as root, in the foreground"): its own node name, cookie and distribution port (no
    epmd), its Mnesia database and log in the temporary directory, so parallel tests
    never share anything. Accounts are registered in band once the server answers."""

    ERL_LIBS = "/usr/lib/x86_64-linux-gnu"

    def __init__(self, workdir=None, secret=COMPONENT_SECRET, domain=COMPONENT_DOMAIN,
                 ports=None, http_files_dir=None, c2s_stanza_limit=C2S_STANZA_LIMIT,
                 muc=False, more_components=()):
        import uuid
        # more_components: further component domains with the same secret (as
        # fixtures.Prosody has them), each on a listener of its own: one listener's
        # connection would serve all its hosts (component_port_for).
        self.more_components = tuple(more_components)
        self.more_ports = {domain: free_port() for domain in self.more_components}
        # muc: mod_muc, the server's MUC service at conference.localhost (conversation =
        # "muc" rooms).
        self.muc = muc
        # http_files_dir: a folder served at http://127.0.0.1:HTTP_PORT/widget/, on the
        # same origin as /bosh and /ws (as fixtures.Prosody does).
        self.http_files_dir = http_files_dir
        self.c2s_stanza_limit = c2s_stanza_limit
        self.owns_dir = workdir is None
        self.dir = workdir or tempfile.mkdtemp(prefix="sb-ejabberd-")
        self.secret = secret
        self.domain = domain
        self.c2s_port, self.component_port, self.http_port = ports or (
            free_port(), free_port(), free_port())
        self.dist_port = None
        self.proc = None
        self.started_once = False
        # The Mnesia schema belongs to the node name: keep it for restarts.
        self.node = f"sb{os.getpid()}x{uuid.uuid4().hex[:10]}@localhost"
        self.cookie = uuid.uuid4().hex
        self.spool_dir = os.path.join(self.dir, "spool")
        self.log_dir = os.path.join(self.dir, "log")
        self.config_path = os.path.join(self.dir, "ejabberd.yml")
        self.log_path = os.path.join(self.log_dir, "ejabberd.log")
        self.stdout_path = os.path.join(self.dir, "ejabberd.stdout")
        self.pending_users = []  # (local, password, host) to register at the next start
        os.makedirs(self.spool_dir, exist_ok=True)
        os.makedirs(self.log_dir, exist_ok=True)
        self._write_config()

    def _write_config(self):
        files_handler, files_module = "", ""
        if self.http_files_dir:
            files_handler = "\n      /widget: mod_http_fileserver"
            files_module = ("\n  mod_http_fileserver:\n"
                            f"    docroot: {_yaml_str(self.http_files_dir)}")
        # Rooms at conference.HOST; anyone may create them (the default, said out loud).
        muc_module = "\n  mod_muc:\n    access_create: all" if self.muc else ""
        more_listeners = "".join(
            f"\n  - port: {port}\n    ip: \"127.0.0.1\"\n    module: ejabberd_service"
            f"\n    hosts:\n      {_yaml_str(d)}:\n        password: {_yaml_str(self.secret)}"
            for d, port in self.more_ports.items())
        cfg = f"""# generated for Switchboard's tests; loopback only
hosts:
  - {AGENTS_HOST}
  - {ANON_HOST}
loglevel: info
log_rotate_count: 0
auth_method: internal
host_config:
  {ANON_HOST}:
    auth_method: anonymous
    anonymous_protocol: sasl_anon
registration_timeout: infinity
s2s_access: none
acme:
  auto: false
listen:
  - port: {self.c2s_port}
    ip: "127.0.0.1"
    module: ejabberd_c2s
    starttls: false
    max_stanza_size: {self.c2s_stanza_limit}
  - port: {self.component_port}
    ip: "127.0.0.1"
    module: ejabberd_service
    max_stanza_size: {COMPONENT_STANZA_LIMIT}
    hosts:
      {_yaml_str(self.domain)}:
        password: {_yaml_str(self.secret)}{more_listeners}
  - port: {self.http_port}
    ip: "127.0.0.1"
    module: ejabberd_http
    request_handlers:
      /bosh: mod_bosh
      /ws: ejabberd_http_ws{files_handler}
modules:
  mod_bosh: {{}}
  mod_disco: {{}}
  mod_offline: {{}}
  mod_ping: {{}}
  mod_roster: {{}}
  mod_register:
    access: all
    ip_access: all
  mod_version: {{}}{files_module}{muc_module}
"""
        with open(self.config_path, "w") as f:
            f.write(cfg)

    def component_port_for(self, domain):
        """The port a component for `domain` connects to."""
        return self.more_ports.get(domain, self.component_port)

    # -- accounts ---------------------------------------------------------------------

    def add_user(self, local, password, host=AGENTS_HOST):
        """Creates an account: in band (XEP-0077) on the running server, or at the next
        start when it is not running yet."""
        if self.proc is None or self.proc.poll() is not None:
            self.pending_users.append((local, password, host))
        else:
            self._register(local, password, host)

    def _register(self, local, password, host):
        probe = _StreamProbe(self.c2s_port, host, timeout=5.0)
        try:
            features = probe.next_top_level()
            if "register" not in features.tag and features.find(
                    "{http://jabber.org/features/iq-register}register") is None:
                raise RuntimeError(f"ejabberd offers no in-band registration on {host}")
            probe.send("<iq type='set' id='reg1'><query xmlns='jabber:iq:register'>"
                       f"<username>{_xml_escape(local)}</username>"
                       f"<password>{_xml_escape(password)}</password></query></iq>")
            while True:
                el = probe.next_top_level()
                if el.tag.endswith("}iq") and el.get("id") == "reg1":
                    break
        finally:
            probe.close()
        if el.get("type") != "result":
            from xml.etree.ElementTree import tostring
            raise RuntimeError(f"ejabberd refused to register {local}@{host}: "
                               + tostring(el, encoding="unicode"))

    # -- process ----------------------------------------------------------------------

    def start(self):
        """Starts ejabberd and waits until it answers a c2s stream header (its port
        accepts TCP a little before that) and listens on the component and HTTP ports.
        On the first start a port picked as free may have been taken meanwhile (tests
        run in parallel): new ports are picked then. A restart keeps its ports
        (Switchboard knows them) and its node name (the Mnesia schema is bound to it);
        the distribution port is picked afresh every time. Pending accounts are
        registered once it answers."""
        for _attempt in range(4):
            self.dist_port = free_port()
            offset = os.path.getsize(self.log_path) if os.path.exists(self.log_path) else 0
            env = dict(os.environ, EJABBERD_CONFIG_PATH=self.config_path,
                       EJABBERD_LOG_PATH=self.log_path, ERL_LIBS=self.ERL_LIBS,
                       ERL_CRASH_DUMP_BYTES="0")
            env.pop("EJABBERD_PID_PATH", None)
            cmd = ["/usr/bin/erl", "-sname", self.node, "-setcookie", self.cookie,
                   "-kernel", "inet_dist_use_interface", "{127,0,0,1}",
                   *self._distribution_args(env),
                   "+K", "true", "-mnesia", "dir", f'"{self.spool_dir}"',
                   "-s", "ejabberd", "-noinput"]
            with open(self.stdout_path, "ab") as out:
                self.proc = subprocess.Popen(cmd, cwd=self.spool_dir, env=env,
                                             stdin=subprocess.DEVNULL, stdout=out,
                                             stderr=subprocess.STDOUT,
                                             start_new_session=True)
            if self._wait_ready(offset):
                self.started_once = True
                users, self.pending_users = self.pending_users, []
                for user in users:
                    self._register(*user)
                return self
            self.stop()
            if not self.started_once:  # a restart keeps its ports, only the
                self.c2s_port, self.component_port, self.http_port = (  # dist port moves
                    free_port(), free_port(), free_port())
                self._write_config()
        raise RuntimeError("ejabberd did not become ready:\n" + self.log_tail())

    def _distribution_args(self, env):
        """How the node is found by other Erlang nodes: alone, on its own port without
        epmd (an ejabberd cluster overrides this: its nodes share a private epmd)."""
        return ["-erl_epmd_port", str(self.dist_port), "-start_epmd", "false"]

    def _answers_c2s(self):
        try:
            probe = _StreamProbe(self.c2s_port, AGENTS_HOST, timeout=0.5)
        except OSError:
            return False
        try:
            probe.next_top_level()  # <stream:features/>
            return True
        except Exception:  # refused, closed, timed out, or not yet XML
            return False
        finally:
            probe.close()

    def _wait_ready(self, log_offset, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                with open(self.log_path, errors="replace") as f:
                    f.seek(log_offset)
                    if "eaddrinuse" in f.read():
                        return False
            except OSError:
                pass
            if self._answers_c2s() and all(self._accepts(p) for p in
                                           (self.component_port, self.http_port)):
                return True
            time.sleep(0.05)
        return False

    @staticmethod
    def _accepts(port):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            return False

    # stop() (inherited) waits until the process is gone: ejabberd stops in 1-3 s, and
    # it would accept a second component connection for the same domain.

    def cleanup(self):
        """At the end of a test nothing of this server is read again: SIGKILL to its
        process group (its Erlang port programs too) instead of a stop of 1-3 s."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        self.proc = None
        super().cleanup()

    def log_tail(self, n=40):
        text = ""
        for path in (self.log_path, self.stdout_path):
            try:
                with open(path, errors="replace") as f:
                    text += f"--- {os.path.basename(path)}\n" + "".join(f.readlines()[-n:])
            except OSError:
                pass
        return text
