"""What an agent's roster shows (PRODUCT.md, "What the agent's client shows"): the workgroup
sends its presence to each online agent's full JIDs, so the desk is online without the agent
subscribing back, and in queue mode its status says how many chats wait; a conversation JID
is available to its agent while the chat is theirs and the visitor is there. Real Prosody
(and ejabberd, at the end), agents whose clients approve the workgroup's subscription request
but never ask for one back."""

import signal
import unittest

from base import ConversationTestCase, conversation_jid, workgroup_jid
from clients import Client, pump, wait_until
from fixtures import Switchboard

SUPPORT = workgroup_jid("support")
QUEUE_DESK = """
[workgroups.support]
mode = "queue"

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"
"""


def waiting(n):
    return "No chats waiting" if n == 0 else f"{n} waiting \u2014 type next"


class AgentPresenceCase(ConversationTestCase):
    def plain_agent(self, local):
        """An agent whose client approves the workgroup's subscription request and asks
        for none back (slixmpp's default would), once the workgroup's presence reached
        it: the desk then counts them online."""
        c = Client(self.prosody, local)
        c.xmpp.auto_subscribe = False
        c.connect()
        self.clients.append(c)
        self.expect_presence(c, SUPPORT)
        return c

    def expect_presence(self, client, sender, ptype="available", since=0, timeout=10.0):
        """The first presence from the full JID `sender` (or from the bare JID, when it has
        no resource) after the first `since` received, of `ptype`; returns its index."""
        def found():
            for i, p in enumerate(client.presence_log[since:], since):
                if str(p["from"]) == sender and p["type"] == ptype:
                    return i
            return None
        try:
            wait_until(lambda: found() is not None, timeout)
        except TimeoutError:
            seen = [f"{p['from']} {p['type']}" for p in client.presence_log[since:]]
            self.fail(f"{client.jid} got no {ptype} presence from {sender}; got {seen}\n" +
                      self.log_tail())
        return found()

    def from_(self, client, sender, since=0):
        """(type, status) of each presence from the full JID `sender`, in order."""
        return [(p["type"], p["status"]) for p in client.presence_log[since:]
                if str(p["from"]) == sender]

    def assert_desk_online(self, agent, status=""):
        """The workgroup's latest presence to the agent: available to their full JID,
        no <show> (plain online), with `status`."""
        p = agent.presences[SUPPORT]
        self.assertEqual(str(p["to"]), str(agent.jid), "sent to the agent's full JID")
        self.assertEqual(p["type"], "available")
        self.assertEqual(p["show"], "")
        self.assertEqual(p["status"], status)


class WorkgroupPresenceTest(AgentPresenceCase):
    workgroups = QUEUE_DESK

    def test_the_desk_is_online_for_an_agent_who_never_subscribed_back(self):
        alice = self.plain_agent("alice")
        self.assert_desk_online(alice, waiting(0))
        wait_until(lambda: alice.xmpp.client_roster[SUPPORT]["subscription"] == "from", 5)
        self.assertEqual(alice.xmpp.client_roster[SUPPORT]["subscription"], "from",
                         "she approved the workgroup's request and asked for nothing back")

        # A second client of hers gets it too, at its own full JID.
        phone = Client(self.prosody, "alice")
        phone.xmpp.auto_subscribe = False
        phone.connect()
        self.clients.append(phone)
        self.expect_presence(phone, SUPPORT)
        self.assert_desk_online(phone, waiting(0))

        # Logged out and back in: online again.
        phone.disconnect()
        self.clients.remove(phone)
        again = self.plain_agent("alice")
        self.assert_desk_online(again, waiting(0))

    def test_the_queue_count_is_in_the_status_and_follows_the_queue_coalesced(self):
        alice = self.plain_agent("alice")
        start = len(alice.presence_log)
        visitors = [self.visitor() for _ in range(5)]
        for n, v in enumerate(visitors):
            v.send_message(SUPPORT, f"My secret order number {n}", nick=f"Vera{n}")
        wait_until(lambda: alice.presences[SUPPORT]["status"] == waiting(5), 5)
        pump(0.5)
        statuses = [s for _, s in self.from_(alice, SUPPORT, start)]
        self.assertEqual(statuses[-1], waiting(5))
        self.assertLess(len(statuses), 5, f"five chats in a burst, fewer pushes: {statuses}")
        for s in statuses:
            self.assertNotIn("Vera", s)
            self.assertNotIn("secret", s)
        self.assert_desk_online(alice, waiting(5))

        alice.send_message(SUPPORT, "next")
        conversation, _ = self.expect_assignment(alice)
        wait_until(lambda: alice.presences[SUPPORT]["status"] == waiting(4), 5)
        self.assert_desk_online(alice, waiting(4))
        # The chat she pulled is there, at its full JID.
        self.expect_presence(alice, conversation_jid("support", conversation) + "/visitor")


