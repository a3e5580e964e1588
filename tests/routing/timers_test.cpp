// Deadlines: assign delay, offer timeout, queue timeout, agent offline grace, positions.

#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

TEST(OfferTimeout, UnansweredOfferMovesOnToTheNextAgent) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice"), agent("Bob")})};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");  // offered to Alice
    EXPECT_TRUE(all<Assign>(desk.wait(seconds{59})).empty());
    auto fx = desk.wait(seconds{1});
    auto revokes = all<Revoke>(fx);
    ASSERT_EQ(revokes.size(), 1u);
    EXPECT_EQ(revokes[0].agents, std::vector<AgentId>{desk.id("Alice")});
    EXPECT_EQ(revokes[0].reason, RevokeReason::timed_out);
    EXPECT_EQ(desk.assigned(fx), std::vector<std::string>{"Bob"});
    EXPECT_TRUE(desk.wg.agent(desk.id("Alice")).chats.empty());
}

TEST(OfferTimeout, NeverGoesBackToAnAgentWhoLetItTimeOutWhileSomeoneElseIsEligible) {
    auto first = agent("Alice");
    first.priority = 1;  // least_busy would always pick Alice first
    Desk desk{workgroup(Mode::least_busy, {first, agent("Bob"), agent("Carol")})};
    desk.online("Alice");
    desk.online("Bob");
    desk.online("Carol");
    desk.visitor_writes("v1", "hi");  // Alice
    EXPECT_EQ(desk.assigned(desk.wait(seconds{60})), std::vector<std::string>{"Bob"});
    // Alice is free and first by priority... but she let this chat time out.
    EXPECT_EQ(desk.assigned(desk.wait(seconds{60})), std::vector<std::string>{"Carol"});
}

TEST(OfferTimeout, GoesBackToTheSameAgentWhenNobodyElseIsEligible) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice"), agent("Bob")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    EXPECT_EQ(desk.assigned(desk.wait(seconds{60})), std::vector<std::string>{"Alice"});
}

TEST(OfferTimeout, AnsweringTheOfferKeepsTheChatAndTellsTheVisitorWhoJoined) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice"), agent("Bob")})};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");
    desk.wait(seconds{30});
    auto fx = desk.writes("Alice", desk.chat("v1"), "Hello, I am Alice");
    EXPECT_EQ(Desk::told(fx, "v1"), std::vector<std::string>{"Alice has joined the chat."});
    EXPECT_EQ(all<RelayToVisitor>(fx).at(0).body, "Hello, I am Alice");
    EXPECT_TRUE(all<Revoke>(desk.wait(minutes{5})).empty());
    EXPECT_EQ(desk.holder("v1"), "Alice");
}

TEST(AssignDelay, ChatIsRoutedOnlyAfterTheDelay) {
    auto s = workgroup(Mode::round_robin, {agent("Alice")});
    s.assign_delay = seconds{10};
    Desk desk{s};
    desk.online("Alice");
    auto fx = desk.visitor_writes("v1", "hi");
    EXPECT_TRUE(all<Assign>(fx).empty());
    EXPECT_EQ(*desk.wg.next_deadline(), desk.now.at + seconds{10});
    desk.visitor_writes("v1", "I need help with my order");
    EXPECT_TRUE(all<Assign>(desk.wait(seconds{9})).empty());
    auto assigns = all<Assign>(desk.wait(seconds{1}));
    ASSERT_EQ(assigns.size(), 1u);
    EXPECT_EQ(assigns[0].backlog.size(), 2u);
}

