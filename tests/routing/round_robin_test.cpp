// round_robin: chats are assigned in turn; `order = "random"` picks uniformly at random.

#include <map>

#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

Desk rotating_desk() {
    return Desk{workgroup(Mode::round_robin, {agent("Alice"), agent("Bob"), agent("Carol")})};
}

TEST(RoundRobin, ChatsGoToTheAgentsInTurn) {
    Desk desk = rotating_desk();
    desk.online("Alice");
    desk.online("Bob");
    desk.online("Carol");
    std::vector<std::string> got;
    for (const char* v : {"v1", "v2", "v3", "v4"}) {
        for (const auto& name : desk.assigned(desk.visitor_writes(v, "hi"))) {
            got.push_back(name);
        }
    }
    EXPECT_EQ(got, (std::vector<std::string>{"Alice", "Bob", "Carol", "Alice"}));
}

TEST(RoundRobin, SkipsAnAgentWhoWentAwayWithoutLosingItsPlace) {
    Desk desk = rotating_desk();
    desk.online("Alice");
    desk.online("Bob");
    desk.online("Carol");
    EXPECT_EQ(desk.assigned(desk.visitor_writes("v1", "hi")), std::vector<std::string>{"Alice"});
    desk.presence("Bob", Presence::away);
    EXPECT_EQ(desk.assigned(desk.visitor_writes("v2", "hi")), std::vector<std::string>{"Carol"});
    desk.online("Bob");
    // The rotation continues after Carol: Alice, then Bob, who is back in his place.
    EXPECT_EQ(desk.assigned(desk.visitor_writes("v3", "hi")), std::vector<std::string>{"Alice"});
    EXPECT_EQ(desk.assigned(desk.visitor_writes("v4", "hi")), std::vector<std::string>{"Bob"});
}

TEST(RoundRobin, AgentAtCapacityIsSkipped) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice", 1), agent("Bob", 3)})};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");  // Alice, now full
    desk.visitor_writes("v2", "hi");  // Bob
    EXPECT_EQ(desk.assigned(desk.visitor_writes("v3", "hi")), std::vector<std::string>{"Bob"});
    EXPECT_EQ(desk.wg.agent(desk.id("Alice")).chats.size(), 1u);
}

TEST(RoundRobin, RandomOrderSpreadsChatsUniformlyAndNotInTurn) {
    auto settings = workgroup(Mode::round_robin, {agent("Alice"), agent("Bob"), agent("Carol")});
    settings.order = Order::random;
    Desk desk{settings, 7};
    desk.online("Alice");
    desk.online("Bob");
    desk.online("Carol");
    std::map<std::string, int> count;
    int repeats = 0;
    std::string previous;
    const int draws = 3000;
    for (int i = 0; i < draws; ++i) {
        const std::string v = "v" + std::to_string(i);
        const auto got = desk.assigned(desk.visitor_writes(v, "hi"));
        ASSERT_EQ(got.size(), 1u);
        ++count[got[0]];
        repeats += got[0] == previous;
        previous = got[0];
        desk.types(got[0], "close");
    }
    for (const char* name : {"Alice", "Bob", "Carol"}) {
        EXPECT_NEAR(count[name] / double(draws), 1.0 / 3, 0.03) << name;
    }
    EXPECT_GT(repeats, draws / 5);  // in turn, nobody would ever get two in a row
}

}  // namespace
}  // namespace routing::testing
