"""The web widget in a real browser (PRODUCT.md, "The web widget"): Debian's headless
Chromium opens a page that holds only the widget's script tag, served by the test's own
Prosody (or ejabberd) next to its BOSH and WebSocket endpoints; agents are slixmpp
clients. Every assertion reads what a person sees on the page: the button and its text,
the workgroup's own status text, the lines of the chat panel, "NAME is typing…".

Screenshots of each state go to $SB_SCREENSHOTS (ctest sets build/screenshots)."""

import os
import shutil
import tempfile
import time
import unittest

from base import ConversationTestCase, conversation_jid, workgroup_jid
from browser import SEES, Browser, build_widget, page_html
from clients import pump
from ejabberd_fixture import Ejabberd
from fixtures import Prosody, Switchboard

SUPPORT = workgroup_jid("support")
NOT_AVAILABLE = "All our agents are busy, please try again in a few minutes."
OFFLINE = "Support is closed right now."
WELCOME = "Hi! Someone will be with you shortly."
SHOTS = os.environ.get("SB_SCREENSHOTS") or os.path.join(tempfile.gettempdir(),
                                                          "switchboard-screenshots")
WIDGET_DIR = None
BROWSER = None


def setUpModule():
    global WIDGET_DIR, BROWSER
    WIDGET_DIR = build_widget(tempfile.mkdtemp(prefix="sb-widget-"))
    pages = {
        "de.html": page_html(lang="de"),
        "yellow.html": page_html(color="#ffeb3b"),
        "ejabberd.html": page_html(service="/ws", fallback="/bosh"),
        # A WebSocket endpoint that refuses every connection: BOSH must take over.
        "no-websocket.html": page_html(service="ws://127.0.0.1:9/xmpp-websocket"),
    }
    for name, html in pages.items():
        with open(os.path.join(WIDGET_DIR, name), "w") as f:
            f.write(html)
    BROWSER = Browser()


def tearDownModule():
    if BROWSER:
        BROWSER.quit()
    if WIDGET_DIR:
        shutil.rmtree(WIDGET_DIR, ignore_errors=True)


def desk(mode="round_robin", max_queue=20, agents=(("alice", "Alice", 3, ()),), extra=""):
    lines = [f"""
[workgroups.support]
mode = "{mode}"
max_queue = {max_queue}
welcome = "{WELCOME}"
not_available = "{NOT_AVAILABLE}"
offline = "{OFFLINE}"
{extra}"""]
    for local, name, max_chats, skills in agents:
        skill_list = ", ".join(f'"{s}"' for s in skills)
        lines.append(f"""
[[workgroups.support.agents]]
jid = "{local}@localhost"
name = "{name}"
max_chats = {max_chats}
skills = [{skill_list}]
""")
    return "".join(lines)


class WidgetCase(ConversationTestCase):
    """A fresh desk per test (ConversationTestCase) whose server also serves the widget's
    folder at /widget/; one browser for the module, a new context (storage) per page."""

    server = staticmethod(lambda: Prosody(http_files_dir=WIDGET_DIR))
    host = "127.0.0.1"  # the page's host name, as the browser asks for it

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

    def open_page(self, page="index.html", name=None, context=None):
        name = name or f"{self.id()}-{len(self.pages)}"
        BROWSER.open(name, f"http://{self.host}:{self.prosody.http_port}/widget/{page}",
                     context=context)
        self.pages.append(name)
        return name

    def sees(self, page):
        return BROWSER.run_js(page, SEES)

    def wait_sees(self, page, condition, timeout=5.0):
        """Waits until `condition` (JS over `s`, what the page shows) holds; returns s."""
        return BROWSER.wait(page, f"{SEES.replace('return {', 'const s = {', 1)}"
                                  f"; return ({condition}) ? s : null;", timeout, condition)

    def shot(self, page, state):
        return BROWSER.screenshot(page, os.path.join(SHOTS, f"widget-{state}.png"))

    def start_chat(self, page, text):
        BROWSER.click(page, ".sbw-button")
        self.send_line(page, text)

    def send_line(self, page, text):
        BROWSER.type(page, text, selector=".sbw-input")
        BROWSER.press(page, "Enter")

    def chat_reaches(self, agent, page, text):
        """The visitor opens the panel and writes `text`: the chat becomes `agent`'s, whose
        first line from the conversation JID is `text`. Returns that JID."""
        self.wait_sees(page, "s.button === 'Chat with us'")
        self.start_chat(page, text)
        chat, _ = self.expect_assignment(agent)
        cj = conversation_jid("support", chat)
        self.assertEqual(agent.expect_message(sender=cj)["body"], text)
        return cj


