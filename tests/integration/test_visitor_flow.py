"""What happens around a visitor's chat before and after an agent has it: the menu and
the skills it asks for, skills from language and keyword rules, returning visitors going
back to their agent (sticky), a visitor going offline while waiting or while served,
business hours closing the workgroup, and a burst of changes coalesced into fewer
presence pushes (PRODUCT.md, "Applies to every mode", "What the visitor sees",
"Availability that widgets read")."""

import unittest
from datetime import datetime, timezone

from base import ConversationTestCase, conversation_jid, workgroup_jid
from clients import pump, wait_until

SUPPORT = workgroup_jid("support")
WELCOME = "Welcome! Someone will be with you shortly."
QUESTION = "What service do you need?"
OFFLINE = "We are closed right now. Our hours are 09:00-17:30."


class MenuTest(ConversationTestCase):
    # least_busy with Alice at priority 1: without the menu's skill every tie goes to
    # Alice, so a chat reaching Bob while he has more chats than her is the skill's doing.
    workgroups = f"""
[workgroups.support]
mode = "least_busy"
welcome = "{WELCOME}"

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"
priority = 1
skills = ["refund"]

[[workgroups.support.agents]]
jid = "bob@localhost"
name = "Bob"
priority = 2
skills = ["change"]

[workgroups.support.menu]
question = "{QUESTION}"
options = [ {{ label = "Refund", skill = "refund" }}, {{ label = "Change", skill = "change" }} ]
"""

    def ask(self, nick, first):
        """A visitor writes; they get the welcome, then the menu with numbered options,
        and no agent hears of the chat while the question is open."""
        visitor = self.visitor()
        visitor.send_message(SUPPORT, first, nick=nick)
        self.assertEqual(visitor.expect_message(sender=SUPPORT)["body"], WELCOME)
        menu = visitor.expect_message(sender=SUPPORT)["body"]
        self.assertTrue(menu.startswith(QUESTION), menu)
        self.assertIn("1 Refund", menu)
        self.assertIn("2 Change", menu)
        self.assertLess(menu.index("1 Refund"), menu.index("2 Change"))
        return visitor

    def test_answer_by_number_routes_to_the_agent_with_that_skill(self):
        alice = self.agent("alice")
        bob = self.agent("bob")
        visitor = self.ask("Vera", "Hello, I ordered the wrong size")
        for agent in (alice, bob):
            agent.no_message(0.5, sender=SUPPORT, contains="Chat ")

        visitor.send_message(SUPPORT, "2")
        conversation, notice = self.expect_assignment(bob)
        self.assertEqual(conversation, 1)
        self.assertIn("Vera", notice)
        self.expect_backlog(bob, "support", 1, ["Hello, I ordered the wrong size", "2"])
        alice.no_message(0.5, sender=SUPPORT, contains="Chat 1")

        bob.send_message(conversation_jid("support", 1), "Bob here, let's change it.")
        visitor.expect_message(sender=SUPPORT, contains="Bob has joined")
        visitor.expect_message(sender=SUPPORT, contains="let's change it")

    def test_answer_by_label_in_any_case_routes_to_the_agent_with_that_skill(self):
        alice = self.agent("alice")
        bob = self.agent("bob")
        first = self.ask("Vera", "Hi")
        first.send_message(SUPPORT, "change")
        self.assertEqual(self.expect_assignment(bob)[0], 1)

        # Bob has one chat, Alice none: only the skill can send this one to Bob again.
        second = self.ask("Walt", "Hello there")
        second.send_message(SUPPORT, "CHANGE")
        conversation, notice = self.expect_assignment(bob)
        self.assertEqual(conversation, 2)
        self.assertIn("Walt", notice)
        alice.no_message(0.5, sender=SUPPORT, contains="Chat ")

        third = self.ask("Xena", "Good morning")
        third.send_message(SUPPORT, "  Refund ")
        conversation, notice = self.expect_assignment(alice)
        self.assertEqual(conversation, 3)
        self.assertIn("Xena", notice)
        bob.no_message(0.5, sender=SUPPORT, contains="Chat 3")


