#include "component/directory.hpp"

#include <gtest/gtest.h>

#include "routing/texts.hpp"
#include "xmpp/jid.hpp"

namespace component {
namespace {

Directory desk() {
    return Directory{"desk.example.com", {"support", "sales"}};
}

Address resolve(const char* jid) {
    return desk().resolve(*xmpp::Jid::parse(jid));
}

TEST(Directory, TheBareDomainIsTheComponentItself) {
    EXPECT_EQ(resolve("desk.example.com").kind, Address::Kind::domain);
}

TEST(Directory, AWorkgroupJidNamesItsWorkgroup) {
    const Address a = resolve("Support@desk.example.com/anything");
    EXPECT_EQ(a.kind, Address::Kind::workgroup);
    EXPECT_EQ(a.workgroup, "support");
}

TEST(Directory, AConversationJidIsWorkgroupDotId) {
    const Address a = resolve("sales.42@desk.example.com");
    EXPECT_EQ(a.kind, Address::Kind::conversation);
    EXPECT_EQ(a.workgroup, "sales");
    EXPECT_EQ(a.conversation, 42u);
    EXPECT_EQ(desk().conversation_jid("sales", 42), "sales.42@desk.example.com");
}

TEST(Directory, TheFullFormOfAConversationJidIsTheSameConversation) {
    EXPECT_EQ(desk().conversation_full_jid("sales", 42), "sales.42@desk.example.com/visitor");
    const Address a = resolve("sales.42@desk.example.com/visitor");
    EXPECT_EQ(a.kind, Address::Kind::conversation);
    EXPECT_EQ(a.conversation, 42u);
    // What the notices name is the same address.
    EXPECT_EQ(routing::texts::conversation_address(desk().conversation_address("sales"), 42),
              desk().conversation_jid("sales", 42));
}

TEST(Directory, EverythingElseIsUnknown) {
    for (const char* jid :
         {"nobody@desk.example.com", "support@other.example.com", "support.@desk.example.com",
          "support.0@desk.example.com", "support.042@desk.example.com",
          "support.4x@desk.example.com", "billing.4@desk.example.com",
          "support.99999999999999999999@desk.example.com"}) {
        EXPECT_EQ(resolve(jid).kind, Address::Kind::unknown) << jid;
    }
}

}  // namespace
}  // namespace component
