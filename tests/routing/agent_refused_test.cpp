// An agent whose client refuses a chat's lines (a setting that hides strangers' messages)
// is told so, once per chat, with the address to allow.

#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

Effects refused(Desk& desk, const std::string& name, ConversationId id) {
    return desk.wg.handle(AgentRefused{desk.jid(name), id}, desk.now);
}

TEST(AgentRefused, TheAgentIsToldOncePerChatWhatHappenedAndWhereToLook) {
    auto settings = workgroup(Mode::queue, {agent("Alice"), agent("Bob")});
    settings.conversation_address = "support.{id}@desk.example.com";
    Desk desk{settings};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");
    desk.types("Alice", "next");

    auto notes = all<TellAgent>(refused(desk, "Alice", 1));
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0].agent, desk.id("Alice"));
    EXPECT_EQ(notes[0].conversation, 1u);
    EXPECT_EQ(notes[0].notice, AgentNotice::messages_refused);
    EXPECT_NE(notes[0].text.find("chat 1"), std::string::npos) << notes[0].text;
    EXPECT_NE(notes[0].text.find("support.1@desk.example.com"), std::string::npos);
    for (int i = 0; i < 50; ++i) {
        EXPECT_TRUE(refused(desk, "Alice", 1).empty()) << "no flood: every bounced line";
    }

    // Handed to Bob, whose client refuses it too: he is told, once.
    desk.writes("Alice", 1, "transfer Bob");
    ASSERT_EQ(all<TellAgent>(refused(desk, "Bob", 1)).size(), 1u);
    EXPECT_TRUE(refused(desk, "Bob", 1).empty());
}

TEST(AgentRefused, ABounceFromAnyoneButTheChatsAgentIsIgnored) {
    Desk desk{workgroup(Mode::queue, {agent("Alice"), agent("Bob")})};
    desk.online("Alice");
    desk.online("Bob");
    desk.visitor_writes("v1", "hi");
    EXPECT_TRUE(refused(desk, "Alice", 1).empty()) << "waiting: nobody's chat yet";
    desk.types("Alice", "next");
    EXPECT_TRUE(refused(desk, "Bob", 1).empty());
    EXPECT_TRUE(refused(desk, "mallory@example.com", 1).empty());
    EXPECT_TRUE(refused(desk, "Alice", 7).empty()) << "no such chat";
}

}  // namespace
}  // namespace routing::testing
