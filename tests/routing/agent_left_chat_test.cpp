// An agent who stays out of the room their chat is held in (conversation = "muc") for the
// offline grace sends that chat, and only that one, back to the front of the queue.

#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

Effects left(Desk& desk, const std::string& name, ConversationId id) {
    return desk.wg.handle(AgentLeftChat{desk.jid(name), id}, desk.now);
}

TEST(AgentLeftChat, TheChatGoesBackToTheQueueAndIsRoutedAgain) {
    Desk desk{workgroup(Mode::queue, {agent("Alice"), agent("Bob")})};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");
    desk.visitor_writes("v2", "hello");
    desk.types("Alice", "next");
    desk.types("Alice", "next");

    const auto fx = left(desk, "Alice", 1);
    const auto revokes = all<Revoke>(fx);
    ASSERT_EQ(revokes.size(), 1u);
    EXPECT_EQ(revokes[0].conversation, 1u);
    EXPECT_EQ(revokes[0].agents, std::vector<AgentId>{desk.id("Alice")});
    EXPECT_EQ(revokes[0].reason, RevokeReason::left_room);
    EXPECT_NE(revokes[0].text.find("left its room"), std::string::npos) << revokes[0].text;
    const auto told = all<TellVisitor>(fx);
    ASSERT_EQ(told.size(), 1u);
    EXPECT_EQ(told[0].visitor, "v1");
    EXPECT_EQ(told[0].notice, VisitorNotice::requeued);

    // Chat 2 stays Alice's; chat 1 waits first in line for the next agent who pulls.
    const auto next = all<Assign>(desk.types("Bob", "next"));
    ASSERT_EQ(next.size(), 1u);
    EXPECT_EQ(next[0].conversation, 1u);
    EXPECT_EQ(desk.wg.conversation(2)->agent, desk.id("Alice"));
}

TEST(AgentLeftChat, OnlyTheChatsOwnAgentCounts) {
    Desk desk{workgroup(Mode::queue, {agent("Alice"), agent("Bob")})};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");
    desk.types("Alice", "next");
    EXPECT_TRUE(left(desk, "Bob", 1).empty());
    EXPECT_TRUE(left(desk, "Alice", 7).empty());
    EXPECT_TRUE(left(desk, "nobody", 1).empty());
    EXPECT_EQ(desk.wg.conversation(1)->agent, desk.id("Alice"));
}

}  // namespace
}  // namespace routing::testing