class WidgetStatesTest(WidgetCase):
    workgroups = desk(max_queue=2, agents=(("alice", "Alice", 1, ()),))

    def test_the_button_shows_only_while_someone_can_answer(self):
        page = self.open_page()
        seen = self.wait_sees(page, f"s.status === {OFFLINE!r}")
        self.assertIsNone(seen["button"], "closed: no button")
        self.shot(page, "closed")

        alice = self.agent("alice")
        started = time.monotonic()
        seen = self.wait_sees(page, "s.button !== null")
        print(f"\n  agent online -> button shown after {time.monotonic() - started:.2f} s")
        self.assertEqual(seen["button"], "Chat with us")
        self.assertIsNone(seen["status"])
        self.shot(page, "open")

        first = self.visitor()
        first.send_message(SUPPORT, "One")
        self.expect_assignment(alice)
        second = self.visitor()
        second.send_message(SUPPORT, "Two")  # waits: Alice is at capacity
        seen = self.wait_sees(page, "s.waiting !== null")
        self.assertEqual(seen["waiting"], "1 person waiting")
        self.assertEqual(seen["button"], "Chat with us", "the queue still has room")
        self.shot(page, "open-waiting")

        third = self.visitor()
        third.send_message(SUPPORT, "Three")  # max_queue = 2 chats now wait: full
        seen = self.wait_sees(page, f"s.status === {NOT_AVAILABLE!r}")
        self.assertIsNone(seen["button"], "full: no button")
        self.shot(page, "full")

        alice.disconnect()
        self.clients.remove(alice)
        seen = self.wait_sees(page, f"s.status === {OFFLINE!r}")
        self.assertIsNone(seen["button"])

    def test_nothing_is_shown_while_the_desk_cannot_be_reached(self):
        self.agent("alice")
        page = self.open_page()
        self.wait_sees(page, "s.button === 'Chat with us'")

        # Switchboard dies without a word: the widget's ping notices.
        self.switchboard.proc.kill()
        self.switchboard.proc.wait()
        seen = self.wait_sees(page, "s.button === null", timeout=25)
        self.assertIsNone(seen["status"], "unreachable: no text either")
        self.shot(page, "unreachable")

        # A page opened while the component is down shows nothing at all.
        late = self.open_page()
        BROWSER.wait(late, "return document.querySelector('.sbw').dataset.state === "
                           "'unreachable'", 10)
        pump(1.0)
        seen = self.sees(late)
        self.assertEqual((seen["button"], seen["status"]), (None, None))

        # It comes back by itself once the desk is there again.
        self.switchboard = Switchboard(self.prosody, workgroups=self.workgroups).start()
        self.wait_sees(late, "s.button === 'Chat with us'", timeout=15)
        self.wait_sees(page, "s.button === 'Chat with us'", timeout=15)

        # The XMPP server itself goes away: the connection is lost, the button goes.
        self.prosody.stop()
        seen = self.wait_sees(page, "s.button === null", timeout=10)
        self.assertIsNone(seen["status"])


