"""Real XMPP clients for integration tests: slixmpp, driven synchronously.

Every client of a test shares one asyncio loop; a test calls plain methods (ping,
disco, send, expect a message) that run the loop until the answer arrives or a
timeout passes. Nothing here knows Switchboard's internals: it speaks XMPP only.
"""

import asyncio
import logging

import slixmpp
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from fixtures import AGENTS_HOST, ANON_HOST

NICK_NS = "http://jabber.org/protocol/nick"
CHATSTATES_NS = "http://jabber.org/protocol/chatstates"
DELAY_NS = "urn:xmpp:delay"
WORKGROUP_NS = "http://jabber.org/protocol/workgroup"

LOOP = asyncio.new_event_loop()
asyncio.set_event_loop(LOOP)
logging.basicConfig(level=logging.WARNING)
# slixmpp leaves its stanza-filter task pending when a client disconnects; asyncio
# reports that at exit as an error, which is noise here.
logging.getLogger("asyncio").setLevel(logging.CRITICAL)


def run(awaitable, timeout=10.0):
    """Runs the shared loop until `awaitable` completes (or `timeout` seconds pass)."""
    return LOOP.run_until_complete(asyncio.wait_for(awaitable, timeout))


def pump(seconds):
    """Lets the shared loop process traffic for a while."""
    LOOP.run_until_complete(asyncio.sleep(seconds))


