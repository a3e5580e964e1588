// Offered, then owned (PRODUCT.md, "Addresses"): an auto-assigned chat is the offered
// agent's to answer; it becomes theirs, and the visitor learns their name, when they write
// in it, start typing in it, or take it; an offer that times out never shows a name.
// Also the widget visitor id that sticky routing follows across anonymous logins.

#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

using std::chrono::seconds;

Desk rotation(std::vector<AgentSettings> agents, bool sticky = false) {
    auto s = workgroup(Mode::round_robin, std::move(agents));
    s.sticky = sticky;
    return Desk{s};
}

TEST(Offer, TheVisitorsMessagesReachTheOfferedAgentAtOnce) {
    Desk desk = rotation({agent("Alice")});
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    ASSERT_EQ(desk.wg.conversation_of("v1")->state, ConversationState::offered);
    const auto relayed = all<RelayToAgent>(desk.visitor_writes("v1", "are you there?"));
    ASSERT_EQ(relayed.size(), 1u);
    EXPECT_EQ(relayed[0].agent, desk.id("Alice"));
    EXPECT_EQ(relayed[0].body, "are you there?");
}

TEST(Offer, TypingInAnOfferedChatMakesItTheAgentsAndNamesThemToTheVisitor) {
    Desk desk = rotation({agent("Alice"), agent("Bob")});
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");  // offered to Alice
    const Effects fx = desk.starts_typing("Alice", desk.chat("v1"));
    EXPECT_EQ(Desk::told(fx, "v1"), std::vector<std::string>{"Alice has joined the chat."});
    EXPECT_EQ(desk.wg.conversation_of("v1")->state, ConversationState::assigned);
    // Owned now: the offer timeout no longer moves it to Bob.
    EXPECT_TRUE(all<Revoke>(desk.wait(seconds{120})).empty());
    EXPECT_EQ(desk.holder("v1"), "Alice");
}

TEST(Offer, TypingAgainInAnOwnedChatSaysNothingMore) {
    Desk desk = rotation({agent("Alice")});
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.starts_typing("Alice", desk.chat("v1"));
    EXPECT_TRUE(desk.starts_typing("Alice", desk.chat("v1")).empty());
    EXPECT_TRUE(all<TellVisitor>(desk.writes("Alice", desk.chat("v1"), "Hello")).empty());
}

TEST(Offer, TypingTakeAnswersTheOfferInAnyMode) {
    Desk desk = rotation({agent("Alice"), agent("Bob")});
    desk.online("Alice");
    desk.online("Bob");
    const Effects offered = desk.visitor_writes("v1", "hi");  // offered to Alice
    EXPECT_NE(all<Assign>(offered).at(0).text.find("take 1"), std::string::npos)
        << "the notice names the exact command";
    // Bob may not take Alice's offer; round_robin has no take for waiting chats either.
    EXPECT_EQ(Desk::reply_kind(desk.types("Bob", "take 1")), ReplyKind::not_in_mode);
    const Effects fx = desk.types("Alice", "take 1");
    EXPECT_EQ(Desk::reply_kind(fx), ReplyKind::taken);
    EXPECT_EQ(Desk::told(fx, "v1"), std::vector<std::string>{"Alice has joined the chat."});
    EXPECT_TRUE(all<Revoke>(desk.wait(seconds{120})).empty());
    EXPECT_EQ(desk.holder("v1"), "Alice");
}

TEST(Offer, SomeoneElseTypingChangesNothing) {
    Desk desk = rotation({agent("Alice"), agent("Bob")});
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");  // offered to Alice
    EXPECT_TRUE(desk.starts_typing("Bob", desk.chat("v1")).empty());
    EXPECT_TRUE(desk.starts_typing("mallory@example.com", desk.chat("v1")).empty());
    EXPECT_TRUE(desk.starts_typing("Alice", 999).empty());
    EXPECT_EQ(desk.wg.conversation_of("v1")->state, ConversationState::offered);
}

TEST(Offer, AnOfferThatTimesOutNeverShowsTheVisitorAName) {
    Desk desk = rotation({agent("Alice"), agent("Bob")});
    desk.online("Alice");
    desk.online("Bob");
    Effects fx = desk.visitor_writes("v1", "hi");  // offered to Alice
    const Effects moved = desk.wait(seconds{60});  // to Bob
    fx.insert(fx.end(), moved.begin(), moved.end());
    EXPECT_EQ(desk.assigned(moved), std::vector<std::string>{"Bob"});
    EXPECT_FALSE(Desk::told(fx, VisitorNotice::agent_joined));
    // Alice typing late in the chat she lost is not an answer.
    EXPECT_TRUE(desk.starts_typing("Alice", desk.chat("v1")).empty());
    EXPECT_EQ(Desk::told(desk.starts_typing("Bob", desk.chat("v1")), "v1"),
              std::vector<std::string>{"Bob has joined the chat."});
}