TEST(QueueTimeout, ChatThatWaitedTooLongGetsTheOfflineMessageAndIsMissed) {
    Desk desk{workgroup(Mode::queue, {agent("Alice")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    EXPECT_TRUE(all<Closed>(desk.wait(minutes{14})).empty());
    auto fx = desk.wait(minutes{1});
    auto closed = all<Closed>(fx);
    ASSERT_EQ(closed.size(), 1u);
    EXPECT_TRUE(closed[0].missed);
    EXPECT_EQ(closed[0].reason, CloseReason::queue_timeout);
    EXPECT_EQ(Desk::told(fx, "v1"), std::vector<std::string>{desk.wg.settings().offline});
    EXPECT_EQ(desk.wg.conversation_of("v1"), nullptr);
    EXPECT_NE(Desk::reply(desk.types("Alice", "status")).find("Missed today: 1"),
              std::string::npos);
    EXPECT_NE(Desk::reply(desk.types("Alice", "list")).find("Missed today: 1"), std::string::npos);
}

TEST(QueueTimeout, MissedCountStartsAgainTheNextDay) {
    Desk desk{workgroup(Mode::queue, {agent("Alice")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.wait(minutes{15});
    EXPECT_EQ(desk.wg.missed_today(), 1u);
    desk.next_day();
    EXPECT_EQ(desk.wg.missed_today(), 0u);
}

TEST(AgentOffline, AfterTheGracePeriodTheirChatsGoBackToTheFrontAndAreRoutedAgain) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice"), agent("Bob", 1)})};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");  // Alice
    desk.writes("Alice", desk.chat("v1"), "hello");
    desk.visitor_writes("v2", "hi");  // Bob, now full
    desk.writes("Bob", desk.chat("v2"), "hello");
    desk.offline("Alice");
    EXPECT_TRUE(all<Revoke>(desk.wait(minutes{1})).empty());  // still within the grace
    auto fx = desk.wait(minutes{1});
    EXPECT_EQ(all<Revoke>(fx).at(0).reason, RevokeReason::agent_offline);
    EXPECT_TRUE(Desk::told(fx, VisitorNotice::requeued));
    EXPECT_EQ(desk.wg.conversation_of("v1")->state, ConversationState::waiting);
    // Bob frees up: v1 is at the front, ahead of any later chat.
    desk.visitor_writes("v3", "hi");
    auto freed = all<Assign>(desk.types("Bob", "close"));
    ASSERT_EQ(freed.size(), 1u);
    EXPECT_EQ(freed[0].conversation, desk.chat("v1"));
}

TEST(AgentOffline, RequeuedChatIsRoutedAtOnceWhenSomeoneHasRoom) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice"), agent("Bob")})};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");  // Alice
    desk.offline("Alice");
    auto fx = desk.wait(minutes{2});
    EXPECT_EQ(desk.assigned(fx), std::vector<std::string>{"Bob"});
}

TEST(AgentOffline, ComingBackWithinTheGracePeriodKeepsTheChats) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.writes("Alice", desk.chat("v1"), "hello");
    desk.offline("Alice");
    desk.wait(minutes{1});
    desk.online("Alice");
    EXPECT_TRUE(all<Revoke>(desk.wait(minutes{5})).empty());
    EXPECT_EQ(desk.holder("v1"), "Alice");
}

TEST(QueuePosition, ToldRightAfterTheWelcomeAndAgainWhenItChangesAtMostEvery5Seconds) {
    Desk desk{workgroup(Mode::queue, {agent("Alice", 10)})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.visitor_writes("v2", "hi");
    auto fx = desk.visitor_writes("v3", "hi");
    EXPECT_EQ(Desk::told(fx, "v3"), (std::vector<std::string>{desk.wg.settings().welcome,
                                                              "You are number 3 in the queue."}));
    desk.wait(seconds{1});
    auto first = desk.types("Alice", "next");      // v1 leaves the queue
    EXPECT_TRUE(Desk::told(first, "v3").empty());  // told 1 s ago: not yet
    desk.wait(seconds{2});
    desk.types("Alice", "next");          // v2 leaves too
    auto update = desk.wait(seconds{2});  // 5 s after v3 was told
    EXPECT_EQ(Desk::told(update, "v3"), std::vector<std::string>{"You are number 1 in the queue."});
    EXPECT_TRUE(desk.wait(seconds{10}).empty());
}

TEST(Deadlines, NextDeadlineIsTheEarliestPendingTimer) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    EXPECT_EQ(*desk.wg.next_deadline(), desk.now.at + seconds{60});  // the offer timeout
    desk.writes("Alice", desk.chat("v1"), "hello");
    // Only the calendar (local midnight) is left.
    EXPECT_EQ(Now::at_offset(*desk.wg.next_deadline()).minute_of_day, 0);
}

}  // namespace
}  // namespace routing::testing