class WidgetChatTest(WidgetCase):
    workgroups = desk()

    def test_a_whole_chat_from_the_panel_with_typing_both_ways(self):
        alice = self.agent("alice")
        page = self.open_page()
        cj = self.chat_reaches(alice, page, "Hello, my order is late")
        self.wait_sees(page, f"s.lines.includes({WELCOME!r})")

        # The visitor types: the offered agent sees it at once.
        BROWSER.type(page, "It was order 12", selector=".sbw-input", delay=20)
        alice.expect_chat_state(cj, "composing")

        # The agent types: the visitor is told who joined, then that she is typing.
        alice.send_chat_state(cj, "composing")
        seen = self.wait_sees(page, "s.typing === 'Alice is typing\u2026'")
        self.assertIn("Alice has joined the chat.", seen["lines"])

        alice.send_message(cj, "Let me look that up.", chat_state="active")
        seen = self.wait_sees(page, "s.lines.includes('Let me look that up.')")
        self.assertEqual(seen["typing"], "", "a message ends the typing line")
        self.shot(page, "chatting")

        BROWSER.press(page, "Enter")
        self.assertEqual(alice.expect_message(sender=cj)["body"], "It was order 12")

        alice.send_message(cj, "close")
        seen = self.wait_sees(page, "s.lines.some(l => l.includes('closed'))")
        self.assertEqual(seen["lines"][:2], ["Hello, my order is late", WELCOME])
        self.assertIn("It was order 12", seen["lines"])

    def test_keyboard_and_screen_reader(self):
        self.agent("alice")
        page = self.open_page()
        self.wait_sees(page, "s.button === 'Chat with us'")
        # Tab from the top of the page reaches the button; Enter opens the panel.
        BROWSER.press(page, "Tab")
        focused = BROWSER.evaluate(page, "document.activeElement.className")
        self.assertEqual(focused, "sbw-button")
        BROWSER.press(page, "Enter")
        self.wait_sees(page, "s.panel")
        self.assertEqual(BROWSER.evaluate(page, "document.activeElement.className"), "sbw-input")
        a11y = BROWSER.run_js(page, """
            const input = document.querySelector('.sbw-input');
            const log = document.querySelector('.sbw-log');
            return {label: document.querySelector(`label[for="${input.id}"]`).textContent,
                    role: log.getAttribute('role'), live: log.getAttribute('aria-live'),
                    typing: document.querySelector('.sbw-typing').getAttribute('aria-live')};
        """)
        self.assertEqual(a11y, {"label": "Your message", "role": "log", "live": "polite",
                                "typing": "polite"})
        # Escape closes the panel and gives the focus back to the button.
        BROWSER.press(page, "Escape")
        self.wait_sees(page, "!s.panel && s.button")
        self.assertEqual(BROWSER.evaluate(page, "document.activeElement.className"),
                         "sbw-button")

        # A light data-color gets dark text, the default dark green white text (both
        # above WCAG's 4.5:1).
        colours = "getComputedStyle(document.querySelector('.sbw-button')).color"
        self.assertEqual(BROWSER.evaluate(page, colours), "rgb(255, 255, 255)")
        yellow = self.open_page("yellow.html")
        self.wait_sees(yellow, "s.button !== null")
        self.assertEqual(BROWSER.evaluate(yellow, colours), "rgb(0, 0, 0)")

    def test_a_reload_keeps_the_chat(self):
        alice = self.agent("alice")
        page = self.open_page()
        cj = self.chat_reaches(alice, page, "Before the reload")
        alice.send_message(cj, "I am here")
        self.wait_sees(page, "s.lines.includes('I am here')")

        BROWSER.reload(page)
        seen = self.wait_sees(page, "s.panel && s.lines.includes('I am here')")
        self.assertEqual(seen["lines"][0], "Before the reload")
        pump(1.0)
        alice.send_message(cj, "Still here after your reload")
        self.wait_sees(page, "s.lines.includes('Still here after your reload')")
        self.send_line(page, "Great, thanks")
        self.assertEqual(alice.expect_message(sender=cj)["body"], "Great, thanks",
                         "the agent keeps talking to the same visitor, in the same chat")
        alice.no_message(1.0, sender=SUPPORT, contains="left")

    def test_a_reload_after_the_session_expired_says_so_and_starts_afresh(self):
        alice = self.agent("alice")
        page = self.open_page()
        cj = self.chat_reaches(alice, page, "Before the reload")
        alice.send_message(cj, "I am here")
        self.wait_sees(page, "s.lines.includes('I am here')")
        # The server no longer knows the session (it timed out, or restarted).
        # strophe.js saves the session again with every request: stop that on this page
        # first, or a request between the edit and the reload may undo the edit.
        BROWSER.run_js(page, """
            const setItem = Storage.prototype.setItem;
            Storage.prototype.setItem = function (key, value) {
                if (key !== 'strophe-bosh-session') { setItem.call(this, key, value); }
            };
            const saved = JSON.parse(sessionStorage.getItem('strophe-bosh-session'));
            saved.sid = 'expired-' + saved.sid;
            setItem.call(sessionStorage, 'strophe-bosh-session', JSON.stringify(saved));
            return true;""")
        BROWSER.reload(page)
        seen = self.wait_sees(page, "s.lines.some(l => l.includes('interrupted'))", 10)
        self.assertIn("I am here", seen["lines"], "the earlier lines stay readable")
        self.wait_sees(page, "s.panel", 10)
        BROWSER.wait(page, "return document.querySelector('.sbw').dataset.state === 'open'", 10)
        self.send_line(page, "Hello again")
        chat, _ = self.expect_assignment(alice)
        self.assertEqual(alice.expect_message(sender=conversation_jid("support", chat))["body"],
                         "Hello again", "a new chat, with nothing lost in silence")
        seen = self.wait_sees(page, f"s.lines.includes({WELCOME!r})")
        self.assertEqual(seen["lines"][0], "Hello again", "the new chat starts afresh")

    def test_without_websocket_the_widget_uses_bosh(self):
        alice = self.agent("alice")
        page = self.open_page("no-websocket.html")
        cj = self.chat_reaches(alice, page, "Hello over BOSH")
        alice.send_message(cj, "Hi")
        self.wait_sees(page, "s.lines.includes('Hi')")


