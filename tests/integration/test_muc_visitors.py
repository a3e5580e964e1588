"""Visitors who arrive by MUC (PRODUCT.md, "Group chat (MUC) on both sides"): a XEP-0045
client joins support@desk.localhost/Carl and is answered as a minimal room that only it
sees; its groupchat lines are its chat (echoed back as a room does), the agent's replies
come from support@desk.localhost/Alice, and leaving the room is going offline. Raw
XEP-0045 stanzas over slixmpp, so the test sees exactly what a room sends."""

import itertools
import signal
import unittest
from xml.etree import ElementTree as ET

from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from base import ConversationTestCase, conversation_jid, two_agent_desk, workgroup_jid
from clients import CHATSTATES_NS, chat_state_of, pump, wait_until
from fixtures import COMPONENT_DOMAIN, Switchboard

SUPPORT = workgroup_jid("support")
DESK = SUPPORT + "/support"  # the desk's own nick in the room: welcome, queue, notices
MUC_NS = "http://jabber.org/protocol/muc"
MUC_USER_NS = MUC_NS + "#user"
WELCOME = "Welcome to Support! Someone will be with you shortly."
OFFLINE = "Support is closed, please come back tomorrow."
NOT_AVAILABLE = "All of Support is busy, please try again soon."

_handler_ids = itertools.count()


class RoomVisitor:
    """A visitor's MUC client: every presence and message from the room (its bare JID or
    any nick), in the order they arrived, in `log`; `seen` counts what was read."""

    def __init__(self, client, room=SUPPORT):
        self.client = client
        self.room = room
        self.nick = None
        self.log = []
        self.seen = 0
        n = next(_handler_ids)
        for kind in ("presence", "message"):
            client.xmpp.register_handler(Callback(
                f"room {n} {kind}", MatchXPath(f"{{jabber:client}}{kind}"), self._got))

    def _got(self, stanza):
        if stanza["from"].bare == self.room:
            self.log.append(stanza)

    @property
    def occupant(self):
        return f"{self.room}/{self.nick}"

    def join(self, nick):
        """Sends the join; returns what the room answered until the subject, or the error."""
        self.nick = nick
        pres = self.client.xmpp.make_presence(pto=f"{self.room}/{nick}")
        pres.append(ET.Element(f"{{{MUC_NS}}}x"))
        pres.send()
        start = self.seen
        self.next(lambda s: s.name == "message" and s.xml.find("{jabber:client}subject")
                  is not None or s["type"] == "error", what="the subject or an error")
        return self.log[start:self.seen]

    def leave(self):
        self.client.xmpp.make_presence(pto=self.occupant, ptype="unavailable").send()

    def say(self, body=None, chat_state=None):
        msg = self.client.xmpp.make_message(mto=self.room, mbody=body, mtype="groupchat")
        if chat_state:
            msg.append(ET.Element(f"{{{CHATSTATES_NS}}}{chat_state}"))
        msg.send()
        return msg["id"]

    def next(self, predicate, timeout=5.0, what="a matching stanza"):
        """The next stanza from the room, after those already read, for which `predicate`
        is true (the ones before it count as read too)."""
        found = []

        def look():
            while self.seen < len(self.log):
                s = self.log[self.seen]
                self.seen += 1
                if predicate(s):
                    found.append(s)
                    return True
            return False

        try:
            wait_until(look, timeout, step=0.05)
        except TimeoutError:
            raise AssertionError(f"{self.client.jid} got no {what} from the room within "
                                 f"{timeout}s; it got: {[str(s) for s in self.log]}") from None
        return found[0]

    def next_line(self, sender=None, contains=None, timeout=5.0):
        """The next groupchat message with a body (from `sender`, containing `contains`)."""
        return self.next(lambda s: s.name == "message" and s["type"] == "groupchat" and
                         s["body"] and (sender is None or s["from"] == sender) and
                         (contains is None or contains in s["body"]), timeout,
                         f"line from {sender} containing {contains!r}")


