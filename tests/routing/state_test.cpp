// The whole state can be copied out and restored (persistence is built on this).

#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

TEST(State, RestoredWorkgroupKeepsQueueOrderAssignmentsAndTimers) {
    auto s = workgroup(Mode::round_robin, {agent("Alice", 1), agent("Bob", 1)});
    s.sticky = true;
    Desk before{s};
    before.online("Alice");
    before.online("Bob");
    before.visitor_writes("v1", "one");  // Alice
    before.writes("Alice", 1, "hello");
    before.visitor_writes("v2", "two");    // Bob (offered)
    before.visitor_writes("v3", "three");  // waits
    before.visitor_writes("v4", "four");   // waits
    const WorkgroupState state = before.wg.snapshot();
    ASSERT_EQ(state.conversations.size(), 4u);

    Desk after{s};
    after.now = before.now;
    after.wg.restore(state);
    EXPECT_EQ(after.holder("v1"), "Alice");
    EXPECT_EQ(after.wg.conversation_of("v2")->state, ConversationState::offered);
    EXPECT_EQ(after.wg.waiting_count(), 2u);
    EXPECT_EQ(after.wg.next_deadline(), before.wg.next_deadline());
    // Presence is learned again after a restart; Bob's offer still times out on time.
    after.online("Alice");
    after.online("Bob");
    auto fx = after.wait(std::chrono::seconds{60});
    EXPECT_EQ(all<Revoke>(fx).at(0).reason, RevokeReason::timed_out);
    // v3 is still ahead of v4.
    auto freed = all<Assign>(after.types("Alice", "close"));
    ASSERT_EQ(freed.size(), 1u);
    EXPECT_EQ(freed[0].conversation, 3u);
    // New conversations continue the numbering.
    after.visitor_writes("v5", "five");
    EXPECT_EQ(after.chat("v5"), 5u);
    EXPECT_EQ(after.wg.snapshot().last_agent_of.at(0).first, "v1");
}

}  // namespace
}  // namespace routing::testing
