// What visitors see and do: welcome, relays, leaving and coming back, oversized messages.

#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

using std::chrono::seconds;

TEST(Visitor, FirstMessageGetsTheWelcomeThenTheQueuePosition) {
    Desk desk{workgroup(Mode::queue, {agent("Alice")})};
    desk.online("Alice");
    auto fx = desk.visitor_writes("v1", "hi");
    EXPECT_EQ(Desk::told(fx, "v1"), (std::vector<std::string>{desk.wg.settings().welcome,
                                                              "You are number 1 in the queue."}));
    EXPECT_TRUE(Desk::told(desk.visitor_writes("v1", "hello?"), "v1").empty());  // once only
}

TEST(Visitor, AgentJoinedLineNamesTheAgent) {
    Desk desk{workgroup(Mode::queue, {agent("Alice")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    EXPECT_EQ(Desk::told(desk.types("Alice", "next"), "v1"),
              std::vector<std::string>{"Alice has joined the chat."});
}

TEST(Visitor, MessagesFlowBothWaysOnceAnAgentHasTheChat) {
    Desk desk{workgroup(Mode::queue, {agent("Alice")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.types("Alice", "next");
    auto in = all<RelayToAgent>(desk.visitor_writes("v1", "my order is 123"));
    ASSERT_EQ(in.size(), 1u);
    EXPECT_EQ(in[0].agent, desk.id("Alice"));
    EXPECT_EQ(in[0].body, "my order is 123");
    auto out = all<RelayToVisitor>(desk.writes("Alice", desk.chat("v1"), "Thanks, checking"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].visitor, "v1");
}

TEST(Visitor, SomeoneElseWritingToTheConversationIsRefusedAndNothingIsRelayed) {
    Desk desk{workgroup(Mode::queue, {agent("Alice"), agent("Bob")})};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");
    desk.types("Alice", "next");
    for (const std::string who : {"Bob", "mallory@evil.example"}) {
        auto fx = desk.writes(who, desk.chat("v1"), "let me in");
        ASSERT_EQ(all<Refuse>(fx).size(), 1u) << who;
        EXPECT_EQ(all<Refuse>(fx)[0].condition, Refusal::forbidden);
        EXPECT_TRUE(all<RelayToVisitor>(fx).empty());
    }
}

TEST(Visitor, MessageLargerThanMaxMessageIsRefusedAsNotAcceptable) {
    auto s = workgroup(Mode::queue, {agent("Alice")});
    s.max_message = 10;
    Desk desk{s};
    desk.online("Alice");
    auto fx = desk.visitor_writes("v1", "this is far too long");
    ASSERT_EQ(all<Refuse>(fx).size(), 1u);
    EXPECT_EQ(all<Refuse>(fx)[0].condition, Refusal::not_acceptable);
    EXPECT_EQ(desk.wg.conversation_of("v1"), nullptr);
    desk.visitor_writes("v1", "short");
    desk.types("Alice", "next");
    EXPECT_EQ(all<Refuse>(desk.writes("Alice", 1, "an agent's long answer")).at(0).condition,
              Refusal::not_acceptable);
}

TEST(Visitor, PageReloadWithinTheGraceKeepsThePlaceInTheQueue) {
    Desk desk{workgroup(Mode::queue, {agent("Alice")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.visitor_writes("v2", "hi");
    desk.visitor_leaves("v1");
    desk.wait(seconds{10});
    desk.visitor_returns("v1");
    desk.wait(seconds{60});
    ASSERT_NE(desk.wg.conversation_of("v1"), nullptr);
    EXPECT_EQ(all<Assign>(desk.types("Alice", "next")).at(0).conversation, desk.chat("v1"));
}

TEST(Visitor, WaitingVisitorGoneLongerThanTheGraceLeavesTheQueueAsMissed) {
    Desk desk{workgroup(Mode::queue, {agent("Alice")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.visitor_leaves("v1");
    auto fx = desk.wait(seconds{30});
    auto closed = all<Closed>(fx);
    ASSERT_EQ(closed.size(), 1u);
    EXPECT_TRUE(closed[0].missed);
    EXPECT_EQ(closed[0].reason, CloseReason::visitor_left);
    EXPECT_EQ(desk.wg.waiting_count(), 0u);
    EXPECT_EQ(desk.wg.missed_today(), 1u);
}

TEST(Visitor, AssignedVisitorWhoLeavesStaysOpenAndTheAgentIsToldAfterTheGrace) {
    Desk desk{workgroup(Mode::queue, {agent("Alice")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.types("Alice", "next");
    EXPECT_TRUE(all<TellAgent>(desk.visitor_leaves("v1")).empty()) << "maybe only a reload";
    EXPECT_TRUE(all<TellAgent>(desk.wait(seconds{29})).empty());
    auto notes = all<TellAgent>(desk.wait(seconds{1}));  // visitor_grace, 30 s by default
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0].notice, AgentNotice::visitor_left);
    EXPECT_NE(notes[0].text.find("close 1"), std::string::npos);
    desk.wait(std::chrono::minutes{10});
    EXPECT_EQ(desk.holder("v1"), "Alice");
    notes = all<TellAgent>(desk.visitor_returns("v1"));
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0].notice, AgentNotice::visitor_back);
}

// Issue 10, item 3: one visitor toggling presence 500 times sent the agent 1,000 lines.
TEST(Visitor, AVisitorTogglingPresenceCostsTheAgentAtMostOneLine) {
    Desk desk{workgroup(Mode::queue, {agent("Alice")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.types("Alice", "next");
    std::size_t lines = 0;
    for (int i = 0; i < 500; ++i) {
        lines += all<TellAgent>(desk.visitor_leaves("v1")).size();
        lines += all<TellAgent>(desk.wait(std::chrono::milliseconds{20})).size();
        lines += all<TellAgent>(desk.visitor_returns("v1")).size();
        lines += all<TellAgent>(desk.wait(std::chrono::milliseconds{20})).size();
    }
    EXPECT_EQ(lines, 0u) << "back each time before the grace ran out";
    desk.visitor_leaves("v1");
    auto notes = all<TellAgent>(desk.wait(seconds{30}));
    ASSERT_EQ(notes.size(), 1u) << "the last leave, once it lasted";
    EXPECT_EQ(notes[0].notice, AgentNotice::visitor_left);
}

TEST(Visitor, EvenWithoutAGraceTheAgentHearsLeftOnlyAfterAFewSeconds) {
    auto s = workgroup(Mode::queue, {agent("Alice")});
    s.visitor_grace = seconds{0};
    Desk desk{s};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.types("Alice", "next");
    EXPECT_TRUE(all<TellAgent>(desk.visitor_leaves("v1")).empty());
    EXPECT_TRUE(all<TellAgent>(desk.visitor_returns("v1")).empty());
    desk.visitor_leaves("v1");
    EXPECT_TRUE(all<TellAgent>(desk.wait(seconds{4})).empty());
    EXPECT_EQ(all<TellAgent>(desk.wait(seconds{1})).size(), 1u);
}

TEST(Visitor, ALeaveNotToldYetSurvivesARestart) {
    auto s = workgroup(Mode::queue, {agent("Alice")});
    Desk before{s};
    before.online("Alice");
    before.visitor_writes("v1", "hi");
    before.types("Alice", "next");
    before.visitor_leaves("v1");
    Desk after{s};
    after.now = before.now;
    after.wg.restore(before.wg.snapshot());
    after.online("Alice");
    auto notes = all<TellAgent>(after.wait(seconds{30}));
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0].notice, AgentNotice::visitor_left);
}

}  // namespace
}  // namespace routing::testing