def status_codes(presence):
    return {s.get("code") for s in presence.xml.findall(f"{{{MUC_USER_NS}}}x/{{{MUC_USER_NS}}}status")}


def item_of(presence):
    return presence.xml.find(f"{{{MUC_USER_NS}}}x/{{{MUC_USER_NS}}}item")


def error_of(stanza):
    """(condition, text) of an error stanza."""
    return stanza["error"]["condition"], stanza["error"]["text"]


def desk(mode, max_queue=20, grace="30s", agents=("alice", "bob")):
    toml = f"""
[workgroups.support]
mode = "{mode}"
max_queue = {max_queue}
visitor_grace = "{grace}"
welcome = "{WELCOME}"
offline = "{OFFLINE}"
not_available = "{NOT_AVAILABLE}"
"""
    for a in agents:
        toml += f'\n[[workgroups.support.agents]]\njid = "{a}@localhost"\nname = "{a.title()}"\n'
    return toml


class MucVisitorCase(ConversationTestCase):
    def room_visitor(self):
        return RoomVisitor(self.login())

    def assert_joined(self, answer, visitor, nick):
        """The join's answer, strictly: the desk's occupant presence (its lines come from
        room/support), the own presence from room/NICK with 110, then the subject from
        the room's bare JID, nothing else."""
        self.assertEqual(len(answer), 3, [str(s) for s in answer])
        desk, own, subject = answer
        self.assertEqual(desk.name, "presence")
        self.assertEqual(str(desk["from"]), DESK)
        self.assertNotIn("110", status_codes(desk))
        self.assertEqual(own.name, "presence")
        self.assertEqual(str(own["from"]), f"{SUPPORT}/{nick}")
        self.assertEqual(own["type"], "available")
        self.assertIn("110", status_codes(own))
        self.assertEqual(item_of(own).get("affiliation"), "none")
        self.assertEqual(item_of(own).get("role"), "participant")
        self.assertEqual(subject["type"], "groupchat")
        self.assertEqual(str(subject["from"]), SUPPORT)

    def say_and_see_echo(self, visitor, body):
        sent_id = visitor.say(body)
        echo = visitor.next_line(contains=body)
        self.assertEqual(str(echo["from"]), visitor.occupant)
        self.assertEqual(echo["id"], sent_id)
        return echo