class WidgetRoutingTest(WidgetCase):
    workgroups = desk(agents=(("alice", "Alice", 3, ()), ("bob", "Bob", 3, ("de",))),
                      extra='sticky = true\n\n[[workgroups.support.rules]]\n'
                            'language = "de"\nskill = "de"\n')

    def test_the_pages_language_routes_the_chat(self):
        alice, bob = self.agent("alice"), self.agent("bob")
        page = self.open_page("de.html")
        self.chat_reaches(bob, page, "Hallo, meine Bestellung fehlt")
        alice.no_message(1.0, sender=SUPPORT, contains="Chat ")

    def test_a_returning_browser_goes_to_the_agent_who_served_it(self):
        alice, bob = self.agent("alice"), self.agent("bob")
        agents = {"Alice": alice, "Bob": bob}
        first = self.open_page(context=f"{self.id()}-browser")
        self.wait_sees(first, "s.button !== null")
        self.start_chat(first, "First visit")
        served, login = None, None
        for name, client in agents.items():
            try:
                chat, notice = self.expect_assignment(client, timeout=2.0)
            except AssertionError:
                continue
            served, login = name, notice
            cj = conversation_jid("support", chat)
            client.send_message(cj, "Hello!")
            self.wait_sees(first, "s.lines.includes('Hello!')")
            client.send_message(cj, "close")
            client.expect_message(sender=cj, contains="is closed")
        self.assertIsNotNone(served)
        self.wait_sees(first, "s.lines.some(l => l.includes('closed'))")
        BROWSER.close_page(first)
        self.pages.remove(first)

        # Another tab of the same browser: a new anonymous login (the tab's session is
        # new), the same visitor id in localStorage. Rotation alone would pick the other.
        second = self.open_page(context=f"{self.id()}-browser")
        self.wait_sees(second, "s.button !== null")
        self.start_chat(second, "Second visit")
        chat, notice = self.expect_assignment(agents[served], timeout=5.0)
        self.assertNotEqual(notice, login, "a new login, announced by a new name")
        self.assertEqual(agents[served].expect_message(
            sender=conversation_jid("support", chat))["body"], "Second visit")


class WidgetPingTest(WidgetCase):
    workgroups = desk(extra='visitor_grace = "3s"')

    def test_a_silent_page_answers_the_workgroups_pings_and_keeps_its_chat(self):
        # Pinged after 1 s of silence, failed after 1 s more: a page that did not answer
        # would count as gone, and Alice would hear that the visitor left 5 s later.
        alice = self.agent("alice")
        page = self.open_page()
        cj = self.chat_reaches(alice, page, "Hello, anyone?")
        alice.no_message(9, sender=SUPPORT, contains="left")
        alice.send_message(cj, "Still there?")
        self.wait_sees(page, "s.lines.includes('Still there?')")


class WidgetEjabberdTest(WidgetCase):
    server = staticmethod(lambda: Ejabberd(http_files_dir=WIDGET_DIR))
    # ejabberd serves files only to a Host header that names one of its hosts (410 Gone
    # for 127.0.0.1).
    host = "localhost"
    users = ("alice", "carol")
    workgroups = desk()

    def test_the_button_follows_the_desk_on_ejabberd(self):
        page = self.open_page("ejabberd.html")
        self.wait_sees(page, f"s.status === {OFFLINE!r}", timeout=10)
        alice = self.agent("alice")
        cj = self.chat_reaches(alice, page, "Hello from ejabberd")
        alice.send_message(cj, "Hi, Alice here")
        self.wait_sees(page, "s.lines.includes('Hi, Alice here')")
        alice.send_message(cj, "close")
        alice.disconnect()
        self.clients.remove(alice)
        BROWSER.press(page, "Escape")
        self.wait_sees(page, f"s.status === {OFFLINE!r} && s.button === null")


if __name__ == "__main__":
    unittest.main()
