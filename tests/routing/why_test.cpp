// `why ID`: the last routing decision about a chat, explained from the core's own record;
// and `history`, which asks the component to send the conversation so far again.

#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

AgentSettings with(AgentSettings a, std::vector<std::string> skills, int daily_limit = 0) {
    a.skills = std::move(skills);
    a.daily_limit = daily_limit;
    return a;
}

/// The `why` reply as the agent reads it (and checks that it is one).
std::string why(Desk& desk, const std::string& agent, const std::string& command) {
    const Effects fx = desk.types(agent, command);
    EXPECT_EQ(all<Reply>(fx).size(), 1u);
    return Desk::reply(fx);
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(Why, NamesAPausedAgentAsLeftOutAndTheOthersAsEligible) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice"), agent("Bob"), agent("Carol")})};
    desk.online("Alice");
    desk.online("Bob");
    desk.online("Carol");
    desk.types("Bob", "pause");
    ASSERT_EQ(desk.assigned(desk.visitor_writes("v1", "hi")), std::vector<std::string>{"Alice"});
    const std::string text = why(desk, "Carol", "why 1");
    EXPECT_EQ(text,
              "Chat 1 went to Alice just now: next in the rotation. Eligible then: 2. "
              "Also eligible: Carol. Left out: Bob (paused).");
}

TEST(Why, TypedInTheConversationItIsACommandNotALineForTheVisitor) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    const Effects fx = desk.writes("Alice", 1, "Why");
    EXPECT_TRUE(all<RelayToVisitor>(fx).empty());
    ASSERT_EQ(all<Reply>(fx).size(), 1u);
    EXPECT_EQ(all<Reply>(fx)[0].kind, ReplyKind::why);
    EXPECT_EQ(all<Reply>(fx)[0].conversation, 1u);
    // "why?" is a question to the visitor, not the command.
    EXPECT_EQ(all<RelayToVisitor>(desk.writes("Alice", 1, "why?")).size(), 1u);
}

TEST(Why, NamesTheMissingSkill) {
    auto s = workgroup(Mode::round_robin, {agent("Alice"), with(agent("Bruno"), {"de"})});
    s.rules.push_back(SkillRule{"de", "", "de"});
    Desk desk{s};
    desk.online("Alice");
    desk.online("Bruno");
    ASSERT_EQ(desk.assigned(desk.visitor_writes("v1", "Hallo", "de")),
              std::vector<std::string>{"Bruno"});
    const std::string text = why(desk, "Alice", "why 1");
    EXPECT_TRUE(has(text, "Chat 1 went to Bruno")) << text;
    EXPECT_TRUE(has(text, "Eligible then: 1.")) << text;
    EXPECT_TRUE(has(text, "Left out: Alice (missing skill de).")) << text;
}

TEST(Why, TellsWhoseTurnItWasInTheRotation) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice"), agent("Bob")})};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");  // Alice
    ASSERT_EQ(desk.assigned(desk.visitor_writes("v2", "hi")), std::vector<std::string>{"Bob"});
    const std::string text = why(desk, "Bob", "why 2");
    EXPECT_TRUE(has(text, "Chat 2 went to Bob just now: next in the rotation after Alice."))
        << text;
    // Alice got chat 1 after the decision about chat 2? No: before it; she is unchanged.
    EXPECT_TRUE(has(text, "Also eligible: Alice.")) << text;
}

TEST(Why, GivesTheWeightedDrawItsOdds) {
    Desk desk{workgroup(Mode::weighted,
                        {with(agent("Alice", 10), {}, 100), with(agent("Bob", 10), {}, 200)}),
              7};
    desk.online("Alice");
    desk.online("Bob");
    const auto got = desk.assigned(desk.visitor_writes("v1", "hi"));
    ASSERT_EQ(got.size(), 1u);
    const std::string text = why(desk, "Alice", "why 1");
    const std::string odds = got[0] == "Alice"
                                 ? "daily limit 100 of 300 among the 2 eligible (33 %)"
                                 : "daily limit 200 of 300 among the 2 eligible (67 %)";
    EXPECT_TRUE(has(text, "Chat 1 went to " + got[0] + " just now: weighted draw: " + odds))
        << text;
}

TEST(Why, NamesADailyLimitReached) {
    Desk desk{workgroup(Mode::weighted, {with(agent("Alice"), {}, 1), with(agent("Bob"), {}, 1)}),
              3};
    desk.online("Alice");
    desk.online("Bob");
    const std::string first = desk.assigned(desk.visitor_writes("v1", "hi")).at(0);
    const std::string other = first == "Alice" ? "Bob" : "Alice";
    desk.types(first, "close");
    ASSERT_EQ(desk.assigned(desk.visitor_writes("v2", "hi")), std::vector<std::string>{other});
    EXPECT_TRUE(
        has(why(desk, other, "why 2"), "Left out: " + first + " (daily limit reached (1))"));
}

TEST(Why, ExplainsAWaitingChatWithEachAgentsReason) {
    auto s = workgroup(Mode::least_busy, {agent("Alice", 1), agent("Bob"), agent("Carol")});
    Desk desk{s};
    desk.online("Alice");
    desk.presence("Bob", Presence::away);
    desk.visitor_writes("v1", "hi");  // Alice, now at capacity
    desk.visitor_writes("v2", "hi");  // waits
    const std::string text = why(desk, "Alice", "why 2");
    EXPECT_EQ(text,
              "Chat 2 was routed just now: no eligible agent had room. Eligible then: 0. "
              "Left out: Alice (at capacity (1 chat)), Bob (away), Carol (offline).");
}

