"""converse.js as the help desk's visitor (issue 12; PRODUCT.md, "Group chat (MUC) on both
sides"): the widget many XMPP sites already use, embedded in a shop's page
(tests/integration/converse/index.html, `view_mode: 'embedded'`, anonymous login over
WebSocket, `auto_join_rooms` = the workgroup JID with a nickname), in Debian's headless
Chromium, against the test's own Prosody; the agent is a slixmpp client. Assertions read
what the visitor sees on the page: the message box, and each chat line's author and text.

converse.js comes from npm at the version pinned in tests/integration/converse/
package-lock.json; its build.sh installs it with `npm ci` on a clean machine. Screenshots
go to $SB_SCREENSHOTS (ctest sets build/screenshots)."""

import os
import shutil
import subprocess
import tempfile
import unittest

from base import ConversationTestCase, conversation_jid, workgroup_jid
from browser import ROOT, Browser, build_widget, npm_lock
from ejabberd_fixture import Ejabberd
from fixtures import Prosody

SUPPORT = workgroup_jid("support")
WELCOME = "Hi! Someone will be with you shortly."
CONVERSE_SRC = os.path.join(ROOT, "tests", "integration", "converse")
CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
SHOTS = os.environ.get("SB_SCREENSHOTS") or os.path.join(tempfile.gettempdir(),
                                                          "switchboard-screenshots")
SITE = None
BROWSER = None


def setUpModule():
    global SITE, BROWSER
    if not os.path.exists(CHROMIUM):
        raise unittest.SkipTest(f"no Chromium at {CHROMIUM} (tests/run.sh installs "
                                "Debian's chromium package)")
    SITE = tempfile.mkdtemp(prefix="sb-converse-")
    # The browser driver's playwright-core is deploy/widget's; this installs it if needed.
    widget = build_widget(os.path.join(SITE, "widget"))
    shutil.rmtree(widget, ignore_errors=True)
    with npm_lock():
        subprocess.run([os.path.join(CONVERSE_SRC, "build.sh"), SITE], check=True)
    BROWSER = Browser()


def tearDownModule():
    if BROWSER:
        BROWSER.quit()
    if SITE:
        shutil.rmtree(SITE, ignore_errors=True)


class ProsodyWithMuc(Prosody):
    """The fixture's Prosody plus its own MUC service, conference.localhost: the room
    converse.js is written for, to tell a page that cannot chat at all from a desk that
    does not answer like a room."""

    def _write_config(self):
        super()._write_config()
        with open(self.config_path, "a") as f:
            f.write('\nComponent "conference.localhost" "muc"\n')


# What the visitor sees: whether the message box is there (converse shows it once the
# room is entered), the room's title, the notice above the lines ("Alice is typing"), the
# participants listed beside them, and every chat line as {author, text}.
SHOWS = """
const root = document.querySelector('converse-root');
const text = (el) => el ? el.textContent.trim() : null;
return {
  entered: !!(root && root.querySelector('textarea.chat-textarea')),
  title: root ? text(root.querySelector('.chatbox-title__text')) : null,
  notice: root ? text(root.querySelector('.chat-content__notifications')) : null,
  occupants: root ? [...root.querySelectorAll('.occupant-list .occupant-nick')]
    .map((el) => text(el)) : [],
  lines: root ? [...root.querySelectorAll('.chat-msg')].map((m) => ({
    author: text(m.querySelector('.chat-msg__author')),
    text: text(m.querySelector('.chat-msg__text')),
  })) : [],
};
"""


