// Where agents write and what they are told when they write where they cannot: the
// conversation's address in the notices, the visitor's name, and the refusals' texts.

#include "desk.hpp"
#include "routing/texts.hpp"

namespace routing::testing {
namespace {

WorkgroupSettings addressed(Mode mode, std::vector<AgentSettings> agents) {
    WorkgroupSettings s = workgroup(mode, std::move(agents));
    s.conversation_address = "support.{id}@desk.example.com";
    return s;
}

std::string refusal(const Effects& fx) {
    const auto refused = all<Refuse>(fx);
    EXPECT_EQ(refused.size(), 1u);
    EXPECT_TRUE(all<RelayToVisitor>(fx).empty()) << "a refused message is not relayed";
    return refused.empty() ? std::string{} : refused.front().text;
}

TEST(Addresses, EveryNoticeThatMakesAChatTheAgentsNamesTheConversationAddress) {
    Desk offered{addressed(Mode::round_robin, {agent("Alice")})};
    offered.online("Alice");
    const auto offer = all<Assign>(offered.visitor_writes("v1", "hi")).at(0).text;
    EXPECT_EQ(offer,
              "Chat 1 with Visitor v1 is yours. Reply to support.1@desk.example.com (or type take "
              "1) within 60 seconds, or it goes to someone else. Type close 1 when done.");

    Desk queue{addressed(Mode::queue, {agent("Alice"), agent("Bob")})};
    queue.online("Alice");
    queue.online("Bob");
    queue.visitor_writes("v1", "hi");
    EXPECT_EQ(all<Assign>(queue.types("Alice", "next")).at(0).text,
              "Chat 1 with Visitor v1 is yours. Reply to support.1@desk.example.com. Type close 1 "
              "when done.");
    EXPECT_EQ(all<Assign>(queue.writes("Alice", 1, "transfer bob")).at(0).text,
              "Chat 1 with Visitor v1 was transferred to you by Alice. Reply to "
              "support.1@desk.example.com. Type close 1 when done.");

    Desk broadcast{addressed(Mode::broadcast, {agent("Alice")})};
    broadcast.online("Alice");
    broadcast.visitor_writes("v1", "hi");
    EXPECT_NE(all<Assign>(broadcast.types("Alice", "take 1"))
                  .at(0)
                  .text.find("Reply to support.1@desk.example.com."),
              std::string::npos);
}

TEST(Addresses, WithoutAnAddressTheNoticeSaysToReplyInTheConversation) {
    Desk desk{workgroup(Mode::queue, {agent("Alice")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    EXPECT_EQ(all<Assign>(desk.types("Alice", "next")).at(0).text,
              "Chat 1 with Visitor v1 is yours. Reply in the conversation. Type close 1 when "
              "done.");
}

TEST(Addresses, TheAddressTemplateTakesTheChatId) {
    EXPECT_EQ(texts::conversation_address("sales.{id}@desk.example.com", 42),
              "sales.42@desk.example.com");
    EXPECT_EQ(texts::conversation_address("", 42), "");
}

TEST(Addresses, AVisitorWithoutANameIsVisitorAndTheChatId) {
    Desk desk{workgroup(Mode::broadcast, {agent("Alice")})};
    desk.online("Alice");
    auto fx = desk.wg.handle(VisitorMessage{"1f0c2a9e@anon.example.com", "", "hi", "en"}, desk.now);
    EXPECT_EQ(desk.wg.conversation(1)->visitor_name, "Visitor 1");
    EXPECT_EQ(all<Notify>(fx).at(0).text,
              "New chat 1 from Visitor 1: \"hi\". Type take 1 to answer it.");
}

TEST(Addresses, TheNicknameOnConversationMessagesIsTheNameAndTheChatId) {
    EXPECT_EQ(texts::conversation_nick("Carl", 4), "Carl (chat 4)");
    EXPECT_LE(texts::conversation_nick(std::string(500, 'x'), 4).size(),
              texts::kNameChars + std::string(" (chat 4)").size() + 3)
        << "a long name is cut, as everywhere";
}

TEST(Addresses, WritingToAClosedChatSaysItWasClosed) {
    Desk desk{addressed(Mode::queue, {agent("Alice")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.types("Alice", "next");
    desk.types("Alice", "close 1");
    const auto fx = desk.writes("Alice", 1, "are you still there?");
    EXPECT_EQ(all<Refuse>(fx).at(0).condition, Refusal::forbidden);
    EXPECT_EQ(refusal(fx), "Chat 1 was closed. Your message was not delivered.");
}

TEST(Addresses, WritingToAChatNowWithSomeoneElseNamesThem) {
    Desk desk{addressed(Mode::queue, {agent("Alice"), agent("Bob")})};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");
    desk.types("Alice", "next");
    desk.writes("Alice", 1, "transfer bob");
    EXPECT_EQ(refusal(desk.writes("Alice", 1, "one more thing")),
              "Chat 1 is now with Bob. Your message was not delivered.");
}

TEST(Addresses, WritingToAWaitingChatOrOneThatNeverWasSaysSo) {
    Desk desk{addressed(Mode::queue, {agent("Alice")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    EXPECT_EQ(refusal(desk.writes("Alice", 1, "hello?")),
              "Chat 1 is not yours. Your message was not delivered.");
    EXPECT_EQ(refusal(desk.writes("Alice", 7, "hello?")),
              "There is no chat 7. Your message was not delivered.");
}

TEST(Addresses, EveryRefusalCarriesAText) {
    auto s = addressed(Mode::queue, {agent("Alice")});
    s.max_message = 10;
    Desk desk{s};
    desk.online("Alice");
    EXPECT_EQ(refusal(desk.visitor_writes("v1", "this is far too long")),
              "The message is too long (at most 10 bytes). It was not delivered.");
    EXPECT_EQ(refusal(desk.wg.handle(
                  AgentCommand{"mallory@evil.example", parse_command("next"), {}}, desk.now)),
              "Only the workgroup's agents can do that.");
    EXPECT_EQ(refusal(desk.writes("mallory@evil.example", 1, "hi")),
              "Only the workgroup's agents can do that.");
}

TEST(Addresses, TransferToOneselfSaysTheChatIsAlreadyYours) {
    Desk desk{addressed(Mode::queue, {agent("Alice")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.types("Alice", "next");
    const auto fx = desk.writes("Alice", 1, "transfer alice");
    EXPECT_EQ(Desk::reply_kind(fx), ReplyKind::already_yours);
    EXPECT_EQ(Desk::reply(fx), "Chat 1 is already yours.");
    EXPECT_EQ(all<Reply>(fx).at(0).conversation, 1u);
    EXPECT_EQ(desk.holder("v1"), "Alice");
}

TEST(Addresses, HelpSaysWhichCommandsWorkInsideAConversation) {
    Desk desk{addressed(Mode::queue, {agent("Alice")})};
    const std::string help = Desk::reply(desk.types("Alice", "help"));
    const auto inside = help.find("Inside a conversation:");
    ASSERT_NE(inside, std::string::npos) << help;
    EXPECT_NE(help.find("close (end it)", inside), std::string::npos) << help;
    EXPECT_NE(help.find("transfer AGENT", inside), std::string::npos) << help;
    EXPECT_LT(help.find("close ID"), inside) << "close ID is typed to the workgroup";
}

}  // namespace
}  // namespace routing::testing
