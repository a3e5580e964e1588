// Who is eligible: online (or included), not paused, below max_chats; capacity and queue.

#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

TEST(Eligibility, AgentAtCapacityDoesNotGetAChatItWaitsInstead) {
    Desk desk{workgroup(Mode::least_busy, {agent("Alice", 2)})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.visitor_writes("v2", "hi");
    auto fx = desk.visitor_writes("v3", "hi");
    EXPECT_TRUE(all<Assign>(fx).empty());
    EXPECT_EQ(desk.wg.agent(desk.id("Alice")).chats.size(), 2u);
    EXPECT_EQ(Desk::told(fx, "v3").back(), "You are number 1 in the queue.");
}

TEST(Eligibility, ChatWaitingWhileCapacityFreesUpIsAssignedAtOnce) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice", 1)})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.visitor_writes("v2", "still there?");
    auto fx = desk.types("Alice", "close");
    auto assigns = all<Assign>(fx);
    ASSERT_EQ(assigns.size(), 1u);
    EXPECT_EQ(assigns[0].conversation, desk.chat("v2"));
    EXPECT_EQ(desk.holder("v2"), "Alice");
}

TEST(Eligibility, AwayAgentIsLeftOut) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice"), agent("Bob")})};
    desk.presence("Alice", Presence::away);
    desk.online("Bob");
    for (const char* v : {"v1", "v2", "v3"}) {
        EXPECT_EQ(desk.assigned(desk.visitor_writes(v, "hi")), std::vector<std::string>{"Bob"});
    }
}

TEST(Eligibility, DoNotDisturbAgentIsLeftOut) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice"), agent("Bob")})};
    desk.presence("Alice", Presence::dnd);
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");
    EXPECT_EQ(desk.assigned(desk.visitor_writes("v2", "hi")), std::vector<std::string>{"Bob"});
}

TEST(Eligibility, AwayAgentIsIncludedWhenTheWorkgroupSaysSo) {
    auto settings = workgroup(Mode::round_robin, {agent("Alice")});
    settings.include_away = true;
    Desk desk{settings};
    desk.presence("Alice", Presence::xa);
    EXPECT_EQ(desk.assigned(desk.visitor_writes("v1", "hi")), std::vector<std::string>{"Alice"});
}

TEST(Eligibility, OfflineAgentIsIncludedWhenTheWorkgroupSaysSo) {
    auto settings = workgroup(Mode::round_robin, {agent("Alice")});
    settings.include_offline = true;
    Desk desk{settings};
    EXPECT_EQ(desk.assigned(desk.visitor_writes("v1", "hi")), std::vector<std::string>{"Alice"});
}

TEST(Eligibility, PausedAgentGetsNoChatsWhateverThePresenceAndReadyResumes) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice"), agent("Bob")})};
    desk.online("Alice");
    desk.online("Bob");
    EXPECT_EQ(Desk::reply_kind(desk.types("Alice", "pause")), ReplyKind::paused);
    desk.online("Alice");  // a new presence does not undo the pause
    EXPECT_EQ(desk.assigned(desk.visitor_writes("v1", "hi")), std::vector<std::string>{"Bob"});
    EXPECT_EQ(desk.assigned(desk.visitor_writes("v2", "hi")), std::vector<std::string>{"Bob"});
    desk.types("Alice", "ready");
    EXPECT_EQ(desk.assigned(desk.visitor_writes("v3", "hi")), std::vector<std::string>{"Alice"});
}

TEST(Eligibility, ReadyPicksUpTheChatThatWaitedWhileEveryoneWasPaused) {
    Desk desk{workgroup(Mode::least_busy, {agent("Alice")})};
    desk.online("Alice");
    desk.types("Alice", "pause");
    desk.visitor_writes("v1", "hi");
    auto fx = desk.types("Alice", "ready");
    EXPECT_EQ(desk.assigned(fx), std::vector<std::string>{"Alice"});
}

TEST(Eligibility, AgentWithSeveralClientsCountsAsOnlineWhileAnyIs) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice")})};
    desk.presence("Alice", Presence::online, "phone");
    desk.presence("Alice", Presence::online, "laptop");
    desk.presence("Alice", Presence::offline, "phone");
    EXPECT_EQ(desk.wg.agent(desk.id("Alice")).presence, Presence::online);
    EXPECT_EQ(desk.assigned(desk.visitor_writes("v1", "hi")), std::vector<std::string>{"Alice"});
    desk.presence("Alice", Presence::offline, "laptop");
    EXPECT_EQ(desk.wg.agent(desk.id("Alice")).presence, Presence::offline);
}

TEST(Eligibility, WithMaxQueueZeroNothingWaits) {
    auto settings = workgroup(Mode::round_robin, {agent("Alice", 1)});
    settings.max_queue = 0;
    Desk desk{settings};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    auto fx = desk.visitor_writes("v2", "hi");
    EXPECT_EQ(Desk::told(fx, "v2"), std::vector<std::string>{settings.not_available});
    EXPECT_EQ(desk.wg.conversation_of("v2"), nullptr);
}

TEST(Eligibility, QueueLimitTurnsVisitorsAwayOnceReached) {
    auto settings = workgroup(Mode::round_robin, {agent("Alice", 1)});
    settings.max_queue = 2;
    Desk desk{settings};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");  // Alice
    desk.visitor_writes("v2", "hi");  // waits
    desk.visitor_writes("v3", "hi");  // waits
    auto fx = desk.visitor_writes("v4", "hi");
    EXPECT_EQ(Desk::told(fx, "v4"), std::vector<std::string>{settings.not_available});
    EXPECT_EQ(desk.wg.waiting_count(), 2u);
}

}  // namespace
}  // namespace routing::testing
