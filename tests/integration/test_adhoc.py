"""Agents with richer clients use XEP-0050 ad-hoc commands: the same commands as plain
chat, listed under the workgroup JID, answered in a note."""

import unittest

from base import COMMANDS_NS as COMMANDS
from base import DATA_NS as DATA
from base import ConversationTestCase, execute_command, workgroup_jid

SALES = workgroup_jid("sales")
ITEMS = "http://jabber.org/protocol/disco#items"

DESK = """
[workgroups.sales]
mode = "broadcast"

[[workgroups.sales.agents]]
jid = "alice@localhost"
name = "Alice"
"""


class AdhocTest(ConversationTestCase):
    workgroups = DESK

    def execute(self, client, node, fields=None):
        return execute_command(client, SALES, node, fields)

    def test_an_agent_takes_and_closes_a_chat_with_ad_hoc_commands(self):
        alice = self.agent("alice", workgroup="sales")
        listing = alice.send_iq_raw(SALES, "get", f"<query xmlns='{ITEMS}' node='{COMMANDS}'/>")
        nodes = [item.get("node") for item in listing.xml.iter(f"{{{ITEMS}}}item")]
        self.assertIn("take", nodes)
        self.assertIn("transfer", nodes)

        visitor = self.visitor("sales")
        visitor.send_message(SALES, "Do you ship to Norway?", nick="Nora")
        alice.expect_message(sender=SALES, contains="take 1")

        asked = self.execute(alice, "take")
        self.assertEqual(asked.get("status"), "executing")
        field = asked.find(f"{{{DATA}}}x/{{{DATA}}}field")
        self.assertEqual((field.get("var"), field.get("type")), ("id", "list-single"),
                         "a form offers the waiting chats to choose from")
        options = [(o.get("label"), o.find(f"{{{DATA}}}value").text)
                   for o in field.iter(f"{{{DATA}}}option")]
        self.assertEqual(options, [('1 Nora: "Do you ship to Norway?"', "1")])

        done = self.execute(alice, "take", {"id": 1})
        self.assertEqual(done.get("status"), "completed")
        visitor.expect_message(sender=SALES, contains="Alice has joined")

        closed = self.execute(alice, "close", {"id": 1})
        self.assertEqual(closed.get("status"), "completed")
        self.assertIn("closed", closed.find(f"{{{COMMANDS}}}note").text)
        visitor.expect_message(sender=SALES, contains="closed")

    def test_a_visitor_cannot_run_commands(self):
        visitor = self.visitor("sales", state="closed")
        reply = visitor.send_iq_raw(SALES, "set", f"<command xmlns='{COMMANDS}' node='next' "
                                                  f"action='execute'/>")
        self.assertEqual(reply["type"], "error")
        self.assertEqual(reply["error"]["condition"], "forbidden")


if __name__ == "__main__":
    unittest.main()
