// Skills a chat needs: from the visitor's language, keywords and the menu answer.

#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

AgentSettings skilled(AgentSettings a, std::vector<std::string> skills) {
    a.skills = std::move(skills);
    return a;
}

WorkgroupSettings desk_with_rules() {
    auto s =
        workgroup(Mode::round_robin, {agent("Alice"), skilled(agent("Bruno"), {"de", "refund"})});
    s.rules.push_back(SkillRule{"de", "", "de"});
    s.rules.push_back(SkillRule{"", "refund", "refund"});
    return s;
}

TEST(Skills, GermanVisitorGoesToTheAgentWhoSpeaksGerman) {
    Desk desk{desk_with_rules()};
    desk.online("Alice");
    desk.online("Bruno");
    desk.visitor_writes("v0", "hello");  // Alice, the rotation would give Bruno next ...
    desk.visitor_writes("v1", "hello");  // ... Bruno
    // ... and Alice next, but the chat needs German.
    EXPECT_EQ(desk.assigned(desk.visitor_writes("v2", "Hallo", "de-AT")),
              std::vector<std::string>{"Bruno"});
    EXPECT_EQ(desk.wg.conversation_of("v2")->skills, std::vector<std::string>{"de"});
}

TEST(Skills, KeywordMatchesAsAWordInAnyCase) {
    Desk desk{desk_with_rules()};
    desk.online("Alice");
    desk.online("Bruno");
    desk.visitor_writes("v0", "hello");  // Alice
    desk.visitor_writes("v1", "hello");  // Bruno
    EXPECT_EQ(desk.assigned(desk.visitor_writes("v2", "I want a REFUND, now!")),
              std::vector<std::string>{"Bruno"});
    // "refunded" is another word: no skill needed, the rotation decides.
    EXPECT_EQ(desk.wg.conversation_of("v2")->skills, std::vector<std::string>{"refund"});
    desk.visitor_writes("v3", "it was refunded already");
    EXPECT_TRUE(desk.wg.conversation_of("v3")->skills.empty());
}

TEST(Skills, ChatNeedingASkillNobodyOnlineHasWaits) {
    Desk desk{desk_with_rules()};
    desk.online("Alice");
    auto fx = desk.visitor_writes("v1", "Guten Tag", "de");
    EXPECT_TRUE(all<Assign>(fx).empty());
    EXPECT_EQ(desk.assigned(desk.online("Bruno")), std::vector<std::string>{"Bruno"});
}

WorkgroupSettings desk_with_menu() {
    auto s = workgroup(Mode::round_robin, {agent("Alice"), skilled(agent("Bruno"), {"change"})});
    s.menu = Menu{"What service do you need?",
                  {{"Refund", "refund"}, {"Change", "change"}, {"Order inquiry", ""}}};
    return s;
}

TEST(Skills, MenuIsAskedAfterTheWelcomeAndRoutingWaitsForTheAnswer) {
    Desk desk{desk_with_menu()};
    desk.online("Alice");
    desk.online("Bruno");
    auto fx = desk.visitor_writes("v1", "hi");
    EXPECT_EQ(Desk::told(fx, "v1"),
              (std::vector<std::string>{desk.wg.settings().welcome,
                                        "What service do you need? 1 Refund, 2 Change, "
                                        "3 Order inquiry"}));
    EXPECT_TRUE(all<Assign>(fx).empty());
}

TEST(Skills, MenuAnsweredByNumberRequiresTheOptionsSkill) {
    Desk desk{desk_with_menu()};
    desk.online("Alice");
    desk.online("Bruno");
    desk.visitor_writes("v1", "hi");
    EXPECT_EQ(desk.assigned(desk.visitor_writes("v1", " 2 ")), std::vector<std::string>{"Bruno"});
}

TEST(Skills, MenuAnsweredByLabelInAnyCase) {
    Desk desk{desk_with_menu()};
    desk.online("Alice");
    desk.online("Bruno");
    desk.visitor_writes("v1", "hi");
    desk.visitor_writes("v1", "cHaNgE");
    EXPECT_EQ(desk.wg.conversation_of("v1")->skills, std::vector<std::string>{"change"});
    EXPECT_EQ(desk.holder("v1"), "Bruno");
}

TEST(Skills, AnswerThatIsNoOptionRepeatsTheMenu) {
    Desk desk{desk_with_menu()};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    auto fx = desk.visitor_writes("v1", "7");
    EXPECT_TRUE(Desk::told(fx, VisitorNotice::menu));
    EXPECT_EQ(desk.wg.conversation_of("v1")->state, ConversationState::menu);
}

TEST(Skills, CatalogMatchesLanguagePrefixesOnlyAtTheDash) {
    auto s = desk_with_rules();
    SkillCatalog catalog(s);
    EXPECT_EQ(catalog.required("x", "DE").skills.size(), 1u);
    EXPECT_EQ(catalog.required("x", "de-CH").skills.size(), 1u);
    EXPECT_TRUE(catalog.required("x", "dev").skills.empty());
}

}  // namespace
}  // namespace routing::testing