class Client:
    """One logged-in XMPP account (or an anonymous visitor)."""

    def __init__(self, prosody, local=None, password="pw", host=AGENTS_HOST):
        # `prosody`: the server fixture (Prosody or Ejabberd); only its c2s_port is used.
        self.anonymous = local is None
        if local is None:
            self.xmpp = slixmpp.ClientXMPP(ANON_HOST, "", sasl_mech="ANONYMOUS")
        else:
            self.xmpp = slixmpp.ClientXMPP(f"{local}@{host}", password)
        self.xmpp.enable_plaintext = True
        # slixmpp 1.8.3 ignores enable_plaintext; without this it refuses PLAIN on an
        # unencrypted stream, which ejabberd may need (TRAPS.md). Prosody is unaffected:
        # slixmpp still prefers SCRAM whenever the server offers it.
        self.xmpp["feature_mechanisms"].unencrypted_plain = True
        for plugin in ("xep_0030", "xep_0092", "xep_0199"):
            self.xmpp.register_plugin(plugin)
        self.prosody = prosody
        self.messages = asyncio.Queue()
        self.presences = {}  # bare JID -> the latest presence stanza received from it
        self.presence_log = []  # every presence received, in order
        self._started = LOOP.create_future()
        self._failed = LOOP.create_future()
        self.xmpp.add_event_handler("session_start", self._on_session_start)
        self.xmpp.add_event_handler("failed_auth", lambda *_: self._fail("authentication failed"))
        self.xmpp.add_event_handler("message", self._on_message)
        self.xmpp.add_event_handler("presence", self._on_presence)
        # Every message stanza, with or without a body (errors, bare chat states): slixmpp's
        # "message" event only fires for messages that carry a body.
        self.stanzas = asyncio.Queue()
        self.stanza_log = []  # the same, kept: never consumed by the expect_* helpers
        self.xmpp.register_handler(Callback(
            "every message", MatchXPath("{jabber:client}message"), self._on_stanza))

    def _on_stanza(self, msg):
        self.stanzas.put_nowait(msg)
        self.stanza_log.append(msg)

    def all_stanzas(self):
        """Every message stanza this client received so far (and, after a re-login, what
        the previous session of the same test received: `stanzas_before`)."""
        return getattr(self, "stanzas_before", []) + self.stanza_log

    def _fail(self, why):
        if not self._failed.done():
            self._failed.set_result(why)

    async def _on_session_start(self, _event):
        if not self.anonymous:
            # Like every real client: Prosody hands pending subscription requests only
            # to resources that fetched the roster.
            await self.xmpp.get_roster()
        self.xmpp.send_presence()
        if not self._started.done():
            self._started.set_result(True)

    def _on_message(self, msg):
        self.messages.put_nowait(msg)

    def _on_presence(self, pres):
        self.presences[pres["from"].bare] = pres
        self.presence_log.append(pres)

    @property
    def jid(self):
        return self.xmpp.boundjid

    def connect(self, timeout=10.0):
        self.xmpp.connect(address=("127.0.0.1", self.prosody.c2s_port), disable_starttls=True)

        async def started():
            done, _ = await asyncio.wait({self._started, self._failed},
                                         return_when=asyncio.FIRST_COMPLETED)
            if self._failed in done:
                raise RuntimeError(f"{self.xmpp.boundjid}: {self._failed.result()}")

        run(started(), timeout)
        return self

    def disconnect(self):
        if self.xmpp.is_connected():
            try:
                run(self.xmpp.disconnect(), 5)
            except asyncio.TimeoutError:
                pass

    def ping(self, jid, timeout=5):
        """Round-trip seconds; raises IqError / IqTimeout."""
        return run(self.xmpp["xep_0199"].ping(jid, timeout=timeout), timeout + 1)

    def ping_ok(self, jid, timeout=2):
        """True when `jid` answers a ping with a result."""
        try:
            self.ping(jid, timeout=timeout)
            return True
        except (IqError, IqTimeout, asyncio.TimeoutError):
            return False

    def disco_info(self, jid, timeout=5):
        iq = run(self.xmpp["xep_0030"].get_info(jid=jid, timeout=timeout), timeout + 1)
        return iq["disco_info"]

    def disco_items(self, jid, timeout=5):
        iq = run(self.xmpp["xep_0030"].get_items(jid=jid, timeout=timeout), timeout + 1)
        return iq["disco_items"]

    def version(self, jid, timeout=5):
        iq = run(self.xmpp["xep_0092"].get_version(jid, timeout=timeout), timeout + 1)
        return iq["software_version"]

    def send_iq_raw(self, to, type_, payload_xml, timeout=5):
        """Sends an iq with an arbitrary payload; returns the reply Iq (result or error)."""
        iq = self.xmpp.make_iq(ito=to, itype=type_)
        if payload_xml:
            from xml.etree import ElementTree as ET
            iq.append(ET.fromstring(payload_xml))
        try:
            return run(iq.send(timeout=timeout), timeout + 1)
        except IqError as e:
            return e.iq

    def send_message(self, to, body, mtype="chat", nick=None, lang=None, chat_state=None):
        """A message; `nick` adds XEP-0172 <nick/>, `lang` sets xml:lang, `chat_state`
        adds a XEP-0085 element (e.g. "composing")."""
        msg = self.xmpp.make_message(mto=to, mbody=body, mtype=mtype)
        if nick is not None:
            from xml.etree import ElementTree as ET
            el = ET.Element(f"{{{NICK_NS}}}nick")
            el.text = nick
            msg.append(el)
        if lang is not None:
            msg["lang"] = lang
        if chat_state is not None:
            from xml.etree import ElementTree as ET
            msg.append(ET.Element(f"{{{CHATSTATES_NS}}}{chat_state}"))
        msg.send()
        return msg["id"]

    def send_chat_state(self, to, state):
        """A message that carries only a XEP-0085 chat state (no body)."""
        self.send_message(to, None, chat_state=state)

    def expect_stanza(self, predicate, timeout=5.0, what="a matching message stanza"):
        """The next message stanza (any type, with or without body) for which
        `predicate(msg)` is true; stanzas that do not match are skipped."""

        async def wait():
            while True:
                msg = await self.stanzas.get()
                if predicate(msg):
                    return msg

        try:
            return run(wait(), timeout)
        except asyncio.TimeoutError:
            raise AssertionError(f"{self.jid} got no {what} within {timeout}s") from None

    def expect_error(self, sender, timeout=5.0):
        """The next message error from `sender`'s bare JID; returns its condition."""
        msg = self.expect_stanza(
            lambda m: m["type"] == "error" and m["from"].bare == sender, timeout,
            f"message error from {sender}")
        return msg["error"]["condition"]

    def expect_chat_state(self, sender, state, timeout=5.0):
        """The next message from `sender` that carries the chat state `state`."""
        return self.expect_stanza(
            lambda m: m["from"].bare == sender and chat_state_of(m) == state, timeout,
            f"<{state}/> chat state from {sender}")

    def collect(self, seconds=1.0, sender=None):
        """Bodies of the messages (from `sender`) that arrive within `seconds`; the
        others are dropped."""
        pump(seconds)
        bodies = []
        while not self.messages.empty():
            msg = self.messages.get_nowait()
            if sender is None or msg["from"].bare == sender:
                bodies.append(msg["body"])
        return bodies

    def expect_message(self, timeout=5.0, sender=None, contains=None):
        """The next message received (from `sender`'s bare JID, with `contains` in its
        body, when given); messages that do not match are skipped."""

        async def wait():
            while True:
                msg = await self.messages.get()
                if sender is not None and msg["from"].bare != sender:
                    continue
                if contains is not None and contains not in msg["body"]:
                    continue
                return msg

        try:
            return run(wait(), timeout)
        except asyncio.TimeoutError:
            raise AssertionError(f"{self.jid} got no message from {sender} containing "
                                 f"{contains!r} within {timeout}s") from None

    def no_message(self, seconds=1.0, sender=None, contains=None):
        """Asserts that no message (from `sender`, with `contains` in its body) arrives
        within `seconds`; messages received meanwhile are dropped."""
        pump(seconds)
        while not self.messages.empty():
            msg = self.messages.get_nowait()
            if ((sender is None or msg["from"].bare == sender) and
                    (contains is None or contains in msg["body"])):
                raise AssertionError(f"{self.jid} got an unexpected message: {msg['body']!r}")

    def drain(self):
        """Forgets every message received so far."""
        while not self.messages.empty():
            self.messages.get_nowait()
        while not self.stanzas.empty():
            self.stanzas.get_nowait()

    def send_presence_to(self, to, ptype=None, show=None):
        self.xmpp.send_presence(pto=to, ptype=ptype, pshow=show)

    def queue_count(self, jid):
        """The XEP-0142 <notify-queue><count/> of `jid`'s latest presence, as an int, or
        None when that presence carries none."""
        pres = self.presences.get(jid)
        if pres is None:
            return None
        count = pres.xml.find(f"{{{WORKGROUP_NS}}}notify-queue/{{{WORKGROUP_NS}}}count")
        if count is None or count.text is None or not count.text.strip().isdigit():
            return None
        return int(count.text.strip())

    def presences_from(self, jid):
        """Every presence received from `jid`'s bare JID so far, in order."""
        return [p for p in self.presence_log if p["from"].bare == jid]

    def availability(self, jid):
        """'open', 'full', 'closed' or None, from the latest presence of `jid`."""
        pres = self.presences.get(jid)
        if pres is None:
            return None
        if pres["type"] == "unavailable":
            return "closed"
        return {"chat": "open", "dnd": "full"}.get(pres["show"], "other")

    def wait_availability(self, jid, state, timeout=10.0):
        try:
            wait_until(lambda: self.availability(jid) == state, timeout)
        except TimeoutError:
            raise AssertionError(f"{jid} stayed {self.availability(jid)!r}, "
                                 f"expected {state!r}") from None


