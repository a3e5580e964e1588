"""Conversations held in rooms (PRODUCT.md, "Group chat (MUC) on both sides", conversation =
"muc"): each conversation becomes a members-only, non-public room on the server's own MUC
service, which Switchboard creates; it invites the agent (and an XMPP visitor), relays the
widget visitor into it, lets supervisors join, moves it on `transfer`, and destroys it at
`close`. Rooms are named after the component's domain too, and are joined again after a
restart or a lost connection."""

import signal
import shutil
import tempfile
import time
import unittest
from xml.etree import ElementTree as ET

from base import ASSIGNED, ConversationTestCase, workgroup_jid, xmpp_server
from clients import NICK_NS, pump, wait_until
from fixtures import COMPONENT_DOMAIN, MUC_DOMAIN, CuttableLink, Switchboard

SUPPORT = workgroup_jid("support")
MUC_NS = "http://jabber.org/protocol/muc"
MUC_USER = "http://jabber.org/protocol/muc#user"
MUC_OWNER = "http://jabber.org/protocol/muc#owner"
DISCO_INFO = "http://jabber.org/protocol/disco#info"
VISITOR_NS = "urn:switchboard:visitor:0"
DELAY_NS = "urn:xmpp:delay"
HELP_DOMAIN = "help.localhost"  # a second Switchboard domain on the same server

DESK = f"""
[workgroups.support]
mode = "round_robin"
conversation = "muc"
muc_service = "{MUC_DOMAIN}"
supervisors = ["dave@localhost"]

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"

[[workgroups.support.agents]]
jid = "bob@localhost"
name = "Bob"
"""


def room_of(conversation, domain=COMPONENT_DOMAIN):
    return f"support-{conversation}.{domain}@{MUC_DOMAIN}"


def send_as_widget(client, to, body, nick=None):
    """A line as the web widget sends it: with <visitor xmlns='urn:switchboard:visitor:0'/>
    (here without an id, as from a browser without local storage)."""
    msg = client.xmpp.make_message(mto=to, mbody=body, mtype="chat")
    if nick is not None:
        el = ET.Element(f"{{{NICK_NS}}}nick")
        el.text = nick
        msg.append(el)
    msg.append(ET.Element(f"{{{VISITOR_NS}}}visitor"))
    msg.send()


def is_invitation(m, room):
    return (m["from"].bare == room and
            m.xml.find(f"{{{MUC_USER}}}x/{{{MUC_USER}}}invite") is not None)


def live(stanzas, body):
    """The messages among `stanzas` with `body` that are not a room's history."""
    return [m for m in stanzas if m["body"] == body and m.xml.find(f"{{{DELAY_NS}}}delay") is None]