class ConverseCase(ConversationTestCase):
    server = staticmethod(lambda: ProsodyWithMuc(http_files_dir=SITE))
    host = "127.0.0.1"  # the page's host name, as the browser asks for it
    ws_path, bosh_path = "/xmpp-websocket", "/http-bind"
    workgroups = f"""
[workgroups.support]
mode = "round_robin"
welcome = "{WELCOME}"
visitor_grace = "2s"

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"
"""

    def setUp(self):
        super().setUp()
        self.pages = []
        self.addCleanup(self._close_pages)

    def _close_pages(self):
        for name in self.pages:
            try:
                BROWSER.close_page(name)
            except AssertionError:
                pass

    def open_room(self, room, nick, bosh=False):
        """The shop's page, whose converse.js joins `room` as `nick` (over WebSocket, or
        over BOSH)."""
        name = f"{self.id()}-{len(self.pages)}"
        transport = f"bosh={self.bosh_path}" if bosh else f"ws={self.ws_path}"
        BROWSER.open(name, f"http://{self.host}:{self.prosody.http_port}/widget/index.html"
                           f"?room={room}&nick={nick}&{transport}")
        self.pages.append(name)
        return name

    def shows(self, page):
        return BROWSER.run_js(page, SHOWS)

    def wait_shows(self, page, condition, timeout=10.0):
        """Waits until `condition` (JS over `s`, what the page shows) holds; returns s. On
        failure the message names what the page showed and the stanzas it exchanged."""
        body = SHOWS.replace("return {", "const s = {", 1) + f"; return ({condition}) ? s : null;"
        try:
            return BROWSER.call("wait", timeout=timeout + 10, name=page, body=body,
                                ms=int(timeout * 1000))
        except AssertionError:
            raise AssertionError(f"{condition} never became true within {timeout}s; "
                                 f"{self.explain(page)}") from None

    def explain(self, page):
        """What the page shows, its last stanzas and console lines: for a failure."""
        stanzas = BROWSER.evaluate(page, "window.sbStanzas || []")
        return (f"the page shows {self.shows(page)}\nits last stanzas:\n" +
                "\n".join(stanzas[-30:]) + "\nconsole: " +
                "\n".join(BROWSER.console(page)[-10:]))

    def write(self, page, text):
        BROWSER.type(page, text, selector="textarea.chat-textarea")
        BROWSER.press(page, "Enter")

    def shot(self, page, state):
        return BROWSER.screenshot(page, os.path.join(SHOTS, f"converse-{state}.png"))


class ConverseVisitorTest(ConverseCase):
    def start_chat(self, bosh=False):
        """Carl's page joins the desk and writes; the chat becomes Alice's, who gets the
        line and answers. Returns (page, alice, chat number, what the page shows)."""
        alice = self.agent("alice")
        page = self.open_room(SUPPORT, "Carl", bosh=bosh)
        # converse waits for the room's disco#info (up to 30 s) before it joins.
        self.wait_shows(page, "s.entered", timeout=15)

        self.write(page, "Hello from converse")
        chat, _ = self.expect_assignment(alice)
        cj = conversation_jid("support", chat)
        self.assertEqual(alice.expect_message(sender=cj)["body"], "Hello from converse")

        alice.send_message(cj, "Hi, this is Alice")
        seen = self.wait_shows(
            page, "s.lines.some((l) => l.author === 'Alice' && l.text === 'Hi, this is Alice')")
        return page, alice, chat, seen

    def assert_one_conversation(self, page, seen):
        # The room's echo of the visitor's line is recognised as that line: shown once.
        self.assertEqual([l for l in seen["lines"] if l["text"] == "Hello from converse"],
                         [{"author": "Carl", "text": "Hello from converse"}], self.explain(page))
        # The welcome comes from the room, and converse shows it (it drops room messages
        # without a nickname, so it must come from one).
        self.assertIn(WELCOME, [l["text"] for l in seen["lines"]], self.explain(page))
        self.assertNotIn("Hi, this is Alice",
                         [l["text"] for l in seen["lines"] if l["author"] != "Alice"],
                         self.explain(page))

    def test_visitor_joins_writes_and_sees_the_agents_reply(self):
        page, _, _, seen = self.start_chat()
        self.shot(page, "reply")
        self.assert_one_conversation(page, seen)

    def test_the_same_over_bosh(self):
        page, _, _, seen = self.start_chat(bosh=True)
        self.assert_one_conversation(page, seen)
        sent = BROWSER.evaluate(page, "window.sbStanzas.filter((s) => s.startsWith('out'))")
        self.assertTrue(sent[0].startswith("out <body"), sent[0])  # BOSH indeed

    def test_typing_shows_both_ways(self):
        page, alice, chat, _ = self.start_chat()
        cj = conversation_jid("support", chat)
        BROWSER.type(page, "And one more", selector="textarea.chat-textarea")
        alice.expect_chat_state(cj, "composing")
        alice.send_chat_state(cj, "composing")
        self.wait_shows(page, "s.notice && s.notice.includes('Alice is typing')")
        self.shot(page, "typing")

    def test_two_visitors_never_see_each_other(self):
        alice = self.agent("alice")
        carl = self.open_room(SUPPORT, "Carl")
        dora = self.open_room(SUPPORT, "Dora")
        for page in (carl, dora):
            self.wait_shows(page, "s.entered", timeout=15)
        self.write(carl, "Carl's question")
        carl_chat = conversation_jid("support", self.expect_assignment(alice)[0])
        self.assertEqual(alice.expect_message(sender=carl_chat)["body"], "Carl's question")
        self.write(dora, "Dora's question")
        dora_chat = conversation_jid("support", self.expect_assignment(alice)[0])
        self.assertEqual(alice.expect_message(sender=dora_chat)["body"], "Dora's question")
        alice.send_message(carl_chat, "For Carl")
        alice.send_message(dora_chat, "For Dora")
        for page, me, other in ((carl, "Carl", "Dora"), (dora, "Dora", "Carl")):
            seen = self.wait_shows(
                page, f"s.lines.some((l) => l.text === 'For {me}') && "
                      f"s.occupants.includes('Alice')")
            texts = [l["text"] for l in seen["lines"]]
            self.assertIn(f"{me}'s question", texts)
            self.assertNotIn(f"{other}'s question", texts, self.explain(page))
            self.assertNotIn(f"For {other}", texts, self.explain(page))
            self.assertNotIn(other, seen["occupants"], self.explain(page))
            self.assertIn(me, seen["occupants"])
        self.shot(carl, "two-visitors")

    def test_a_status_change_is_no_leave(self):
        """converse.js sends a status change (away, back) to the room as presence without
        the MUC element: the visitor stays in the room and the chat goes on."""
        page, alice, chat, _ = self.start_chat()
        cj = conversation_jid("support", chat)
        BROWSER.run_js(page, "return window.sbConverse.user.status.set('xa', 'Back soon')"
                             ".then(() => true);")
        BROWSER.wait(page, "return window.sbStanzas.some((s) => s.startsWith('out <presence')"
                           " && s.includes('/Carl') && s.includes('<show>xa</show>'));",
                     what="the status change sent to the room")
        self.write(page, "Still here")
        self.assertEqual(alice.expect_message(sender=cj)["body"], "Still here")
        seen = self.wait_shows(page, "s.lines.some((l) => l.text === 'Still here')")
        self.assertTrue(seen["entered"], self.explain(page))
        alice.no_message(seconds=3, sender=SUPPORT, contains="left")

    def test_closing_the_page_is_leaving(self):
        page, alice, chat, _ = self.start_chat()
        BROWSER.close_page(page)  # the WebSocket closes: Prosody says Carl left the room
        self.pages.remove(page)
        left = alice.expect_message(sender=SUPPORT, contains="left", timeout=8)
        self.assertIn(f"chat {chat}", left["body"])


