"""Agents with richer clients use XEP-0050 ad-hoc commands: the same commands as plain
chat, listed under the workgroup JID, answered in a note."""

import unittest

from base import ConversationTestCase, workgroup_jid

SALES = workgroup_jid("sales")
COMMANDS = "http://jabber.org/protocol/commands"
ITEMS = "http://jabber.org/protocol/disco#items"
DATA = "jabber:x:data"

DESK = """
[workgroups.sales]
mode = "broadcast"

[[workgroups.sales.agents]]
jid = "alice@localhost"
name = "Alice"
"""


def command_of(iq):
    return iq.xml.find(f"{{{COMMANDS}}}command")


class AdhocTest(ConversationTestCase):
    workgroups = DESK

    def execute(self, client, node, fields=None):
        form = ""
        if fields is not None:
            form = f"<x xmlns='{DATA}' type='submit'>" + "".join(
                f"<field var='{k}'><value>{v}</value></field>" for k, v in fields.items()) + "</x>"
        return client.send_iq_raw(SALES, "set", f"<command xmlns='{COMMANDS}' node='{node}' "
                                                f"sessionid='{node}' action='execute'>{form}"
                                                f"</command>")

    def test_an_agent_takes_and_closes_a_chat_with_ad_hoc_commands(self):
        alice = self.agent("alice", workgroup="sales")
        listing = alice.send_iq_raw(SALES, "get", f"<query xmlns='{ITEMS}' node='{COMMANDS}'/>")
        nodes = [item.get("node") for item in listing.xml.iter(f"{{{ITEMS}}}item")]
        self.assertIn("take", nodes)
        self.assertIn("transfer", nodes)

        visitor = self.visitor("sales")
        visitor.send_message(SALES, "Do you ship to Norway?", nick="Nora")
        alice.expect_message(sender=SALES, contains="take 1")

        asked = command_of(self.execute(alice, "take"))
        self.assertEqual(asked.get("status"), "executing")
        self.assertIsNotNone(asked.find(f"{{{DATA}}}x"), "a form asks for the chat number")

        done = command_of(self.execute(alice, "take", {"id": 1}))
        self.assertEqual(done.get("status"), "completed")
        visitor.expect_message(sender=SALES, contains="Alice has joined")

        closed = command_of(self.execute(alice, "close", {"id": 1}))
        self.assertEqual(closed.get("status"), "completed")
        self.assertIn("closed", closed.find(f"{{{COMMANDS}}}note").text)
        visitor.expect_message(sender=SALES, contains="closed")

    def test_a_visitor_cannot_run_commands(self):
        visitor = self.visitor("sales", state="closed")
        reply = self.execute(visitor, "next")
        self.assertEqual(reply["type"], "error")
        self.assertEqual(reply["error"]["condition"], "forbidden")


if __name__ == "__main__":
    unittest.main()