class RoomHelpers:
    """Joining rooms, and what a room sends, read from the XML."""

    def join(self, client, room, nick):
        seen = len(client.presence_log)
        pres = client.xmpp.make_presence(pto=f"{room}/{nick}")
        pres.append(ET.Element(f"{{{MUC_NS}}}x"))
        pres.send()
        wait_until(lambda: any(
            p["from"].full == f"{room}/{nick}" and p["type"] != "unavailable" and
            p.xml.find(f"{{{MUC_USER}}}x/{{{MUC_USER}}}status[@code='110']") is not None
            for p in client.presence_log[seen:]), 5)

    def say(self, client, room, text):
        client.send_message(room, text, mtype="groupchat")

    def expect_invitation(self, client, room, timeout=5.0):
        """The room's mediated invitation (XEP-0045 7.8.2): from the room, <invite/>."""
        return client.expect_stanza(lambda m: is_invitation(m, room), timeout,
                                    f"an invitation to {room}")

    def expect_line(self, client, room, nick, text, timeout=5.0):
        """A groupchat line from `room/nick` (live, or the room's history)."""
        return client.expect_stanza(
            lambda m: m["type"] == "groupchat" and m["from"].full == f"{room}/{nick}" and
            m["body"] == text, timeout, f"{text!r} from {room}/{nick}")

    def expect_destroyed(self, client, room, timeout=5.0):
        """The room's destruction as `client` saw it; returns its reason."""
        def destroyed():
            return [p for p in client.presence_log if p["from"].bare == room and
                    p["type"] == "unavailable" and
                    p.xml.find(f"{{{MUC_USER}}}x/{{{MUC_USER}}}destroy") is not None]
        wait_until(lambda: destroyed(), timeout)
        return destroyed()[0].xml.findtext(
            f"{{{MUC_USER}}}x/{{{MUC_USER}}}destroy/{{{MUC_USER}}}reason")

    def expect_removed(self, client, room, nick, timeout=5.0):
        """`room/nick` left the room unwillingly: unavailable with status 321 (no longer a
        member) or 307 (kicked)."""
        def removed():
            for p in client.presence_log:
                if p["from"].full != f"{room}/{nick}" or p["type"] != "unavailable":
                    continue
                codes = {s.get("code") for s in
                         p.xml.findall(f"{{{MUC_USER}}}x/{{{MUC_USER}}}status")}
                if codes & {"321", "307"}:
                    return True
            return False
        wait_until(removed, timeout)

    def room_features(self, client, room):
        reply = client.send_iq_raw(room, "get", f"<query xmlns='{DISCO_INFO}'/>")
        return {f.get("var") for f in reply.xml.findall(f"{{{DISCO_INFO}}}query/{{{DISCO_INFO}}}feature")}

    def start_chat(self, agent, text="My order 1234 is late", nick="Carl",
                   domain=COMPONENT_DOMAIN):
        """A widget visitor writes to support@`domain`; `agent` gets the chat and the room's
        invitation."""
        workgroup = f"support@{domain}"
        visitor = self.login()
        visitor.send_presence_to(workgroup)
        visitor.wait_availability(workgroup, "open")
        send_as_widget(visitor, workgroup, text, nick=nick)
        notice = agent.expect_message(sender=workgroup, contains="Chat ")["body"]
        found = ASSIGNED.search(notice)
        self.assertIsNotNone(found, f"not an assignment notice: {notice!r}")
        conversation = int(found.group(1))
        room = room_of(conversation, domain)
        self.assertIn(room, notice)
        self.expect_invitation(agent, room)
        return visitor, conversation, room


