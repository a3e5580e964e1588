// weighted: probability proportional to the daily reception limit; capped at it each day.

#include <map>

#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

AgentSettings with_limit(AgentSettings a, int daily_limit) {
    a.daily_limit = daily_limit;
    a.max_chats = 1000;
    return a;
}

TEST(Weighted, LimitsOf100And200SplitChatsOneThirdTwoThirds) {
    Desk desk{
        workgroup(Mode::weighted, {with_limit(agent("Alice"), 100), with_limit(agent("Bob"), 200)}),
        2024};
    desk.online("Alice");
    desk.online("Bob");
    std::map<std::string, int> count;
    int draws = 0;
    for (int day = 0; day < 200; ++day) {
        // 90 chats a day stays clear of both caps, so only the weights decide.
        for (int i = 0; i < 90; ++i, ++draws) {
            const auto got = desk.assigned(desk.visitor_writes("v" + std::to_string(draws), "hi"));
            ASSERT_EQ(got.size(), 1u);
            ++count[got[0]];
            desk.types(got[0], "close");
        }
        desk.next_day();
    }
    EXPECT_NEAR(count["Alice"] / double(draws), 1.0 / 3, 0.015);
    EXPECT_NEAR(count["Bob"] / double(draws), 2.0 / 3, 0.015);
}

TEST(Weighted, AnAgentCappedYesterdayIsBackAfterARestartThatFollowsAQuietMidnight) {
    // What the store holds after a midnight at which nothing happened: the agent as saved
    // when she reached her limit, the workgroup's counters as saved after midnight.
    Desk before{workgroup(Mode::weighted, {with_limit(agent("Alice"), 1)}), 1};
    before.online("Alice");
    ASSERT_EQ(before.assigned(before.visitor_writes("v1", "hi")),
              std::vector<std::string>{"Alice"});
    before.types("Alice", "close");
    const WorkgroupState at_limit = before.wg.snapshot();
    before.next_day();
    WorkgroupState stored = before.wg.header();
    stored.agents = at_limit.agents;

    Desk after{workgroup(Mode::weighted, {with_limit(agent("Alice"), 1)}), 1};
    after.now = before.now;
    after.wg.restore(stored);
    after.online("Alice");
    EXPECT_EQ(after.assigned(after.visitor_writes("v2", "a new day")),
              std::vector<std::string>{"Alice"});
}

TEST(Weighted, AgentWhoReachedTheLimitTodayGetsNone) {
    Desk desk{
        workgroup(Mode::weighted, {with_limit(agent("Alice"), 5), with_limit(agent("Bob"), 5)}), 1};
    desk.online("Alice");
    desk.online("Bob");
    for (int i = 0; i < 10; ++i) {
        for (const auto& name : desk.assigned(desk.visitor_writes("v" + std::to_string(i), "x"))) {
            desk.types(name, "close");
        }
    }
    EXPECT_EQ(desk.wg.agent(desk.id("Alice")).daily_count, 5);
    EXPECT_EQ(desk.wg.agent(desk.id("Bob")).daily_count, 5);
    auto fx = desk.visitor_writes("v10", "x");
    EXPECT_TRUE(all<Assign>(fx).empty());  // both reached their limit today
}

TEST(Weighted, CountersStartAgainAtLocalMidnightAndTheWaitingChatIsServed) {
    auto settings = workgroup(Mode::weighted, {with_limit(agent("Alice"), 1)});
    settings.queue_timeout = Duration{0};  // the chat may wait overnight
    Desk desk{settings};
    desk.online("Alice");
    desk.assigned(desk.visitor_writes("v1", "hi"));
    desk.types("Alice", "close");
    EXPECT_TRUE(all<Assign>(desk.visitor_writes("v2", "hi")).empty());  // Alice is at her limit
    // The calendar deadline at local midnight wakes the workgroup.
    const Time midnight = *desk.wg.next_deadline();
    EXPECT_EQ(Now::at_offset(midnight).minute_of_day, 0);
    auto fx = desk.wait(std::chrono::hours{14});
    EXPECT_EQ(desk.assigned(fx), std::vector<std::string>{"Alice"});
}

}  // namespace
}  // namespace routing::testing
