// queue: chats wait in FIFO order and agents pull the oldest with `next`.

#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

class QueueMode : public ::testing::Test {
  protected:
    Desk desk{workgroup(Mode::queue, {agent("Alice", 1), agent("Bob")})};
};

TEST_F(QueueMode, NewChatIsNotAnnouncedToAgentsAtAll) {
    desk.online("Alice");
    auto fx = desk.visitor_writes("v1", "My secret order number");
    EXPECT_TRUE(all<Notify>(fx).empty());
    EXPECT_TRUE(all<Assign>(fx).empty());
    EXPECT_TRUE(all<TellAgent>(fx).empty());
    EXPECT_TRUE(all<Reply>(fx).empty());
}

TEST_F(QueueMode, NextPullsTheChatWaitingLongest) {
    desk.online("Bob");
    desk.visitor_writes("v1", "first");
    desk.wait(std::chrono::seconds{1});
    desk.visitor_writes("v2", "second");
    auto fx = desk.types("Bob", "NEXT");
    auto assigns = all<Assign>(fx);
    ASSERT_EQ(assigns.size(), 1u);
    EXPECT_EQ(assigns[0].conversation, desk.chat("v1"));
    EXPECT_EQ(assigns[0].reason, AssignReason::next);
    EXPECT_EQ(desk.holder("v1"), "Bob");
    EXPECT_EQ(desk.holder("v2"), "");
}

TEST_F(QueueMode, ListShowsOnlyHowManyAreWaitingNeverWhoOrWhat) {
    desk.online("Bob");
    desk.visitor_writes("v1", "private words");
    desk.visitor_writes("v2", "more words");
    const std::string list = Desk::reply(desk.types("Bob", "list"));
    EXPECT_NE(list.find("2 chats are waiting"), std::string::npos);
    EXPECT_EQ(list.find("private words"), std::string::npos);
    EXPECT_EQ(list.find("Visitor"), std::string::npos);
}

TEST_F(QueueMode, FreedCapacityDoesNotPushAChatOntoTheAgent) {
    desk.online("Alice");
    desk.visitor_writes("v1", "one");
    desk.visitor_writes("v2", "two");
    desk.types("Alice", "next");
    auto fx = desk.types("Alice", "close");
    EXPECT_TRUE(all<Assign>(fx).empty());
    EXPECT_TRUE(all<TellAgent>(fx).empty());
    EXPECT_EQ(desk.holder("v2"), "");
}

TEST_F(QueueMode, NextIsRefusedAtCapacity) {
    desk.online("Alice");
    desk.visitor_writes("v1", "one");
    desk.visitor_writes("v2", "two");
    desk.types("Alice", "next");
    auto fx = desk.types("Alice", "next");
    EXPECT_EQ(Desk::reply_kind(fx), ReplyKind::at_capacity);
    EXPECT_EQ(desk.holder("v2"), "");
}

TEST_F(QueueMode, NextWithAnEmptyQueueSaysSo) {
    desk.online("Bob");
    EXPECT_EQ(Desk::reply_kind(desk.types("Bob", "next")), ReplyKind::nothing_waiting);
}

TEST_F(QueueMode, TakeIsNotUsedInQueueMode) {
    desk.online("Bob");
    desk.visitor_writes("v1", "one");
    desk.visitor_writes("v2", "two");
    auto fx = desk.types("Bob", "take 2");
    EXPECT_EQ(Desk::reply_kind(fx), ReplyKind::not_in_mode);
    EXPECT_EQ(desk.holder("v2"), "");
}

// The status of the workgroup's presence to agents, from the last AvailabilityChanged of
// `fx` (nullopt: none reported, the presence stays as it was).
std::optional<std::string> agent_status(const Effects& fx) {
    const auto reports = all<AvailabilityChanged>(fx);
    if (reports.empty()) {
        return std::nullopt;
    }
    return reports.back().agent_status;
}

TEST_F(QueueMode, AgentsPresenceSaysHowManyWaitAndHowToPullOneNeverWhoOrWhat) {
    EXPECT_EQ(desk.wg.report().agent_status, "No chats waiting");
    desk.online("Bob");
    EXPECT_EQ(agent_status(desk.visitor_writes("v1", "my private words")),
              "1 waiting \u2014 type next");
    EXPECT_EQ(agent_status(desk.visitor_writes("v2", "more words")), "2 waiting \u2014 type next");
    EXPECT_EQ(agent_status(desk.visitor_writes("v1", "still there?")), std::nullopt)
        << "a line in a waiting chat changes no count";
    EXPECT_EQ(agent_status(desk.types("Bob", "next")), "1 waiting \u2014 type next");
    EXPECT_EQ(agent_status(desk.visitor_leaves("v2")), std::nullopt) << "still in the grace";
    EXPECT_EQ(agent_status(desk.wait(std::chrono::minutes{1})), "No chats waiting");
    EXPECT_EQ(desk.wg.report().agent_status, "No chats waiting");
}

TEST(QueueModeDelay, AChatCountsForAgentsOnceNextCanPullIt) {
    WorkgroupSettings s = workgroup(Mode::queue, {agent("Bob")});
    s.assign_delay = std::chrono::seconds{10};
    Desk desk{s};
    desk.online("Bob");
    auto fx = desk.visitor_writes("v1", "hello");
    EXPECT_EQ(desk.wg.report().agent_status, "No chats waiting") << "in the assign delay";
    EXPECT_EQ(all<AvailabilityChanged>(fx).back().figures.count, 1u) << "widgets count it";
    // The widgets' count stays 1 when the delay ends; the agents' status changes all the same.
    fx = desk.wait(std::chrono::seconds{10});
    EXPECT_EQ(agent_status(fx), "1 waiting \u2014 type next");
    EXPECT_EQ(desk.assigned(desk.types("Bob", "next")), std::vector<std::string>{"Bob"});
}

TEST(OtherModes, AgentsPresenceHasNoQueueStatus) {
    for (Mode mode : {Mode::broadcast, Mode::round_robin, Mode::least_busy, Mode::weighted}) {
        Desk desk{workgroup(mode, {agent("Alice", 0)})};
        desk.online("Alice");
        desk.visitor_writes("v1", "hello");
        EXPECT_EQ(desk.wg.report().agent_status, "") << to_string(mode);
    }
}

}  // namespace
}  // namespace routing::testing