class MucRoomsTest(RoomHelpers, ConversationTestCase):
    workgroups = DESK
    server = staticmethod(lambda: xmpp_server(muc=True))

    def test_agent_and_visitor_talk_in_the_room_and_close_destroys_it(self):
        alice = self.agent("alice")
        dave = self.login("dave")  # a supervisor
        visitor, conversation, room = self.start_chat(alice)
        features = self.room_features(alice, room)
        self.assertIn("muc_membersonly", features)
        self.assertIn("muc_hidden", features)  # not public

        self.join(alice, room, "Alice")
        self.expect_line(alice, room, "Carl", "My order 1234 is late")
        self.say(alice, room, "Hi Carl, let me look")
        self.assertEqual(visitor.expect_message(sender=SUPPORT, contains="let me look")["body"],
                         "Hi Carl, let me look")
        visitor.send_message(SUPPORT, "Thanks!")
        self.expect_line(alice, room, "Carl", "Thanks!")

        # The supervisor was invited too, and sees the conversation so far.
        self.expect_invitation(dave, room)
        self.join(dave, room, "Dave")
        self.expect_line(dave, room, "Carl", "My order 1234 is late")
        self.expect_line(dave, room, "Alice", "Hi Carl, let me look")
        self.say(dave, room, "Carl, it ships today")
        visitor.expect_message(sender=SUPPORT, contains="it ships today")

        # A stranger may not enter a members-only room.
        bob = self.login("bob")
        pres = bob.xmpp.make_presence(pto=f"{room}/Bob")
        pres.append(ET.Element(f"{{{MUC_NS}}}x"))
        pres.send()
        wait_until(lambda: any(p["from"].full == f"{room}/Bob" and p["type"] == "error"
                               for p in bob.presence_log), 5)

        self.say(alice, room, "close")
        closing = visitor.expect_message(sender=SUPPORT, contains="closed")["body"]
        self.expect_line(alice, room, "support", closing)
        self.expect_destroyed(alice, room)
        self.expect_destroyed(dave, room)

    def test_transfer_invites_the_new_agent_and_removes_the_old(self):
        alice = self.agent("alice")
        visitor, conversation, room = self.start_chat(alice)
        self.join(alice, room, "Alice")
        self.say(alice, room, "One moment")
        visitor.expect_message(sender=SUPPORT, contains="One moment")
        bob = self.agent("bob")
        self.say(alice, room, "transfer bob")
        self.expect_invitation(bob, room)
        self.expect_removed(alice, room, "Alice")
        self.join(bob, room, "Bob")
        self.expect_line(bob, room, "Alice", "One moment")
        self.say(bob, room, "Bob here, hello")
        visitor.expect_message(sender=SUPPORT, contains="Bob here, hello")
        visitor.send_message(SUPPORT, "Hi Bob")
        self.expect_line(bob, room, "Carl", "Hi Bob")

    def test_after_a_restart_the_room_goes_on(self):
        alice = self.agent("alice")
        visitor, conversation, room = self.start_chat(alice)
        self.join(alice, room, "Alice")
        self.say(alice, room, "Before the restart")
        visitor.expect_message(sender=SUPPORT, contains="Before the restart")
        self.switchboard.signal(signal.SIGKILL)
        self.switchboard.wait_exit(timeout=10)
        self.switchboard = Switchboard(self.prosody, workgroups=DESK).start()
        wait_until(lambda: alice.ping_ok(COMPONENT_DOMAIN, timeout=1), 10)
        time.sleep(1)  # the component's occupants join the room again
        self.say(alice, room, "After the restart")
        visitor.expect_message(sender=SUPPORT, contains="After the restart")
        visitor.send_message(SUPPORT, "Still here")
        self.expect_line(alice, room, "Carl", "Still here")


class AgentLeavesTheRoomTest(RoomHelpers, ConversationTestCase):
    """An agent out of the room for longer than offline_grace loses the chat to the queue."""
    workgroups = DESK.replace('supervisors = ["dave@localhost"]', 'offline_grace = "1s"')
    server = staticmethod(lambda: xmpp_server(muc=True))

    def test_the_chat_goes_back_to_the_queue_and_to_the_next_agent(self):
        alice = self.agent("alice")
        visitor, conversation, room = self.start_chat(alice)
        self.join(alice, room, "Alice")
        self.say(alice, room, "Hello Carl")
        visitor.expect_message(sender=SUPPORT, contains="Hello Carl")
        bob = self.agent("bob")

        # Out and back within the grace: nothing happens.
        alice.send_presence_to(f"{room}/Alice", ptype="unavailable")
        self.join(alice, room, "Alice")
        bob.no_message(seconds=1.5, sender=SUPPORT)

        alice.send_presence_to(f"{room}/Alice", ptype="unavailable")
        self.assertIn("left its room",
                      alice.expect_message(sender=SUPPORT, contains=f"Chat {conversation}",
                                           timeout=5)["body"])
        visitor.expect_message(sender=SUPPORT, contains="back at the front of the queue")
        again, _ = self.expect_assignment(bob)
        self.assertEqual(again, conversation)
        self.expect_invitation(bob, room)
        self.join(bob, room, "Bob")
        self.expect_line(bob, room, "Carl", "My order 1234 is late")