class SkillRulesTest(ConversationTestCase):
    # Carol, with no skills and priority 1, wins every tie when a chat needs no skill.
    workgroups = """
[workgroups.support]
mode = "least_busy"

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"
priority = 2
skills = ["de"]

[[workgroups.support.agents]]
jid = "bob@localhost"
name = "Bob"
priority = 2
skills = ["billing"]

[[workgroups.support.agents]]
jid = "carol@localhost"
name = "Carol"
priority = 1

[[workgroups.support.rules]]
language = "de"
skill = "de"

[[workgroups.support.rules]]
keyword = "invoice"
skill = "billing"
"""

    def test_a_first_message_in_german_goes_to_the_agent_with_skill_de(self):
        alice = self.agent("alice")
        bob = self.agent("bob")
        carol = self.agent("carol")
        german = self.visitor()
        german.send_message(SUPPORT, "Hallo, wo ist mein Paket?", nick="Greta", lang="de")
        conversation, notice = self.expect_assignment(alice)
        self.assertEqual(conversation, 1)
        self.assertIn("Greta", notice)
        for other in (bob, carol):
            other.no_message(0.3, sender=SUPPORT, contains="Chat 1")

        # Another language matches no rule: the tie goes to Carol (priority 1).
        english = self.visitor()
        english.send_message(SUPPORT, "Hello, where is my parcel?", nick="Nora", lang="en")
        self.assertEqual(self.expect_assignment(carol)[0], 2)

    def test_a_message_mentioning_invoice_goes_to_the_agent_with_that_skill(self):
        alice = self.agent("alice")
        bob = self.agent("bob")
        carol = self.agent("carol")
        billing = self.visitor()
        billing.send_message(SUPPORT, "My Invoice shows the wrong address", nick="Ivan")
        conversation, notice = self.expect_assignment(bob)
        self.assertEqual(conversation, 1)
        self.assertIn("Ivan", notice)
        for other in (alice, carol):
            other.no_message(0.3, sender=SUPPORT, contains="Chat 1")

        # Without the keyword the chat needs no skill: the tie goes to Carol (priority 1).
        plain = self.visitor()
        plain.send_message(SUPPORT, "Do you ship to Norway?", nick="Nora")
        self.assertEqual(self.expect_assignment(carol)[0], 2)


class StickyTest(ConversationTestCase):
    workgroups = """
[workgroups.support]
mode = "round_robin"
sticky = true

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"

[[workgroups.support.agents]]
jid = "bob@localhost"
name = "Bob"
"""

    def served(self, dave, agents, conversation, expected=None):
        """dave writes; one agent gets the chat (`expected` if given), answers, closes.
        Returns the name of the agent who served him."""
        dave.send_message(SUPPORT, f"Hello, it's Dave again ({conversation})")
        got = {name: c.collect(1.0, sender=SUPPORT) for name, c in agents.items()}
        assigned = [n for n, bodies in got.items()
                    if any(f"Chat {conversation} with dave is yours" in b for b in bodies)]
        self.assertEqual(len(assigned), 1, got)
        name = assigned[0]
        if expected is not None:
            self.assertEqual(name, expected, f"chat {conversation} went to the wrong agent")
        agent = agents[name]
        cj = conversation_jid("support", conversation)
        agent.send_message(cj, f"Hi Dave, {name} here.")
        dave.expect_message(sender=SUPPORT, contains=f"{name} has joined")
        dave.expect_message(sender=SUPPORT, contains=f"{name} here.")
        agent.send_message(cj, "close")
        dave.expect_message(sender=SUPPORT, contains="closed")
        return name

    def test_a_returning_visitor_goes_back_to_the_agent_who_served_them(self):
        agents = {"Alice": self.agent("alice"), "Bob": self.agent("bob")}
        dave = self.login("dave")  # a visitor with his own XMPP account
        dave.send_presence_to(SUPPORT)
        dave.wait_availability(SUPPORT, "open")

        first = self.served(dave, agents, 1)
        other = "Bob" if first == "Alice" else "Alice"
        # The rotation's turn is the other agent's now; Dave still goes back to his.
        self.served(dave, agents, 2, expected=first)
        self.served(dave, agents, 3, expected=first)

        # His agent went offline: the chat is still served, by the other agent.
        agents[first].disconnect()
        pump(0.7)
        self.served(dave, agents, 4, expected=other)


