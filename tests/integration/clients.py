"""Real XMPP clients for integration tests: slixmpp, driven synchronously.

Every client of a test shares one asyncio loop; a test calls plain methods (ping,
disco, send, expect a message) that run the loop until the answer arrives or a
timeout passes. Nothing here knows Switchboard's internals: it speaks XMPP only.
"""

import asyncio
import logging

import slixmpp
from slixmpp.exceptions import IqError, IqTimeout

from fixtures import AGENTS_HOST, ANON_HOST

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
        if local is None:
            self.xmpp = slixmpp.ClientXMPP(ANON_HOST, "", sasl_mech="ANONYMOUS")
        else:
            self.xmpp = slixmpp.ClientXMPP(f"{local}@{host}", password)
        self.xmpp.enable_plaintext = True
        for plugin in ("xep_0030", "xep_0092", "xep_0199"):
            self.xmpp.register_plugin(plugin)
        self.prosody = prosody
        self.messages = asyncio.Queue()
        self._started = LOOP.create_future()
        self._failed = LOOP.create_future()
        self.xmpp.add_event_handler("session_start", self._on_session_start)
        self.xmpp.add_event_handler("failed_auth", lambda *_: self._fail("authentication failed"))
        self.xmpp.add_event_handler("message", self._on_message)

    def _fail(self, why):
        if not self._failed.done():
            self._failed.set_result(why)

    def _on_session_start(self, _event):
        self.xmpp.send_presence()
        if not self._started.done():
            self._started.set_result(True)

    def _on_message(self, msg):
        self.messages.put_nowait(msg)

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

    def send_message(self, to, body, mtype="chat"):
        self.xmpp.send_message(mto=to, mbody=body, mtype=mtype)

    def expect_message(self, timeout=5.0, sender=None):
        """The next message received (from `sender`'s bare JID when given)."""

        async def wait():
            while True:
                msg = await self.messages.get()
                if sender is None or msg["from"].bare == sender:
                    return msg

        return run(wait(), timeout)


def wait_until(predicate, timeout=10.0, step=0.1):
    """Polls `predicate` (pumping the loop) until it is true; returns seconds waited."""
    start = LOOP.time()
    while LOOP.time() - start < timeout:
        if predicate():
            return LOOP.time() - start
        pump(step)
    raise TimeoutError(f"condition not met within {timeout}s")