class CoreRoomTest(RoomHelpers, ConversationTestCase):
    """The core of it in one go: create, invite, line, reply, close."""
    workgroups = DESK
    server = staticmethod(lambda: xmpp_server(muc=True))

    def test_create_invite_talk_close(self):
        alice = self.agent("alice")
        visitor, conversation, room = self.start_chat(alice)
        features = self.room_features(alice, room)
        self.assertIn("muc_membersonly", features)
        self.assertIn("muc_hidden", features)
        self.join(alice, room, "Alice")
        self.expect_line(alice, room, "Carl", "My order 1234 is late")
        self.say(alice, room, "Hi Carl, let me look")
        visitor.expect_message(sender=SUPPORT, contains="let me look")
        visitor.send_message(SUPPORT, "Thanks!")
        self.expect_line(alice, room, "Carl", "Thanks!")
        self.say(alice, room, "close")
        closing = visitor.expect_message(sender=SUPPORT, contains="closed")["body"]
        self.expect_line(alice, room, "support", closing)
        # The closing line is the reason too, for clients that close the room's window.
        self.assertEqual(self.expect_destroyed(alice, room), closing)
        # A widget visitor (its lines carry <visitor/>) is relayed, never invited.
        self.assertFalse([m for m in visitor.all_stanzas() if is_invitation(m, room)])


class XmppVisitorTest(RoomHelpers, ConversationTestCase):
    """A visitor with an XMPP client of their own is invited into the room: until they are
    in it their chat goes on one to one; in it, the room is their chat; out again, one to
    one again. Every line reaches them once."""
    workgroups = DESK
    server = staticmethod(lambda: xmpp_server(muc=True))

    def test_the_visitor_is_invited_joins_chats_in_the_room_and_sees_each_line_once(self):
        alice = self.agent("alice")
        carol = self.login("carol")  # an XMPP visitor: no <visitor/> in her messages
        carol.send_message(SUPPORT, "Hello, is anyone there?", nick="Carol")
        conversation, _ = self.expect_assignment(alice)
        room = room_of(conversation)
        self.expect_invitation(alice, room)
        self.join(alice, room, "Alice")
        # Her lines written to the workgroup JID: from "Carol (chat)", so that "Carol" is free.
        self.expect_line(alice, room, "Carol (chat)", "Hello, is anyone there?")
        self.say(alice, room, "Hi Carol, Alice here")  # her first line: the chat is hers
        invitation = self.expect_invitation(carol, room)
        self.assertEqual(str(invitation["to"]), str(carol.jid), "to the client she chats from")
        carol.expect_message(sender=SUPPORT, contains="Alice here")  # not in yet: one to one

        self.join(carol, room, "Carol")
        wait_until(lambda: any(p["from"].full == f"{room}/Carol" and p["type"] != "unavailable"
                               for p in alice.presence_log), 5)
        self.say(alice, room, "Now we talk here")
        self.expect_line(carol, room, "Alice", "Now we talk here")
        self.say(carol, room, "Great, thanks")
        self.expect_line(alice, room, "Carol", "Great, thanks")
        carol.send_message(SUPPORT, "And one to one")  # still her chat, still in the room
        self.expect_line(alice, room, "Carol (chat)", "And one to one")

        carol.send_presence_to(f"{room}/Carol", ptype="unavailable")
        wait_until(lambda: any(p["from"].full == f"{room}/Carol" and p["type"] == "unavailable"
                               for p in alice.presence_log), 5)
        self.say(alice, room, "After you left")
        carol.expect_message(sender=SUPPORT, contains="After you left")
        pump(1.0)
        for line in ("Hi Carol, Alice here", "Now we talk here", "After you left"):
            self.assertEqual(len(live(carol.all_stanzas(), line)), 1, line)
        for line in ("Great, thanks", "And one to one"):
            self.assertEqual(len(live(alice.all_stanzas(), line)), 1, line)
        transcript = self.switchboard.log()
        self.assertIn("the visitor joined the room", transcript)