class QueueModeTest(MucVisitorCase):
    workgroups = desk("queue", grace="2s")

    def test_a_room_visitor_chats_with_the_agent_who_pulls_next(self):
        alice = self.agent("alice")
        carl = self.room_visitor()
        self.assert_joined(carl.join("Carl"), carl, "Carl")

        self.say_and_see_echo(carl, "My kettle leaks")
        welcome = carl.next_line(contains=WELCOME)
        self.assertEqual(str(welcome["from"]), DESK)

        alice.send_message(SUPPORT, "next")
        chat, notice = self.expect_assignment(alice)
        self.assertIn("Carl", notice)  # the room nick names the visitor to her
        cj = conversation_jid("support", chat)
        self.expect_backlog(alice, "support", chat, ["My kettle leaks"])

        # Alice enters Carl's room before her first line, which comes from her nick.
        shown = carl.next(lambda s: s.name == "presence" and s["from"].resource == "Alice",
                          what="Alice's occupant presence")
        self.assertEqual(shown["type"], "available")
        self.assertNotIn("110", status_codes(shown))
        self.assertEqual(str(carl.next_line()["from"]), DESK)  # "Alice has joined …"
        alice.send_message(cj, "Hello Carl, which model is it?")
        reply = carl.next_line(contains="which model")
        self.assertEqual(str(reply["from"]), f"{SUPPORT}/Alice")

        self.say_and_see_echo(carl, "The blue one")
        self.assertEqual(alice.expect_message(sender=cj)["body"], "The blue one")

        # Chat states both ways.
        carl.say(chat_state="composing")
        alice.expect_chat_state(cj, "composing")
        alice.send_chat_state(cj, "composing")
        typing = carl.next(lambda s: s.name == "message" and chat_state_of(s) == "composing",
                           what="Alice's composing")
        self.assertEqual(str(typing["from"]), f"{SUPPORT}/Alice")
        self.assertEqual(typing["type"], "groupchat")

        # Closed: Alice leaves the room.
        alice.send_message(cj, "close")
        gone = carl.next(lambda s: s.name == "presence" and s["from"].resource == "Alice",
                         what="Alice leaving")
        self.assertEqual(gone["type"], "unavailable")

    def test_two_room_visitors_never_see_each_other(self):
        alice = self.agent("alice")
        carl, dora = self.room_visitor(), self.room_visitor()
        self.assert_joined(carl.join("Carl"), carl, "Carl")
        self.assert_joined(dora.join("Dora"), dora, "Dora")
        self.say_and_see_echo(carl, "Carl's secret question")
        self.say_and_see_echo(dora, "Dora's secret question")
        alice.send_message(SUPPORT, "next")
        self.expect_assignment(alice)
        pump(1.0)
        for me, other in ((carl, dora), (dora, carl)):
            for s in me.log:
                self.assertNotEqual(s["from"].resource, other.nick, str(s))
                self.assertNotIn(f"{other.nick}'s secret", str(s))

    def test_leaving_the_room_is_going_offline(self):
        alice = self.agent("alice")
        carl = self.room_visitor()
        carl.join("Carl")
        self.say_and_see_echo(carl, "Are you there?")
        alice.send_message(SUPPORT, "next")
        chat, _ = self.expect_assignment(alice)
        carl.leave()
        bye = carl.next(lambda s: s.name == "presence" and s["type"] == "unavailable",
                        what="the room confirming the leave")
        self.assertEqual(str(bye["from"]), f"{SUPPORT}/Carl")
        self.assertIn("110", status_codes(bye))
        left = alice.expect_message(contains="left", timeout=6)
        self.assertIn(f"chat {chat}", left["body"])
        # No longer an occupant: a line is refused as a room refuses it (§7.4).
        carl.say("one more thing")
        err = carl.next(lambda s: s["type"] == "error", what="an error")
        self.assertEqual(err["error"]["condition"], "not-acceptable")

    def test_a_stranger_and_a_nickname_in_use_get_the_rooms_errors(self):
        self.agent("alice")
        stranger = self.room_visitor()
        stranger.say("let me in")
        self.assertEqual(stranger.next(lambda s: s["type"] == "error")["error"]["condition"],
                         "not-acceptable")
        carl = self.room_visitor()
        carl.join("Carl")
        answer = stranger.join("Carl")
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer[0].name, "presence")
        self.assertEqual(answer[0]["type"], "error")
        self.assertEqual(answer[0]["error"]["condition"], "conflict")
        self.assertEqual(str(answer[0]["from"]), f"{SUPPORT}/Carl")
        # With another nickname, the same client gets in.
        self.assert_joined(stranger.join("Stan"), stranger, "Stan")

    def test_disco_shows_a_workgroup_and_a_room(self):
        info = self.login().disco_info(SUPPORT)
        identities = {(cat, typ) for cat, typ, _lang, _name in info["identities"]}
        self.assertEqual(identities, {("collaboration", "workgroup"), ("conference", "text")})
        self.assertIn(MUC_NS, info["features"])