class BoshVisitor:
    """An anonymous visitor over BOSH (XEP-0124/0206), as the web widget logs in, that
    sends raw stanzas: enough to see what a server lets through that path (Prosody checks
    a BOSH request against http_max_content_size, ejabberd against the c2s listener's
    max_stanza_size). `post` raises urllib's errors when the server refuses a request."""

    BOSH_NS = "http://jabber.org/protocol/httpbind"

    def __init__(self, server):
        # `server`: the fixture; Prosody serves BOSH at /http-bind, ejabberd at /bosh.
        path = "/bosh" if type(server).__name__ == "Ejabberd" else "/http-bind"
        self.url = f"http://127.0.0.1:{server.http_port}{path}"
        self.rid = 4242
        self.sid = None
        self.jid = None

    def post(self, inner="", timeout=60, **attrs):
        """One request carrying `inner`; returns the response body as text."""
        import urllib.request
        self.rid += 1
        head = {"rid": str(self.rid), "xmlns": self.BOSH_NS}
        if self.sid:
            head["sid"] = self.sid
        head.update(attrs)
        body = ("<body " + " ".join(f"{k}='{v}'" for k, v in head.items()) + ">" + inner +
                "</body>")
        request = urllib.request.Request(self.url, data=body.encode(),
                                         headers={"Content-Type": "text/xml; charset=utf-8"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read().decode()

    def wrapper_size(self):
        """The bytes a request adds around what it carries."""
        return len(f"<body rid='{self.rid}' xmlns='{self.BOSH_NS}' sid='{self.sid}'></body>")

    def login(self):
        import re
        xbosh = {"xmlns:xmpp": "urn:xmpp:xbosh", "xml:lang": "en"}
        reply = self.post(to=ANON_HOST, ver="1.6", wait="1", hold="1",
                          **{"xmpp:version": "1.0"}, **xbosh)
        self.sid = re.search(r"sid=['\"]([^'\"]+)", reply).group(1)
        if "mechanism" not in reply:
            reply = self.post()  # the features, when they did not come with the session
        reply = self.post("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' "
                          "mechanism='ANONYMOUS'/>")
        if "success" not in reply:
            raise RuntimeError("anonymous BOSH login refused: " + reply)
        self.post(to=ANON_HOST, **{"xmpp:restart": "true"}, **xbosh)
        reply = self.post("<iq type='set' id='bind' xmlns='jabber:client'>"
                          "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>")
        self.jid = re.search(r"<jid>([^<]+)</jid>", reply).group(1)
        self.post("<iq type='set' id='session' xmlns='jabber:client'>"
                  "<session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>")
        return self


def chat_state_of(msg):
    """The XEP-0085 chat state carried by a message ("composing", ...), or None."""
    for child in msg.xml:
        if child.tag.startswith(f"{{{CHATSTATES_NS}}}"):
            return child.tag.split("}", 1)[1]
    return None


def delay_stamp(msg):
    """The XEP-0203 <delay/> stamp of a message as an aware datetime, or None."""
    from datetime import datetime
    delay = msg.xml.find(f"{{{DELAY_NS}}}delay")
    if delay is None or not delay.get("stamp"):
        return None
    return datetime.fromisoformat(delay.get("stamp").replace("Z", "+00:00"))


def wait_until(predicate, timeout=10.0, step=0.1):
    """Polls `predicate` (pumping the loop) until it is true; returns seconds waited."""
    start = LOOP.time()
    while LOOP.time() - start < timeout:
        if predicate():
            return LOOP.time() - start
        pump(step)
    raise TimeoutError(f"condition not met within {timeout}s")
