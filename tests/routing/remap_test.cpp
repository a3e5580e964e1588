// A workgroup's state carried over to an edited agent list (a reload, or a restart after
// the file changed): people are matched by JID, whatever their place in the list.

#include "routing/remap.hpp"

#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

std::vector<std::string> jids(const WorkgroupSettings& s) {
    std::vector<std::string> out;
    for (const auto& a : s.agents) {
        out.push_back(a.jid);
    }
    return out;
}

WorkgroupSettings alice_and_bob() {
    auto s = workgroup(Mode::round_robin, {agent("Alice"), agent("Bob")});
    s.sticky = true;
    return s;
}

// v1 is Alice's chat, v2 Bob's; both answered.
void two_chats(Desk& desk) {
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "one");
    desk.writes("Alice", 1, "hello");
    desk.visitor_writes("v2", "two");
    desk.writes("Bob", 2, "hi");
}

TEST(Remap, ChatsStayWithTheirAgentsWhenTheListIsReorderedAndExtended) {
    const auto before = alice_and_bob();
    Desk old{before};
    two_chats(old);

    auto after = workgroup(Mode::round_robin, {agent("Carol"), agent("Bob"), agent("Alice")});
    after.sticky = true;
    WorkgroupState state = old.wg.snapshot();
    remap_agents(state, agent_ids_by_jid(jids(before), after));
    Desk now{after};
    now.now = old.now;
    now.wg.restore(state);
    EXPECT_EQ(now.holder("v1"), "Alice");
    EXPECT_EQ(now.holder("v2"), "Bob");
    EXPECT_EQ(now.wg.agent(2).chats.size(), 1u) << "Alice is agent 2 now";
    EXPECT_EQ(now.wg.agent(2).presence, Presence::online) << "online agents stay online";
    EXPECT_EQ(now.wg.agent(0).presence, Presence::offline) << "Carol is new";
}

TEST(Remap, AChatOfAnAgentWhoLeftTheFileWaitsAgainAndTheirStickyMemoryGoes) {
    const auto before = alice_and_bob();
    Desk old{before};
    two_chats(old);

    auto after = workgroup(Mode::round_robin, {agent("Bob")});
    after.sticky = true;
    WorkgroupState state = old.wg.snapshot();
    remap_agents(state, agent_ids_by_jid(jids(before), after));
    ASSERT_EQ(state.agents.size(), 1u);
    ASSERT_EQ(state.last_agent_of.size(), 1u) << "Alice's visitors are no longer hers";
    EXPECT_EQ(state.last_agent_of[0].second, 0u) << "Bob is agent 0 now";
    Desk now{after};
    now.now = old.now;
    now.wg.restore(state);
    EXPECT_EQ(now.wg.conversation_of("v1")->state, ConversationState::waiting);
    EXPECT_EQ(now.wg.waiting_count(), 1u);
    EXPECT_EQ(now.holder("v2"), "Bob");
}

}  // namespace
}  // namespace routing::testing