TEST(Backlog, StopsGrowingOnceAnAgentOwnsTheChat) {
    Desk desk = rotation({agent("Alice"), agent("Bob")});
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");
    desk.visitor_writes("v1", "anyone?");  // offered: kept, a timed-out offer hands it on
    EXPECT_EQ(desk.wg.conversation_of("v1")->backlog.size(), 2u);
    desk.writes("Alice", desk.chat("v1"), "Hello!");  // owned
    EXPECT_TRUE(desk.wg.conversation_of("v1")->backlog.empty());
    const Effects fx = desk.visitor_writes("v1", "great");
    EXPECT_EQ(all<RelayToAgent>(fx).at(0).body, "great");
    EXPECT_TRUE(desk.wg.changes().conversations.empty()) << "nothing to write again";
    EXPECT_TRUE(desk.wg.conversation_of("v1")->backlog.empty());
}

TEST(Backlog, AWaitingVisitorWhoWroteAllThatCanWaitIsToldNotDroppedInSilence) {
    Desk desk{workgroup(Mode::queue, {agent("Alice")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    for (int i = 1; i < 200; ++i) {
        ASSERT_TRUE(all<Refuse>(desk.visitor_writes("v1", "line " + std::to_string(i))).empty());
    }
    const auto refused = all<Refuse>(desk.visitor_writes("v1", "line 200"));
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].condition, Refusal::wait_for_agent);
    // Every line kept is handed to the agent, the first and the last among them.
    const auto assign = all<Assign>(desk.types("Alice", "next")).at(0);
    ASSERT_EQ(assign.backlog.size(), 200u);
    EXPECT_EQ(assign.backlog.front().body, "hi");
    EXPECT_EQ(assign.backlog.back().body, "line 199");
}

TEST(Backlog, SoDoesOneWhoseWaitingLinesReachTheSizeLimit) {
    Desk desk{workgroup(Mode::queue, {agent("Alice")})};
    desk.online("Alice");
    const std::string page(15000, 'p');
    desk.visitor_writes("v1", page);
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(all<Refuse>(desk.visitor_writes("v1", page)).empty());
    }
    EXPECT_EQ(all<Refuse>(desk.visitor_writes("v1", page)).at(0).condition,
              Refusal::wait_for_agent);
    EXPECT_TRUE(all<Refuse>(desk.visitor_writes("v1", "short")).empty()) << "64 KiB in all";
}

TEST(Backlog, ALaterHandOverComesFromTheTranscript) {
    Desk desk = rotation({agent("Alice"), agent("Bob")});
    desk.online("Alice");
    desk.online("Bob");
    const Effects first = desk.visitor_writes("v1", "hi");
    EXPECT_FALSE(all<Assign>(first).at(0).from_transcript);
    desk.writes("Alice", desk.chat("v1"), "Hello!");
    const Effects moved = desk.writes("Alice", desk.chat("v1"), "transfer Bob");
    const auto assign = all<Assign>(moved).at(0);
    EXPECT_EQ(desk.name(assign.agent), "Bob");
    EXPECT_TRUE(assign.from_transcript) << "the backlog no longer has every line";
}

TEST(VisitorId, OnlyShortIdsOfLettersDigitsDashAndUnderscoreCount) {
    EXPECT_TRUE(valid_visitor_id("a"));
    EXPECT_TRUE(valid_visitor_id("Zx_9-"));
    EXPECT_TRUE(valid_visitor_id(std::string(64, 'k')));
    EXPECT_FALSE(valid_visitor_id(""));
    EXPECT_FALSE(valid_visitor_id(std::string(65, 'k')));
    EXPECT_FALSE(valid_visitor_id("a b"));
    EXPECT_FALSE(valid_visitor_id("a@b"));
    EXPECT_FALSE(valid_visitor_id("caf\xc3\xa9"));
    EXPECT_FALSE(valid_visitor_id(std::string_view("a\0b", 3)));
}

// Serves the widget visitor `jid` (carrying `visitor_id`) with whoever gets it, and closes.
std::string serve_widget(Desk& desk, const std::string& jid, const std::string& visitor_id) {
    desk.widget_writes(jid, visitor_id, "hi");
    const std::string agent = desk.holder(jid);
    desk.writes(agent, desk.chat(jid), "Hello!");
    desk.writes(agent, desk.chat(jid), "close");
    return agent;
}

