// What agents type: parsing, help, status, close, transfer.

#include "routing/command.hpp"
#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

TEST(CommandParsing, WordsAreCaseInsensitiveAndIdsAreNumbers) {
    EXPECT_EQ(parse_command("  TAKE 42 ").kind, CommandKind::take);
    EXPECT_EQ(parse_command("take 42").id, 42u);
    EXPECT_EQ(parse_command("take #7").id, 7u);
    EXPECT_EQ(parse_command("take abc").kind, CommandKind::unknown);
    EXPECT_EQ(parse_command("Next").kind, CommandKind::next);
    EXPECT_EQ(parse_command("next please").kind, CommandKind::unknown);
    EXPECT_EQ(parse_command("close").id, std::nullopt);
    EXPECT_EQ(parse_command("close 3").id, 3u);
    EXPECT_EQ(parse_command("transfer bob@example.com").target, "bob@example.com");
    EXPECT_EQ(parse_command("transfer").kind, CommandKind::unknown);
    EXPECT_EQ(parse_command("hello there").kind, CommandKind::unknown);
}

TEST(Commands, HelpListsTakeOnlyInBroadcast) {
    Desk broadcast{workgroup(Mode::broadcast, {agent("Alice")})};
    Desk queue{workgroup(Mode::queue, {agent("Alice")})};
    EXPECT_NE(Desk::reply(broadcast.types("Alice", "help")).find("take ID"), std::string::npos);
    EXPECT_EQ(Desk::reply(queue.types("Alice", "help")).find("take"), std::string::npos);
    EXPECT_NE(Desk::reply(queue.types("Alice", "help")).find("next"), std::string::npos);
}

TEST(Commands, UnknownWordsGetAPoliteHint) {
    Desk desk{workgroup(Mode::queue, {agent("Alice")})};
    auto fx = desk.types("Alice", "hello?");
    EXPECT_EQ(Desk::reply_kind(fx), ReplyKind::unknown_command);
    EXPECT_NE(Desk::reply(fx).find("help"), std::string::npos);
}

TEST(Commands, StatusShowsMyChatsMyCapacityAndTheQueue) {
    Desk desk{workgroup(Mode::queue, {agent("Alice", 2)})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.visitor_writes("v2", "hi");
    desk.types("Alice", "next");
    EXPECT_EQ(Desk::reply(desk.types("Alice", "status")),
              "You have 1 of 2 chats (1). Waiting: 1. Missed today: 0.");
}

TEST(Commands, CloseInTheConversationTellsTheVisitorAndFreesTheAgent) {
    Desk desk{workgroup(Mode::queue, {agent("Alice", 1)})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.types("Alice", "next");
    auto fx = desk.writes("Alice", 1, "close");
    EXPECT_EQ(Desk::told(fx, "v1"),
              std::vector<std::string>{"Alice has closed the chat. Thank you!"});
    ASSERT_EQ(all<Closed>(fx).size(), 1u);
    EXPECT_FALSE(all<Closed>(fx)[0].missed);
    EXPECT_TRUE(all<RelayToVisitor>(fx).empty());  // "close" is not relayed
    EXPECT_TRUE(desk.wg.agent(desk.id("Alice")).chats.empty());
}

TEST(Commands, CloseOfSomeoneElsesChatIsRefused) {
    Desk desk{workgroup(Mode::queue, {agent("Alice"), agent("Bob")})};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");
    desk.types("Alice", "next");
    EXPECT_EQ(Desk::reply_kind(desk.types("Bob", "close 1")), ReplyKind::not_your_chat);
    EXPECT_EQ(desk.holder("v1"), "Alice");
}

TEST(Commands, TransferByNameHandsTheChatWithItsHistoryToTheColleague) {
    Desk desk{workgroup(Mode::queue, {agent("Alice"), agent("Bob")})};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "I need a refund");
    desk.types("Alice", "next");
    auto fx = desk.writes("Alice", 1, "transfer bob");
    auto assigns = all<Assign>(fx);
    ASSERT_EQ(assigns.size(), 1u);
    EXPECT_EQ(assigns[0].agent, desk.id("Bob"));
    EXPECT_EQ(assigns[0].reason, AssignReason::transferred);
    // The chat was Alice's: the component hands Bob everything from the transcript.
    EXPECT_TRUE(assigns[0].from_transcript);
    EXPECT_NE(assigns[0].text.find("close 1"), std::string::npos);
    EXPECT_EQ(Desk::told(fx, "v1"), (std::vector<std::string>{"You are being transferred to Bob.",
                                                              "Bob has joined the chat."}));
    EXPECT_EQ(Desk::reply_kind(fx), ReplyKind::transferred);
    EXPECT_TRUE(desk.wg.agent(desk.id("Alice")).chats.empty());
    EXPECT_EQ(desk.holder("v1"), "Bob");
}

TEST(Commands, TransferByJidAlsoWorks) {
    Desk desk{workgroup(Mode::queue, {agent("Alice"), agent("Bob")})};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");
    desk.types("Alice", "next");
    desk.writes("Alice", 1, "transfer Bob@Example.com");
    EXPECT_EQ(desk.holder("v1"), "Bob");
}

TEST(Commands, TransferToSomeoneUnknownOrUnavailableIsRefused) {
    Desk desk{workgroup(Mode::queue, {agent("Alice"), agent("Bob")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.types("Alice", "next");
    EXPECT_EQ(Desk::reply_kind(desk.writes("Alice", 1, "transfer zoe")), ReplyKind::no_such_agent);
    EXPECT_EQ(Desk::reply_kind(desk.writes("Alice", 1, "transfer bob")),
              ReplyKind::agent_unavailable);  // Bob is offline
    EXPECT_EQ(desk.holder("v1"), "Alice");
}

TEST(Commands, NonAgentIsNotAnAgentAndItsCommandsAreRefused) {
    Desk desk{workgroup(Mode::broadcast, {agent("Alice")})};
    EXPECT_EQ(desk.wg.find_agent("mallory@evil.example"), std::nullopt);
    EXPECT_EQ(desk.wg.find_agent("ALICE@example.com"), desk.id("Alice"));
    auto fx =
        desk.wg.handle(AgentCommand{"mallory@evil.example", parse_command("next"), {}}, desk.now);
    EXPECT_EQ(all<Refuse>(fx).size(), 1u);
}

TEST(Commands, AnOfferInvitesTheAgentWithTheExactCommand) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice")})};
    desk.online("Alice");
    auto assigns = all<Assign>(desk.visitor_writes("v1", "hi"));
    ASSERT_EQ(assigns.size(), 1u);
    EXPECT_NE(assigns[0].text.find("close 1"), std::string::npos);
    EXPECT_NE(assigns[0].text.find("60 seconds"), std::string::npos);
}

}  // namespace
}  // namespace routing::testing