class ConverseEjabberdTest(ConverseVisitorTest):
    """The same visitor through ejabberd (its WebSocket at /ws, BOSH at /bosh)."""

    server = staticmethod(lambda: Ejabberd(http_files_dir=SITE))
    # ejabberd serves files only to a Host header that names one of its hosts.
    host = "localhost"
    ws_path, bosh_path = "/ws", "/bosh"
    users = ("alice", "carol")


class ConverseHarnessTest(ConverseCase):
    """The same page in a real room of Prosody's own MUC: if this fails, the page, npm's
    converse.js or the browser is broken, not Switchboard."""

    def test_page_chats_in_a_prosody_room(self):
        alice = self.login("alice")
        room = "lobby@conference.localhost"
        alice.xmpp.send_raw(f"<presence to='{room}/Alice'>"
                            "<x xmlns='http://jabber.org/protocol/muc'/></presence>")
        alice.expect_stanza(lambda m: m["type"] == "groupchat" and m["from"].bare == room,
                            what="the new room's subject")
        alice.send_iq_raw(room, "set", "<query xmlns='http://jabber.org/protocol/muc#owner'>"
                                       "<x xmlns='jabber:x:data' type='submit'/></query>")
        page = self.open_room(room, "Carl")
        self.wait_shows(page, "s.entered", timeout=15)
        self.write(page, "Hello from converse")
        msg = alice.expect_message(sender=room, contains="Hello from converse")
        self.assertEqual(msg["from"].resource, "Carl")
        alice.send_message(room, "Hi, this is Alice", mtype="groupchat")
        seen = self.wait_shows(
            page, "s.lines.some((l) => l.author === 'Alice' && l.text === 'Hi, this is Alice')")
        self.assertEqual([l for l in seen["lines"] if l["text"] == "Hello from converse"],
                         [{"author": "Carl", "text": "Hello from converse"}], seen)


if __name__ == "__main__":
    unittest.main()