class RestartTest(MucVisitorCase):
    workgroups = desk("queue")

    def test_after_a_restart_the_visitor_is_still_in_their_room(self):
        alice = self.agent("alice")
        carl = self.room_visitor()
        self.assert_joined(carl.join("Carl"), carl, "Carl")
        self.say_and_see_echo(carl, "Before the restart")
        alice.send_message(SUPPORT, "next")
        chat, _ = self.expect_assignment(alice)
        cj = conversation_jid("support", chat)
        alice.send_message(cj, "Hello Carl")
        self.assertEqual(str(carl.next_line(contains="Hello Carl")["from"]), f"{SUPPORT}/Alice")

        self.switchboard.signal(signal.SIGKILL)
        self.switchboard.wait_exit(timeout=10)
        self.switchboard = Switchboard(self.prosody, workgroups=self.workgroups).start()
        wait_until(lambda: alice.ping_ok(COMPONENT_DOMAIN, timeout=1), 10)

        # The room's client was never told it left: its lines are still its chat.
        self.say_and_see_echo(carl, "After the restart")
        self.assertEqual(alice.expect_message(sender=cj, contains="After the restart")["body"],
                         "After the restart")
        alice.send_message(cj, "Welcome back")
        reply = carl.next_line(contains="Welcome back")
        self.assertEqual(str(reply["from"]), f"{SUPPORT}/Alice")
        self.assertEqual(reply["type"], "groupchat")
        # Alice was shown in the room once: nothing repeats her arrival after the restart.
        arrivals = [s for s in carl.log if s.name == "presence" and s["from"].resource == "Alice"]
        self.assertEqual(len(arrivals), 1, [str(s) for s in arrivals])


class FullAndClosedTest(MucVisitorCase):
    workgroups = desk("queue", max_queue=1, agents=("alice",))

    def test_joins_are_refused_while_closed_and_while_full_with_the_texts(self):
        closed = self.room_visitor().join("Early")
        self.assertEqual(len(closed), 1)
        self.assertEqual(closed[0].name, "presence")
        self.assertEqual(error_of(closed[0]), ("not-allowed", OFFLINE))

        self.agent("alice")
        carl = self.room_visitor()
        self.assert_joined(carl.join("Carl"), carl, "Carl")
        self.say_and_see_echo(carl, "First in the queue")  # max_queue = 1: full now
        full = self.room_visitor().join("Late")
        self.assertEqual(len(full), 1)
        self.assertEqual(error_of(full[0]), ("service-unavailable", NOT_AVAILABLE))


class BroadcastModeTest(MucVisitorCase):
    workgroups = desk("broadcast")

    def test_a_room_visitor_chats_with_the_agent_who_takes_it(self):
        alice, bob = self.agent("alice"), self.agent("bob")
        carl = self.room_visitor()
        self.assert_joined(carl.join("Carl"), carl, "Carl")
        self.say_and_see_echo(carl, "Do you ship to Norway?")
        for agent in (alice, bob):
            note = agent.expect_message(sender=SUPPORT, contains="take 1")["body"]
            self.assertIn("Do you ship to Norway?", note)
        alice.send_message(SUPPORT, "take 1")
        self.expect_assignment(alice)
        joined = carl.next_line(contains="has joined")
        self.assertEqual(str(joined["from"]), DESK)
        alice.send_message(conversation_jid("support", 1), "We do, in three days.")
        reply = carl.next_line(contains="three days")
        self.assertEqual(str(reply["from"]), f"{SUPPORT}/Alice")
        self.assertEqual(reply["type"], "groupchat")
        # Bob is nowhere in Carl's room.
        self.assertFalse([s for s in carl.log if s["from"].resource == "Bob"])


class RoundRobinRoomVisitorTest(MucVisitorCase):
    users = ("alice", "carol")
    workgroups = desk("round_robin", agents=("alice",))

    def test_join_line_to_the_agent_and_reply(self):
        alice = self.agent("alice")
        carl = self.room_visitor()
        self.assert_joined(carl.join("Carl"), carl, "Carl")
        self.say_and_see_echo(carl, "Hello from ejabberd")
        chat, _ = self.expect_assignment(alice)
        cj = conversation_jid("support", chat)
        self.assertEqual(alice.expect_message(sender=cj)["body"], "Hello from ejabberd")
        alice.send_message(cj, "Hello Carl")
        reply = carl.next_line(contains="Hello Carl")
        self.assertEqual(str(reply["from"]), f"{SUPPORT}/Alice")


if __name__ == "__main__":
    unittest.main()