TEST(Why, SaysWhoChangedSinceTheDecision) {
    Desk desk{workgroup(Mode::least_busy, {agent("Alice"), agent("Bob"), agent("Carol")})};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");    // Alice: fewest chats, then configuration order
    desk.writes("Alice", 1, "Hello!");  // answered: the offer does not time out
    desk.wait(std::chrono::minutes{3});
    desk.types("Bob", "pause");
    const std::string text = why(desk, "Alice", "why 1");
    EXPECT_EQ(text,
              "Chat 1 went to Alice 3 minutes ago: fewest open chats (0), then priority 10, "
              "then idle the longest. Eligible then: 2. Left out: Carol (offline). Changed since, "
              "so shown as they are now: Bob (paused).");
}

TEST(Why, TakenAndPulledChatsSayWhoActed) {
    Desk broadcast{workgroup(Mode::broadcast, {agent("Alice"), agent("Bob")})};
    broadcast.online("Alice");
    broadcast.online("Bob");
    broadcast.visitor_writes("v1", "hi");
    EXPECT_TRUE(has(why(broadcast, "Bob", "why 1"),
                    "Chat 1 was routed just now: announced to the eligible agents, waiting to be "
                    "taken. Eligible then: 2. Also eligible: Alice, Bob."));
    broadcast.types("Bob", "take 1");
    EXPECT_EQ(why(broadcast, "Alice", "why 1"), "Chat 1 went to Bob just now: taken by the agent.");

    Desk queue{workgroup(Mode::queue, {agent("Alice")})};
    queue.online("Alice");
    queue.visitor_writes("v1", "hi");
    queue.types("Alice", "next");
    EXPECT_EQ(why(queue, "Alice", "why 1"), "Chat 1 went to Alice just now: pulled with next.");
}

TEST(Why, AReturningVisitorGoesToTheAgentWhoServedThemLast) {
    auto s = workgroup(Mode::round_robin, {agent("Alice"), agent("Bob")});
    s.sticky = true;
    Desk desk{s};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");    // Alice
    desk.writes("Alice", 1, "Hello!");  // she served this visitor
    desk.types("Alice", "close 1");
    desk.visitor_writes("v1", "me again");
    EXPECT_TRUE(
        has(why(desk, "Bob", "why 2"),
            "Chat 2 went to Alice just now: served this visitor last (returning visitor)."));
}

TEST(Why, ListsTwentyAgentsPerGroupThenCountsTheRest) {
    std::vector<AgentSettings> agents;
    for (int i = 0; i < 50; ++i) {
        agents.push_back(agent("Agent" + std::to_string(i)));
    }
    Desk desk{workgroup(Mode::round_robin, agents)};
    desk.online("Agent0");
    desk.visitor_writes("v1", "hi");
    const std::string text = why(desk, "Agent0", "why 1");
    EXPECT_TRUE(has(text, "Agent20 (offline) and 29 more.")) << text;
    EXPECT_FALSE(has(text, "Agent21")) << text;
}

TEST(Why, ARecordLostInARestartIsSaidToBeLost) {
    Desk before{workgroup(Mode::round_robin, {agent("Alice")})};
    before.online("Alice");
    before.visitor_writes("v1", "hi");
    Desk after{workgroup(Mode::round_robin, {agent("Alice")})};
    after.wg.restore(before.wg.snapshot());
    after.online("Alice");
    EXPECT_EQ(why(after, "Alice", "why 1"),
              "Chat 1 was routed before Switchboard restarted; the record of that decision did "
              "not survive the restart. It is with Alice now.");
}

TEST(Why, AClosedOrUnknownChatHasNoRecordAndAVisitorCannotAsk) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice")})};
    desk.online("Alice");
    EXPECT_EQ(why(desk, "Alice", "why 9"),
              "Chat 9 is not open (a closed chat keeps no routing record).");
    EXPECT_EQ(why(desk, "Alice", "why"), "Which chat? Type why ID.");
    const Effects fx =
        desk.wg.handle(AgentCommand{"mallory@example.com", parse_command("why 1"), {}}, desk.now);
    ASSERT_EQ(all<Refuse>(fx).size(), 1u);
    EXPECT_TRUE(all<Reply>(fx).empty());
}

TEST(History, InTheConversationAsksForItAgainAndOnlyItsAgentMay) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice"), agent("Bob")})};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");  // Alice
    Effects fx = desk.writes("Alice", 1, "history");
    EXPECT_TRUE(all<RelayToVisitor>(fx).empty());
    ASSERT_EQ(all<Reply>(fx).size(), 1u);
    EXPECT_EQ(all<Reply>(fx)[0].kind, ReplyKind::history);
    EXPECT_EQ(all<Reply>(fx)[0].conversation, 1u);
    EXPECT_EQ(Desk::reply_kind(desk.types("Alice", "history 1")), ReplyKind::history);
    EXPECT_EQ(Desk::reply_kind(desk.types("Bob", "history 1")), ReplyKind::not_your_chat);
    EXPECT_EQ(parse_command("history please").kind, CommandKind::unknown);
}

}  // namespace
}  // namespace routing::testing
