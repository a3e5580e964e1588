"""Conversations held in rooms (PRODUCT.md, "Group chat (MUC) on both sides", conversation =
"muc"): each conversation becomes a members-only, non-public room on the server's own MUC
service, which Switchboard creates; it invites the agent, relays the widget visitor into
it, lets supervisors join, moves it on `transfer`, and destroys it at `close`."""

import signal
import time
import unittest
from xml.etree import ElementTree as ET

from base import ConversationTestCase, workgroup_jid, xmpp_server
from clients import wait_until
from fixtures import COMPONENT_DOMAIN, MUC_DOMAIN, Switchboard

SUPPORT = workgroup_jid("support")
MUC_NS = "http://jabber.org/protocol/muc"
MUC_USER = "http://jabber.org/protocol/muc#user"
MUC_OWNER = "http://jabber.org/protocol/muc#owner"
DISCO_INFO = "http://jabber.org/protocol/disco#info"

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


def room_of(conversation):
    return f"support-{conversation}@{MUC_DOMAIN}"


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
        return client.expect_stanza(
            lambda m: m["from"].bare == room and
            m.xml.find(f"{{{MUC_USER}}}x/{{{MUC_USER}}}invite") is not None, timeout,
            f"an invitation to {room}")

    def expect_line(self, client, room, nick, text, timeout=5.0):
        """A groupchat line from `room/nick` (live, or the room's history)."""
        return client.expect_stanza(
            lambda m: m["type"] == "groupchat" and m["from"].full == f"{room}/{nick}" and
            m["body"] == text, timeout, f"{text!r} from {room}/{nick}")

    def expect_destroyed(self, client, room, timeout=5.0):
        wait_until(lambda: any(
            p["from"].bare == room and p["type"] == "unavailable" and
            p.xml.find(f"{{{MUC_USER}}}x/{{{MUC_USER}}}destroy") is not None
            for p in client.presence_log), timeout)

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

    def start_chat(self, agent, text="My order 1234 is late", nick="Carl"):
        """A widget visitor writes; `agent` gets the chat and the room's invitation."""
        visitor = self.visitor()
        visitor.send_message(SUPPORT, text, nick=nick)
        conversation, notice = self.expect_assignment(agent)
        room = room_of(conversation)
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
        self.expect_destroyed(alice, room)


if __name__ == "__main__":
    unittest.main()
