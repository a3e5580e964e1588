"""The conversation so far, and routing explained: `transfer` hands the new agent both sides
with their original times, `history` sends them again, `why` names who was left out and
why, and the ad-hoc forms offer the actual chats and agents (PRODUCT.md, "What the agent's
client shows", "What an agent types")."""

import time
import unittest
from datetime import datetime, timedelta, timezone

from base import COMMANDS_NS as COMMANDS
from base import DATA_NS as DATA
from base import ConversationTestCase, conversation_jid, execute_command, workgroup_jid
from clients import delay_stamp

SUPPORT = workgroup_jid("support")

DESK = """
[workgroups.support]
mode = "round_robin"

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"

[[workgroups.support.agents]]
jid = "bob@localhost"
name = "Bob"

[[workgroups.support.agents]]
jid = "carol@localhost"
name = "Carol"
"""


class HistoryTest(ConversationTestCase):
    workgroups = DESK

    def conversation_lines(self, agent, cj, count):
        """The next `count` messages from the conversation JID: (body, delay stamp)."""
        lines = []
        for _ in range(count):
            msg = agent.expect_message(sender=cj)
            lines.append((msg["body"], delay_stamp(msg)))
        return lines

    def assert_in_order_with_times(self, lines, expected, sent_at):
        self.assertEqual([body for body, _ in lines], expected)
        stamps = [stamp for _, stamp in lines]
        self.assertNotIn(None, stamps, "every line carries a XEP-0203 delay stamp")
        self.assertEqual(stamps, sorted(stamps), "in the order they were said")
        for stamp, sent in zip(stamps, sent_at):
            # The original time of each line, not the time of the hand-over.
            self.assertLess(abs(stamp - sent), timedelta(seconds=1))

    def test_transfer_and_history_give_both_sides_with_their_original_times(self):
        alice = self.agent("alice")
        visitor = self.visitor()
        sent_at = [datetime.now(timezone.utc)]
        visitor.send_message(SUPPORT, "My parcel never came", nick="Pia")
        conversation, _ = self.expect_assignment(alice)
        cj = conversation_jid("support", conversation)
        alice.expect_message(sender=cj, contains="My parcel never came")
        time.sleep(1.2)  # stamps have whole seconds at best: keep the lines apart
        sent_at.append(datetime.now(timezone.utc))
        alice.send_message(cj, "Sorry! What is the order number?")
        visitor.expect_message(sender=SUPPORT, contains="order number")
        time.sleep(1.2)
        sent_at.append(datetime.now(timezone.utc))
        visitor.send_message(SUPPORT, "It is 4711")
        alice.expect_message(sender=cj, contains="4711")
        expected = ["My parcel never came", "[Alice] Sorry! What is the order number?",
                    "It is 4711"]

        bob = self.agent("bob")
        alice.send_message(cj, "transfer Bob")
        alice.expect_message(sender=cj, contains="transferred to Bob")
        self.expect_assignment(bob, contains="transferred")
        self.assert_in_order_with_times(self.conversation_lines(bob, cj, 3), expected, sent_at)
        bob.no_message(0.5, sender=cj)  # nothing more, nothing twice

        # Bob answers, then asks for it all again (a client that lost lines).
        bob.send_message(cj, "Bob here.")
        visitor.expect_message(sender=SUPPORT, contains="Bob here.")
        sent_at.append(datetime.now(timezone.utc))
        bob.send_message(cj, "history")
        again = bob.expect_message(sender=cj, contains="so far")
        self.assertIsNone(delay_stamp(again), "the answer is now, the lines are not")
        self.assert_in_order_with_times(self.conversation_lines(bob, cj, 4),
                                        expected + ["[Bob] Bob here."], sent_at)
        visitor.no_message(0.5, sender=SUPPORT, contains="history")  # a command, not a line

        # Only its agent gets a conversation's lines.
        alice.send_message(SUPPORT, f"history {conversation}")
        self.assertIn("not yours", alice.expect_message(sender=SUPPORT)["body"])
        alice.no_message(0.5, sender=cj)

    def test_why_names_a_paused_agent_as_left_out(self):
        alice = self.agent("alice")
        bob = self.agent("bob")
        bob.send_message(SUPPORT, "pause")
        bob.expect_message(sender=SUPPORT, contains="Paused")
        visitor = self.visitor()
        visitor.send_message(SUPPORT, "Hello?")
        conversation, _ = self.expect_assignment(alice)
        bob.send_message(SUPPORT, f"why {conversation}")
        answer = bob.expect_message(sender=SUPPORT, contains=f"Chat {conversation}")["body"]
        self.assertIn("went to Alice", answer)
        self.assertIn("next in the rotation", answer)
        self.assertIn("Left out: Bob (paused), Carol (offline).", answer)
        self.assertNotIn("Hello?", answer, "never a visitor's words")
        # Typed in the conversation, it is answered there and never reaches the visitor.
        cj = conversation_jid("support", conversation)
        alice.send_message(cj, "why")
        self.assertIn("Left out: Bob (paused)",
                      alice.expect_message(sender=cj, contains="went to Alice")["body"])
        visitor.no_message(0.5, sender=SUPPORT, contains="why")

    def execute(self, client, node, fields=None):
        return execute_command(client, SUPPORT, node, fields)

    def test_the_ad_hoc_transfer_form_offers_my_chats_and_the_other_agents(self):
        alice = self.agent("alice")
        bob = self.agent("bob")
        visitor = self.visitor()
        visitor.send_message(SUPPORT, "Hi there", nick="Quinn")
        conversation, _ = self.expect_assignment(alice)

        asked = self.execute(alice, "transfer")
        self.assertEqual(asked.get("status"), "executing")
        fields = {f.get("var"): f for f in asked.iter(f"{{{DATA}}}field")}
        self.assertEqual(fields["id"].get("type"), "list-single")
        self.assertEqual(fields["agent"].get("type"), "list-single")
        chats = [(o.get("label"), o.find(f"{{{DATA}}}value").text)
                 for o in fields["id"].iter(f"{{{DATA}}}option")]
        self.assertEqual(chats, [(f"{conversation} Quinn", str(conversation))])
        agents = [(o.get("label"), o.find(f"{{{DATA}}}value").text)
                  for o in fields["agent"].iter(f"{{{DATA}}}option")]
        self.assertEqual(agents, [("Bob", "bob@localhost"), ("Carol (offline)", "carol@localhost")],
                         "the others, who can take it first; never Alice herself")

        done = self.execute(alice, "transfer", {"id": conversation, "agent": "bob@localhost"})
        self.assertEqual(done.get("status"), "completed")
        self.assertIn("transferred to Bob", done.find(f"{{{COMMANDS}}}note").text)
        self.expect_assignment(bob, contains="transferred")

        # The answers read right in a form: no "type ..." hints.
        paused = self.execute(alice, "pause").find(f"{{{COMMANDS}}}note").text
        self.assertEqual(paused, "Paused: you will get no new chats.")


if __name__ == "__main__":
    unittest.main()