class VisitorOfflineWhileWaitingTest(ConversationTestCase):
    workgroups = """
[workgroups.support]
mode = "queue"
visitor_grace = "1s"

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"
"""

    def queued(self, widget, nick, count):
        visitor = self.visitor()
        visitor.send_message(SUPPORT, "Is anyone there?", nick=nick)
        visitor.expect_message(sender=SUPPORT, contains=f"number {count} in the queue")
        try:
            wait_until(lambda: widget.queue_count(SUPPORT) == count, 3.0)
        except TimeoutError:
            self.fail(f"the widget sees {widget.queue_count(SUPPORT)} waiting, not {count}")
        return visitor

    def test_a_waiting_visitor_who_leaves_drops_out_of_the_queue_after_the_grace(self):
        alice = self.agent("alice")
        widget = self.visitor()
        visitor = self.queued(widget, "Vera", 1)

        visitor.send_presence_to(SUPPORT, ptype="unavailable")
        pump(0.4)
        self.assertEqual(widget.queue_count(SUPPORT), 1, "the place is kept for a while")
        try:
            wait_until(lambda: widget.queue_count(SUPPORT) == 0, 3.0)
        except TimeoutError:
            self.fail(f"the widget still sees {widget.queue_count(SUPPORT)} waiting "
                      "after the visitor grace; log:\n" + self.log_tail())

        alice.send_message(SUPPORT, "next")
        self.assertIn("No chats are waiting", alice.expect_message(sender=SUPPORT)["body"])
        alice.no_message(0.3, sender=conversation_jid("support", 1))
        alice.send_message(SUPPORT, "list")
        self.assertIn("Missed today: 1", alice.expect_message(sender=SUPPORT)["body"],
                      "a chat abandoned while waiting counts as missed")

    def test_a_page_reload_within_the_grace_keeps_the_place(self):
        alice = self.agent("alice")
        widget = self.visitor()
        visitor = self.queued(widget, "Vera", 1)

        visitor.send_presence_to(SUPPORT, ptype="unavailable")
        pump(0.3)
        visitor.send_presence_to(SUPPORT)  # the page came back
        pump(1.5)
        self.assertEqual(widget.queue_count(SUPPORT), 1, "the reload lost the place")

        alice.send_message(SUPPORT, "next")
        self.assertEqual(self.expect_assignment(alice)[0], 1)
        self.expect_backlog(alice, "support", 1, ["Is anyone there?"])