TEST(VisitorId, ANewAnonymousLoginWithTheSameIdGoesToTheSameAgent) {
    Desk desk = rotation({agent("Alice"), agent("Bob")}, true);
    desk.online("Alice");
    desk.online("Bob");
    ASSERT_EQ(serve_widget(desk, "x1@anon.example.com", "browser-7"), "Alice");
    // A new login: a new random JID, the same id from the browser's storage.
    const Effects fx = desk.widget_writes("y2@anon.example.com", "browser-7", "me again");
    EXPECT_EQ(desk.assigned(fx), std::vector<std::string>{"Alice"});  // rotation: Bob
    EXPECT_EQ(all<Assign>(fx).at(0).why, "served this visitor last (returning visitor)");
}

TEST(VisitorId, ADifferentIdIsANewVisitor) {
    Desk desk = rotation({agent("Alice"), agent("Bob")}, true);
    desk.online("Alice");
    desk.online("Bob");
    ASSERT_EQ(serve_widget(desk, "x1@anon.example.com", "browser-7"), "Alice");
    EXPECT_EQ(desk.assigned(desk.widget_writes("y2@anon.example.com", "browser-8", "hi")),
              std::vector<std::string>{"Bob"});
}

TEST(VisitorId, AnInvalidIdIsIgnored) {
    Desk desk = rotation({agent("Alice"), agent("Bob")}, true);
    desk.online("Alice");
    desk.online("Bob");
    const std::string bad = "has spaces";
    ASSERT_EQ(serve_widget(desk, "x1@anon.example.com", bad), "Alice");
    EXPECT_TRUE(desk.wg.snapshot().last_agent_of.size() == 1u);  // the bare JID only
    EXPECT_EQ(desk.assigned(desk.widget_writes("y2@anon.example.com", bad, "hi")),
              std::vector<std::string>{"Bob"});
}

TEST(VisitorId, WithoutStickyTheIdIsNotFollowed) {
    Desk desk = rotation({agent("Alice"), agent("Bob")}, false);
    desk.online("Alice");
    desk.online("Bob");
    ASSERT_EQ(serve_widget(desk, "x1@anon.example.com", "browser-7"), "Alice");
    EXPECT_EQ(desk.assigned(desk.widget_writes("y2@anon.example.com", "browser-7", "hi")),
              std::vector<std::string>{"Bob"});
}

TEST(VisitorId, TheIdIsAHintOnlyAndOpensNoOtherVisitorsChat) {
    Desk desk = rotation({agent("Alice"), agent("Bob")}, true);
    desk.online("Alice");
    desk.online("Bob");
    desk.widget_writes("x1@anon.example.com", "browser-7", "my secret order");  // Alice
    // Another login with the same id while the first chat is open: a chat of its own,
    // with nothing of the first one's.
    const Effects fx = desk.widget_writes("y2@anon.example.com", "browser-7", "hello");
    ASSERT_NE(desk.chat("y2@anon.example.com"), desk.chat("x1@anon.example.com"));
    ASSERT_EQ(all<Assign>(fx).size(), 1u) << "the backlog check below must look at something";
    for (const auto& a : all<Assign>(fx)) {
        for (const auto& line : a.backlog) {
            EXPECT_NE(line.body, "my secret order");
        }
    }
    EXPECT_TRUE(
        all<RelayToVisitor>(desk.writes("Alice", desk.chat("x1@anon.example.com"), "for x1 only"))
            .at(0)
            .visitor == "x1@anon.example.com");
}

TEST(VisitorId, SurvivesARestartOfTheWorkgroup) {
    Desk before = rotation({agent("Alice"), agent("Bob")}, true);
    before.online("Alice");
    before.online("Bob");
    ASSERT_EQ(serve_widget(before, "x1@anon.example.com", "browser-7"), "Alice");
    before.widget_writes("w9@anon.example.com", "browser-9", "still open");  // Bob
    Desk after = rotation({agent("Alice"), agent("Bob")}, true);
    after.wg.restore(before.wg.snapshot());
    after.online("Alice");
    after.online("Bob");
    EXPECT_EQ(after.wg.conversation_of("w9@anon.example.com")->visitor_id, "browser-9");
    EXPECT_EQ(after.assigned(after.widget_writes("z3@anon.example.com", "browser-7", "hi")),
              std::vector<std::string>{"Alice"});
}

}  // namespace
}  // namespace routing::testing