class ConversationPresenceTest(AgentPresenceCase):
    workgroups = """
[workgroups.support]
mode = "round_robin"
visitor_grace = "0s"

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"

[[workgroups.support.agents]]
jid = "bob@localhost"
name = "Bob"
"""

    def test_a_conversation_is_there_while_open_and_gone_when_the_visitor_left(self):
        alice = self.plain_agent("alice")
        visitor = self.visitor()
        visitor.send_message(SUPPORT, "Hello?", nick="Vera")
        conversation, _ = self.expect_assignment(alice)
        cj = conversation_jid("support", conversation) + "/visitor"
        self.expect_presence(alice, cj)
        p = [p for p in alice.presence_log if str(p["from"]) == cj][0]
        self.assertEqual(str(p["to"]), str(alice.jid))
        alice.send_message(cj, "Hi Vera")
        visitor.expect_message(sender=SUPPORT, contains="Hi Vera")

        # The visitor closes the page: unavailable once Switchboard counts them gone (5 s
        # here), alongside the "left" notice.
        visitor.disconnect()
        self.clients.remove(visitor)
        self.expect_presence(alice, cj, "unavailable", timeout=10)
        alice.expect_message(sender=SUPPORT, contains="left")
        self.assertEqual(self.from_(alice, cj), [("available", ""), ("unavailable", "")])

        alice.send_message(SUPPORT, f"close {conversation}")
        alice.expect_message(sender=SUPPORT, contains="closed")
        pump(0.5)
        self.assertEqual(len(self.from_(alice, cj)), 2, "closed: nothing more to say")

    def test_close_and_transfer_make_it_unavailable_to_the_agent_who_had_it(self):
        alice = self.plain_agent("alice")
        bob = self.plain_agent("bob")
        visitors = {"One": self.visitor(), "Two": self.visitor()}
        for line, v in visitors.items():
            v.send_message(SUPPORT, line)
        chats, visitor_of = {}, {}
        for agent in (alice, bob):
            conversation, _ = self.expect_assignment(agent)
            chats[agent] = conversation_jid("support", conversation)
            visitor_of[agent] = visitors[agent.expect_message(sender=chats[agent])["body"]]
            self.expect_presence(agent, chats[agent] + "/visitor")

        # Alice hands hers to Bob: gone for her, there for him.
        cj = chats[alice] + "/visitor"
        alice.send_message(chats[alice], "transfer Bob")
        self.expect_assignment(bob, contains="transferred")
        self.expect_presence(alice, cj, "unavailable")
        self.expect_presence(bob, cj)
        self.assertEqual(self.from_(alice, cj), [("available", ""), ("unavailable", "")])

        # Bob closes it: gone for him.
        bob.send_message(chats[alice], "close")
        visitor_of[alice].expect_message(sender=SUPPORT, contains="closed")
        self.expect_presence(bob, cj, "unavailable")
        self.assertEqual(self.from_(bob, cj), [("available", ""), ("unavailable", "")])

    def test_after_a_restart_the_agent_sees_the_desk_and_her_chat_again(self):
        alice = self.plain_agent("alice")
        visitor = self.visitor()
        visitor.send_message(SUPPORT, "Hello?")
        conversation, _ = self.expect_assignment(alice)
        cj = conversation_jid("support", conversation) + "/visitor"
        self.expect_presence(alice, cj)

        self.switchboard.signal(signal.SIGTERM)
        self.switchboard.wait_exit(timeout=10)
        self.expect_presence(alice, SUPPORT, "unavailable")
        self.expect_presence(alice, cj, "unavailable")
        since = len(alice.presence_log)
        self.switchboard = Switchboard(self.prosody, workgroups=self.workgroups).start()
        # Her presence comes again (answering the new process's probe): so does ours.
        self.expect_presence(alice, SUPPORT, since=since, timeout=15)
        self.expect_presence(alice, cj, since=since)
        # Probing the conversation (as a roster contact's server does) is answered truly.
        alice.send_presence_to(conversation_jid("support", conversation), ptype="probe")
        wait_until(lambda: len(self.from_(alice, cj, since)) == 2, 5)
        self.assertEqual(self.from_(alice, cj, since), [("available", ""), ("available", "")])


class SubscriptionOnlyPresenceTest(AgentPresenceCase):
    """An agent who only logs in (no directed presence): the approved subscription alone
    carries her presence, and ours to her."""
    users = ("alice", "carol")
    workgroups = QUEUE_DESK

    def test_the_desk_and_the_conversation_show_online(self):
        alice = self.plain_agent("alice")
        self.assert_desk_online(alice, waiting(0))
        visitor = self.visitor()
        visitor.send_message(SUPPORT, "Hello?", nick="Vera")
        wait_until(lambda: alice.presences[SUPPORT]["status"] == waiting(1), 5)
        alice.send_message(SUPPORT, "next")
        conversation, _ = self.expect_assignment(alice)
        cj = conversation_jid("support", conversation) + "/visitor"
        self.expect_presence(alice, cj)
        alice.send_message(SUPPORT, f"close {conversation}")
        self.expect_presence(alice, cj, "unavailable")
        self.assertEqual(self.from_(alice, cj), [("available", ""), ("unavailable", "")])
        wait_until(lambda: alice.presences[SUPPORT]["status"] == waiting(0), 5)
        self.assert_desk_online(alice, waiting(0))


if __name__ == "__main__":
    unittest.main()
