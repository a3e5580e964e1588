// sticky: a returning visitor goes first to the agent who served them last.

#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

Desk sticky_desk(bool sticky) {
    auto s = workgroup(Mode::round_robin, {agent("Alice"), agent("Bob")});
    s.sticky = sticky;
    return Desk{s};
}

void serve_and_close(Desk& desk, const std::string& visitor) {
    desk.visitor_writes(visitor, "hi");
    const std::string agent = desk.holder(visitor);
    const ConversationId id = desk.chat(visitor);
    desk.writes(agent, id, "Hello!");
    desk.writes(agent, id, "close");
}

TEST(Sticky, ReturningVisitorGoesToTheAgentWhoServedThemLast) {
    Desk desk = sticky_desk(true);
    desk.online("Alice");
    desk.online("Bob");
    serve_and_close(desk, "anna@example.org");  // Alice
    const Effects fx = desk.visitor_writes("anna@example.org", "me again");
    EXPECT_EQ(desk.assigned(fx), std::vector<std::string>{"Alice"});  // rotation: Bob
    EXPECT_EQ(all<Assign>(fx).at(0).why, "served this visitor last (returning visitor)");
}

TEST(Sticky, ReturningVisitorWhoseLastAgentIsOfflineIsStillServed) {
    Desk desk = sticky_desk(true);
    desk.online("Alice");
    desk.online("Bob");
    serve_and_close(desk, "anna@example.org");  // Alice
    desk.offline("Alice");
    EXPECT_EQ(desk.assigned(desk.visitor_writes("anna@example.org", "me again")),
              std::vector<std::string>{"Bob"});
}

TEST(Sticky, WithoutStickyTheModeDecides) {
    Desk desk = sticky_desk(false);
    desk.online("Alice");
    desk.online("Bob");
    serve_and_close(desk, "anna@example.org");  // Alice
    EXPECT_EQ(desk.assigned(desk.visitor_writes("anna@example.org", "me again")),
              std::vector<std::string>{"Bob"});
}

TEST(Sticky, ReturningVisitorInBroadcastIsOfferedToTheLastAgentFirst) {
    auto s = workgroup(Mode::broadcast, {agent("Alice"), agent("Bob")});
    s.sticky = true;
    Desk desk{s};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("w1", "hi");
    desk.types("Bob", "take 1");
    desk.types("Bob", "close 1");
    auto fx = desk.visitor_writes("w1", "back again");
    EXPECT_EQ(desk.assigned(fx), std::vector<std::string>{"Bob"});
    EXPECT_TRUE(all<Notify>(fx).empty());
}

}  // namespace
}  // namespace routing::testing
