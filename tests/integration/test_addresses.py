"""Where an agent's client shows a chat and where the agent answers (PRODUCT.md, "What the
agent's client shows"): conversation lines come from a full JID of the conversation with
the visitor's name as nickname, the notice names the conversation JID, commands typed in
a conversation are answered from it, and every error says what happened."""

import unittest

from base import (ASSIGNED, ConversationTestCase, conversation_jid, two_agent_desk,
                  workgroup_jid)
from clients import CHATSTATES_NS, NICK_NS, delay_stamp

SUPPORT = workgroup_jid("support")
RESOURCE = "visitor"


def nick_of(msg):
    """The XEP-0172 nickname a message carries, or None."""
    nick = msg.xml.find(f"{{{NICK_NS}}}nick")
    return None if nick is None else nick.text


def error_of(client, sender, timeout=5.0):
    """The next message error from `sender`'s bare JID: (condition, text)."""
    msg = client.expect_stanza(lambda m: m["type"] == "error" and m["from"].bare == sender,
                               timeout, f"message error from {sender}")
    return msg["error"]["condition"], msg["error"]["text"]


class ConversationAddressTest(ConversationTestCase):
    workgroups = two_agent_desk("queue")

    def pull(self, agent, nick="Carl", first="Hello, my order is late"):
        """A visitor writes (as `nick`, or without one), `agent` types next: returns the
        visitor, the chat id, its bare JID and the notice."""
        visitor = self.visitor()
        visitor.send_message(SUPPORT, first, nick=nick)
        visitor.expect_message(sender=SUPPORT, contains="number 1")
        agent.send_message(SUPPORT, "next")
        conversation, notice = self.expect_assignment(agent)
        return visitor, conversation, conversation_jid("support", conversation), notice

    def test_lines_come_from_the_full_conversation_jid_with_the_visitors_nick(self):
        alice = self.agent("alice")
        visitor, conversation, cj, notice = self.pull(alice)
        self.assertIn(f"Reply to {cj}.", notice, "the notice names where to write")
        self.assertEqual(ASSIGNED.search(notice).group(2), "Carl")
        nick = f"Carl (chat {conversation})"

        backlog = alice.expect_message(sender=cj)
        self.assertEqual(backlog["body"], "Hello, my order is late")
        self.assertEqual(str(backlog["from"]), f"{cj}/{RESOURCE}")
        self.assertEqual(nick_of(backlog), nick)
        self.assertIsNotNone(delay_stamp(backlog))

        visitor.send_message(SUPPORT, "It was order 12")
        live = alice.expect_message(sender=cj)
        self.assertEqual((live["body"], str(live["from"]), nick_of(live)),
                         ("It was order 12", f"{cj}/{RESOURCE}", nick))

        visitor.send_chat_state(SUPPORT, "composing")
        typing = alice.expect_chat_state(cj, "composing")
        self.assertEqual((str(typing["from"]), nick_of(typing)), (f"{cj}/{RESOURCE}", nick))

        # The agent may answer the full form (what a client replies to) or the bare one.
        alice.send_message(f"{cj}/{RESOURCE}", "Let me look")
        visitor.expect_message(sender=SUPPORT, contains="Alice has joined")
        self.assertEqual(visitor.expect_message(sender=SUPPORT)["body"], "Let me look")
        alice.send_message(cj, "Found it")
        self.assertEqual(visitor.expect_message(sender=SUPPORT)["body"], "Found it")
        alice.send_chat_state(f"{cj}/{RESOURCE}", "composing")
        visitor.expect_chat_state(SUPPORT, "composing")

    def test_a_visitor_without_a_nick_is_called_visitor_and_the_chat_id(self):
        alice = self.agent("alice")
        _, conversation, cj, notice = self.pull(alice, nick=None)
        name = f"Visitor {conversation}"
        self.assertEqual(ASSIGNED.search(notice).group(2), name,
                         "an anonymous login's random id says nothing to an agent")
        self.assertEqual(nick_of(alice.expect_message(sender=cj)),
                         f"{name} (chat {conversation})")

    def test_commands_typed_in_a_conversation_are_answered_from_it(self):
        alice = self.agent("alice")
        visitor, conversation, cj, _ = self.pull(alice)
        alice.expect_message(sender=cj)  # the backlog line
        full = f"{cj}/{RESOURCE}"

        alice.send_message(cj, "transfer zoe")
        reply = alice.expect_message()
        self.assertEqual(str(reply["from"]), full)
        self.assertIn("zoe is not an agent", reply["body"])

        alice.send_message(full, "transfer Alice")
        reply = alice.expect_message()
        self.assertEqual((str(reply["from"]), reply["body"]),
                         (full, f"Chat {conversation} is already yours."))

        alice.send_message(cj, "close")
        reply = alice.expect_message()
        self.assertEqual((str(reply["from"]), reply["body"]),
                         (full, f"Chat {conversation} is closed."))
        visitor.expect_message(sender=SUPPORT, contains="closed")
        # Typed to the workgroup, a command is still answered from the workgroup.
        alice.send_message(SUPPORT, "status")
        self.assertEqual(str(alice.expect_message()["from"]), SUPPORT)

    def test_writing_to_a_transferred_or_closed_chat_says_what_happened(self):
        alice = self.agent("alice")
        bob = self.agent("bob")
        visitor, conversation, cj, _ = self.pull(alice)
        alice.send_message(cj, "transfer bob")
        alice.expect_message(sender=cj, contains="transferred to Bob")
        self.expect_assignment(bob)

        alice.send_message(cj, "One more thing")
        self.assertEqual(error_of(alice, cj),
                         ("forbidden", f"Chat {conversation} is now with Bob. Your message "
                                       "was not delivered."))
        bob.send_message(cj, "close")
        bob.expect_message(sender=cj, contains="is closed")
        bob.send_message(f"{cj}/{RESOURCE}", "Bye")
        self.assertEqual(error_of(bob, cj),
                         ("forbidden", f"Chat {conversation} was closed. Your message was "
                                       "not delivered."))
        visitor.no_message(0.5, sender=SUPPORT, contains="One more thing")
        visitor.no_message(0.2, sender=SUPPORT, contains="Bye")

        # Someone who is no agent of the chat hears why too.
        carol = self.login("carol")
        carol.send_message(cj, "let me in")
        condition, text = error_of(carol, cj)
        self.assertEqual(condition, "forbidden")
        self.assertTrue(text, "every error carries a text")

    def test_a_conversation_jid_answers_disco_info_and_ping(self):
        alice = self.agent("alice")
        _, conversation, cj, _ = self.pull(alice)
        for jid in (cj, f"{cj}/{RESOURCE}"):
            info = alice.disco_info(jid)
            identities = {(cat, typ) for cat, typ, _lang, _name in info["identities"]}
            self.assertEqual(identities, {("client", "web")}, jid)
            for feature in (CHATSTATES_NS, NICK_NS, "urn:xmpp:ping"):
                self.assertIn(feature, info["features"], jid)
            self.assertTrue(alice.ping_ok(jid), jid)
        # An address that is no conversation still does not exist, and says so.
        reply = alice.send_iq_raw(f"support.x@{cj.split('@')[1]}", "get",
                                  "<ping xmlns='urn:xmpp:ping'/>")
        self.assertEqual(reply["error"]["condition"], "service-unavailable")
        self.assertTrue(reply["error"]["text"])


if __name__ == "__main__":
    unittest.main()
