// A workgroup removed from the configuration (a reload) closes every open chat: each
// visitor hears the offline text, each agent that the chat is closed, and nothing stays.

#include <algorithm>

#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

TEST(Retire, EveryOpenChatEndsAndEveryoneConcernedIsTold) {
    Desk desk{workgroup(Mode::broadcast, {agent("Alice", 1), agent("Bob")})};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");     // taken by Alice below
    desk.visitor_writes("v2", "hello");  // waits; Bob was told about it
    desk.types("Alice", "take 1");

    const auto fx = desk.wg.handle(Retire{}, desk.now);
    const auto closed = all<Closed>(fx);
    ASSERT_EQ(closed.size(), 2u);
    EXPECT_EQ(closed[0].conversation, 1u);  // oldest first
    EXPECT_EQ(closed[0].reason, CloseReason::retired);
    EXPECT_FALSE(closed[0].missed);
    EXPECT_EQ(closed[1].conversation, 2u);
    EXPECT_TRUE(closed[1].missed);

    const auto told = all<TellVisitor>(fx);
    ASSERT_EQ(told.size(), 2u);
    for (const auto& t : told) {
        EXPECT_EQ(t.notice, VisitorNotice::closed);
        EXPECT_EQ(t.text, desk.wg.settings().offline);
    }
    const auto revokes = all<Revoke>(fx);
    ASSERT_EQ(revokes.size(), 2u);
    EXPECT_EQ(revokes[0].agents, std::vector<AgentId>{desk.id("Alice")});  // her own chat
    EXPECT_EQ(revokes[0].reason, RevokeReason::retired);
    EXPECT_EQ(revokes[0].text,
              "Chat 1 is closed: its workgroup was removed from Switchboard's configuration.");
    EXPECT_NE(std::find(revokes[1].agents.begin(), revokes[1].agents.end(), desk.id("Bob")),
              revokes[1].agents.end());  // told about chat 2, which no longer waits

    EXPECT_EQ(desk.wg.conversation(1), nullptr);
    EXPECT_EQ(desk.wg.conversation(2), nullptr);
    EXPECT_EQ(desk.wg.waiting_count(), 0u);
    EXPECT_TRUE(desk.wg.agent(desk.id("Alice")).chats.empty());
    EXPECT_TRUE(desk.wg.handle(Retire{}, desk.now).size() <= 1u) << "nothing left to close";
}

}  // namespace
}  // namespace routing::testing
