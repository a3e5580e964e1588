// broadcast: every eligible agent hears about a new chat; the first `take` wins.

#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

class Broadcast : public ::testing::Test {
  protected:
    Desk desk{workgroup(Mode::broadcast, {agent("Alice"), agent("Bob", 1), agent("Carol")})};
};

TEST_F(Broadcast, NewChatIsAnnouncedToEveryOnlineAgentWithNameFirstMessageAndTakeCommand) {
    desk.online("Alice");
    desk.online("Bob");
    auto fx = desk.visitor_writes("v1", "My parcel is late");
    auto notes = all<Notify>(fx);
    ASSERT_EQ(notes.size(), 1u);
    std::sort(notes[0].agents.begin(), notes[0].agents.end());
    EXPECT_EQ(notes[0].agents, (std::vector<AgentId>{desk.id("Alice"), desk.id("Bob")}));
    EXPECT_EQ(notes[0].visitor_name, "Visitor v1");
    EXPECT_NE(notes[0].text.find("My parcel is late"), std::string::npos);
    EXPECT_NE(notes[0].text.find("Visitor v1"), std::string::npos);
    EXPECT_NE(notes[0].text.find("take 1"), std::string::npos);
    EXPECT_TRUE(all<Assign>(fx).empty());  // nobody owns it until they take it
}

TEST_F(Broadcast, FirstAgentToTakeWinsAndTheOthersAreToldItWasTaken) {
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hello");
    auto fx = desk.types("Alice", "take 1");
    EXPECT_EQ(desk.assigned(fx), std::vector<std::string>{"Alice"});
    auto revokes = all<Revoke>(fx);
    ASSERT_EQ(revokes.size(), 1u);
    EXPECT_EQ(revokes[0].agents, std::vector<AgentId>{desk.id("Bob")});
    EXPECT_EQ(revokes[0].reason, RevokeReason::taken);
    EXPECT_NE(revokes[0].text.find("taken by Alice"), std::string::npos);
    EXPECT_TRUE(Desk::told(fx, VisitorNotice::agent_joined));

    auto late = desk.types("Bob", "take 1");
    EXPECT_EQ(Desk::reply_kind(late), ReplyKind::no_such_chat);
    EXPECT_TRUE(all<Assign>(late).empty());
    EXPECT_EQ(desk.holder("v1"), "Alice");
}

TEST_F(Broadcast, TakenChatDisappearsFromTheOthersList) {
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "first question");
    desk.visitor_writes("v2", "second question");
    EXPECT_NE(Desk::reply(desk.types("Bob", "list")).find("first question"), std::string::npos);
    desk.types("Alice", "take 1");
    const std::string list = Desk::reply(desk.types("Bob", "list"));
    EXPECT_EQ(list.find("first question"), std::string::npos);
    EXPECT_NE(list.find("2 Visitor v2: \"second question\" (take 2)"), std::string::npos);
}

TEST_F(Broadcast, TakeIsRefusedPolitelyWhenTheAgentIsAtCapacity) {
    desk.online("Bob");  // max_chats = 1
    desk.visitor_writes("v1", "one");
    desk.visitor_writes("v2", "two");
    desk.types("Bob", "take 1");
    auto fx = desk.types("Bob", "take 2");
    EXPECT_EQ(Desk::reply_kind(fx), ReplyKind::at_capacity);
    EXPECT_NE(Desk::reply(fx).find("Sorry"), std::string::npos);
    EXPECT_TRUE(all<Assign>(fx).empty());
}

TEST_F(Broadcast, AgentAtCapacityIsNotToldAboutNewChats) {
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "one");
    desk.types("Bob", "take 1");
    auto notes = all<Notify>(desk.visitor_writes("v2", "two"));
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0].agents, std::vector<AgentId>{desk.id("Alice")});
}

TEST_F(Broadcast, AgentWhoFreesUpHearsThatChatsAreWaiting) {
    desk.online("Bob");
    desk.visitor_writes("v1", "one");
    desk.types("Bob", "take 1");
    desk.visitor_writes("v2", "two");  // Bob is full: not told
    auto fx = desk.types("Bob", "close 1");
    auto notes = all<TellAgent>(fx);
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0].notice, AgentNotice::chats_waiting);
    EXPECT_NE(notes[0].text.find("next"), std::string::npos);
}

TEST_F(Broadcast, VisitorMessagesWrittenBeforeTheTakeArriveWithTheirOriginalTimes) {
    desk.online("Alice");
    desk.visitor_writes("v1", "hello");
    const Time first = desk.now.at;
    desk.wait(std::chrono::seconds{30});
    desk.visitor_writes("v1", "anyone there?");
    desk.wait(std::chrono::seconds{30});
    auto assigns = all<Assign>(desk.types("Alice", "take 1"));
    ASSERT_EQ(assigns.size(), 1u);
    ASSERT_EQ(assigns[0].backlog.size(), 2u);
    EXPECT_EQ(assigns[0].backlog[0].body, "hello");
    EXPECT_EQ(assigns[0].backlog[0].at, first);
    EXPECT_EQ(assigns[0].backlog[1].at, first + std::chrono::seconds{30});
}

TEST_F(Broadcast, ChatThatStopsWaitingVanishesFromTheNotifiedAgentsView) {
    desk.online("Alice");
    desk.visitor_writes("v1", "hello");
    desk.visitor_leaves("v1");
    auto fx = desk.wait(std::chrono::minutes{1});  // past the visitor grace
    auto revokes = all<Revoke>(fx);
    ASSERT_EQ(revokes.size(), 1u);
    EXPECT_EQ(revokes[0].reason, RevokeReason::gone);
}

TEST(BroadcastLargeTeam, EveryoneWhoCouldHaveSeenABigTeamsChatHearsItWasTaken) {
    std::vector<AgentSettings> agents;
    for (int i = 0; i < 100; ++i) {
        agents.push_back(agent("Agent" + std::to_string(i)));
    }
    Desk desk{workgroup(Mode::broadcast, agents)};
    for (int i = 0; i < 100; ++i) {
        desk.online("Agent" + std::to_string(i));
    }
    EXPECT_EQ(all<Notify>(desk.visitor_writes("v1", "hi")).at(0).agents.size(), 100u);
    auto revokes = all<Revoke>(desk.types("Agent7", "take 1"));
    ASSERT_EQ(revokes.size(), 1u);
    EXPECT_EQ(revokes[0].agents.size(), 99u);
    EXPECT_EQ(std::count(revokes[0].agents.begin(), revokes[0].agents.end(), desk.id("Agent7")), 0);
}

}  // namespace
}  // namespace routing::testing
