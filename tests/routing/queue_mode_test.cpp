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

}  // namespace
}  // namespace routing::testing