class TwoDomainsTest(RoomHelpers, ConversationTestCase):
    """Two Switchboard domains on one MUC service: the same workgroup and chat id, two rooms."""
    workgroups = DESK
    server = staticmethod(lambda: xmpp_server(muc=True, more_components=(HELP_DOMAIN,)))

    def test_the_same_chat_id_on_two_domains_gets_two_rooms(self):
        workdir = tempfile.mkdtemp(prefix="sb-help-")
        self.addCleanup(shutil.rmtree, workdir, True)
        help_desk = Switchboard(self.prosody, workgroups=DESK, domain=HELP_DOMAIN,
                                workdir=workdir,
                                port=self.prosody.component_port_for(HELP_DOMAIN)).start()
        self.addCleanup(help_desk.stop)
        alice = self.agent("alice")
        help_support = f"support@{HELP_DOMAIN}"
        wait_until(lambda: alice.ping_ok(HELP_DOMAIN, timeout=1), 10)
        alice.send_presence_to(help_support)
        alice.send_message(help_support, "help")
        alice.expect_message(sender=help_support, contains="Commands:")

        carl, first, desk_room = self.start_chat(alice, "Question for desk", nick="Carl")
        dora, second, help_room = self.start_chat(alice, "Question for help", nick="Dora",
                                                  domain=HELP_DOMAIN)
        self.assertEqual(first, second, "both chat 1 of their workgroup")
        self.assertNotEqual(desk_room, help_room)
        self.join(alice, desk_room, "Alice")
        self.join(alice, help_room, "Alice")
        self.expect_line(alice, desk_room, "Carl", "Question for desk")
        self.expect_line(alice, help_room, "Dora", "Question for help")
        self.say(alice, help_room, "Answer for Dora")
        dora.expect_message(sender=help_support, contains="Answer for Dora")
        self.say(alice, desk_room, "Answer for Carl")
        carl.expect_message(sender=SUPPORT, contains="Answer for Carl")
        self.assertFalse(live(carl.all_stanzas(), "Answer for Dora"))


class ReconnectTest(RoomHelpers, ConversationTestCase):
    """The connection to the server is lost and comes back, without a restart of either:
    the rooms are joined again (the server dropped our occupants when a line to them
    bounced meanwhile)."""
    workgroups = DESK
    server = staticmethod(lambda: xmpp_server(muc=True))

    def test_after_a_lost_connection_the_room_goes_on(self):
        self.switchboard.stop()
        self.link = CuttableLink(self.prosody.component_port)
        self.addCleanup(self.link.close)
        self.switchboard = Switchboard(self.prosody, workgroups=DESK, port=self.link.port).start()
        # Connected through the link before the agent speaks (a loaded machine is slow).
        wait_until(lambda: "connected to" in self.switchboard.log(), 15)
        alice = self.agent("alice")
        visitor, conversation, room = self.start_chat(alice)
        self.join(alice, room, "Alice")
        self.say(alice, room, "Before the cut")
        visitor.expect_message(sender=SUPPORT, contains="Before the cut")

        seen = len(alice.presence_log)
        self.link.cut(1.5)
        pump(0.3)
        # Bounced by the server: the room drops our occupants (a line said in the room
        # while Switchboard is away is not relayed; the room's history has it).
        self.say(alice, room, "Said while Switchboard was away")
        wait_until(lambda: alice.ping_ok(COMPONENT_DOMAIN, timeout=1), 15)
        # Back: the visitor's occupant is in the room again once the room is set up again.
        try:
            wait_until(lambda: any(p["from"].full == f"{room}/Carl" and p["type"] != "unavailable"
                                   for p in alice.presence_log[seen:]), 10)
        except TimeoutError:
            self.fail("the component's occupants never came back into the room")
        self.say(alice, room, "After the reconnect")
        visitor.expect_message(sender=SUPPORT, contains="After the reconnect")
        visitor.send_message(SUPPORT, "Still here")
        self.expect_line(alice, room, "Carl", "Still here")


if __name__ == "__main__":
    unittest.main()