class VisitorOfflineWhileServedTest(ConversationTestCase):
    workgroups = """
[workgroups.support]
mode = "round_robin"
visitor_grace = "1s"

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"
"""

    def test_an_assigned_chat_stays_open_and_the_agent_is_told_the_visitor_left(self):
        alice = self.agent("alice")
        visitor = self.visitor()
        visitor.send_message(SUPPORT, "My order is late", nick="Vera")
        conversation, _ = self.expect_assignment(alice)
        cj = conversation_jid("support", conversation)
        alice.send_message(cj, "Let me look it up.")
        visitor.expect_message(sender=SUPPORT, contains="Let me look it up.")
        alice.drain()

        visitor.send_presence_to(SUPPORT, ptype="unavailable")
        # Told once the visitor stayed away: the grace, but never under 5 s (a reload or a
        # flapping link costs the agent no line).
        alice.no_message(4.0, sender=SUPPORT, contains="left")
        told = alice.expect_message(sender=SUPPORT, contains="left", timeout=4.0)["body"]
        self.assertIn(f"chat {conversation}", told)
        self.assertIn(f"close {conversation}", told, "the notice names the exact command")

        # Well after the visitor grace, the chat is still Alice's and open.
        pump(1.5)
        alice.send_message(SUPPORT, "status")
        status = alice.expect_message(sender=SUPPORT, contains="You have")["body"]
        self.assertIn(f"You have 1 of 3 chats ({conversation})", status)
        alice.send_message(cj, "close")
        alice.expect_message(sender=cj, contains=f"Chat {conversation} is closed")


def hours_excluding_now():
    """A daily window, every day, that does not contain the current UTC time."""
    now = datetime.now(timezone.utc)
    return "mon-sun 22:00-23:00" if now.hour < 12 else "mon-sun 01:00-02:00"


class BusinessHoursTest(ConversationTestCase):
    workgroups = f"""
[workgroups.support]
mode = "round_robin"
offline = "{OFFLINE}"
hours = ["{hours_excluding_now()}"]

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"
"""

    def test_outside_hours_the_workgroup_is_closed_even_with_agents_online(self):
        alice = self.agent("alice")
        widget = self.visitor(state="closed")
        pump(0.5)  # room for a (wrong) push to open after Alice came online
        pres = widget.presences[SUPPORT]
        self.assertEqual(widget.availability(SUPPORT), "closed",
                         f"outside hours with Alice online: {pres}")
        self.assertEqual(pres.xml.get("type"), "unavailable")
        self.assertEqual(pres["status"], OFFLINE)

        visitor = self.login()
        visitor.send_message(SUPPORT, "Hello?", nick="Vera")
        told = visitor.expect_message(sender=SUPPORT)
        self.assertEqual(told["body"], OFFLINE)
        visitor.no_message(0.5, sender=SUPPORT)
        alice.no_message(0.3, sender=SUPPORT, contains="Chat ")
        alice.send_message(SUPPORT, "status")
        status = alice.expect_message(sender=SUPPORT, contains="You have")["body"]
        self.assertIn("You have 0 of 3 chats", status)
        self.assertIn("Waiting: 0", status, "a chat outside hours is not queued")


class PresenceCoalescingTest(ConversationTestCase):
    workgroups = """
[workgroups.support]
mode = "queue"

[[workgroups.support.agents]]
jid = "alice@localhost"
name = "Alice"
"""

    def test_a_burst_of_queue_changes_sends_fewer_pushes_with_the_final_count(self):
        self.agent("alice")
        widget = self.visitor()
        visitors = [self.visitor() for _ in range(6)]
        pump(0.5)
        self.assertEqual(widget.queue_count(SUPPORT), 0)
        before = len(widget.presences_from(SUPPORT))

        # Six visitors queue within a few milliseconds: six changes of the queue count.
        for n, v in enumerate(visitors, start=1):
            v.send_message(SUPPORT, f"Question {n}", nick=f"Visitor{n}")
        try:
            wait_until(lambda: widget.queue_count(SUPPORT) == 6, 3.0)
        except TimeoutError:
            self.fail(f"the widget sees {widget.queue_count(SUPPORT)} waiting, not 6")
        pump(1.0)  # any push still on its way
        pushes = widget.presences_from(SUPPORT)[before:]
        self.assertGreaterEqual(len(pushes), 1)
        self.assertLess(len(pushes), 6, f"{len(pushes)} pushes for a burst of 6 changes")
        self.assertEqual(widget.queue_count(SUPPORT), 6, "the last push has the final count")
        self.assertEqual(widget.availability(SUPPORT), "open")


if __name__ == "__main__":
    unittest.main()
