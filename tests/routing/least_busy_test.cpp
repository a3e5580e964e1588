// least_busy: fewest open chats; ties by smaller priority number, then idle the longest.

#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

AgentSettings with_priority(AgentSettings a, int priority) {
    a.priority = priority;
    return a;
}

TEST(LeastBusy, ChatGoesToTheAgentWithFewestOpenChats) {
    Desk desk{workgroup(Mode::least_busy, {agent("Alice"), agent("Bob")})};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");  // Alice (tie, config order)
    desk.visitor_writes("v2", "hi");  // Bob
    desk.visitor_writes("v3", "hi");  // Alice: 2 chats, Bob 1
    desk.types("Bob", "close");       // Bob: 0
    EXPECT_EQ(desk.assigned(desk.visitor_writes("v4", "hi")), std::vector<std::string>{"Bob"});
}

TEST(LeastBusy, TieGoesToTheSmallerPriorityNumber) {
    Desk desk{workgroup(Mode::least_busy,
                        {with_priority(agent("Alice"), 5), with_priority(agent("Bob"), 1)})};
    desk.online("Alice");
    desk.online("Bob");
    EXPECT_EQ(desk.assigned(desk.visitor_writes("v1", "hi")), std::vector<std::string>{"Bob"});
    EXPECT_EQ(desk.assigned(desk.visitor_writes("v2", "hi")), std::vector<std::string>{"Alice"});
}

TEST(LeastBusy, ThenToTheAgentIdleTheLongest) {
    auto s = workgroup(Mode::least_busy, {agent("Alice"), agent("Bob")});
    s.offer_timeout = Duration{0};  // offers do not expire here
    Desk desk{s};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");  // Alice
    desk.visitor_writes("v2", "hi");  // Bob
    desk.wait(std::chrono::minutes{1});
    desk.types("Bob", "close");  // Bob idle since 10:01
    desk.wait(std::chrono::minutes{1});
    desk.types("Alice", "close");  // Alice idle since 10:02
    EXPECT_EQ(desk.assigned(desk.visitor_writes("v3", "hi")), std::vector<std::string>{"Bob"});
}

TEST(LeastBusy, TheAssignmentSaysWhyThisAgentWasChosen) {
    Desk desk{workgroup(Mode::least_busy,
                        {with_priority(agent("Alice"), 5), with_priority(agent("Bob"), 1)})};
    desk.online("Alice");
    desk.online("Bob");
    const auto assigns = all<Assign>(desk.visitor_writes("v1", "hi"));
    ASSERT_EQ(assigns.size(), 1u);
    EXPECT_EQ(assigns[0].why, "fewest open chats (0), then priority 1, then idle the longest");
}

}  // namespace
}  // namespace routing::testing
