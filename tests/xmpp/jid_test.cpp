#include "xmpp/jid.hpp"

#include <gtest/gtest.h>

namespace xmpp {
namespace {

TEST(Jid, ParsesAFullJidIntoItsThreeParts) {
    auto jid = Jid::parse("Alice@Example.COM/Phone");
    ASSERT_TRUE(jid);
    EXPECT_EQ(jid->local, "alice");
    EXPECT_EQ(jid->domain, "example.com");
    EXPECT_EQ(jid->resource, "Phone");  // resources keep their case
    EXPECT_EQ(jid->bare(), "alice@example.com");
    EXPECT_EQ(jid->full(), "alice@example.com/Phone");
}

TEST(Jid, ADomainAloneIsAJid) {
    auto jid = Jid::parse("desk.example.com");
    ASSERT_TRUE(jid);
    EXPECT_TRUE(jid->local.empty());
    EXPECT_EQ(jid->bare(), "desk.example.com");
}

TEST(Jid, AResourceMayContainSlashesAndAts) {
    auto jid = Jid::parse("a@b/c/d@e");
    ASSERT_TRUE(jid);
    EXPECT_EQ(jid->resource, "c/d@e");
}

TEST(Jid, RejectsWhatIsNotAnAddress) {
    for (const char* bad :
         {"", "@example.com", "alice@", "alice@example.com/", "a b@example.com", "a@exa mple.com",
          "a@.example.com", "a@example..com", "a'b@example.com", "a@b@example.com"}) {
        EXPECT_FALSE(Jid::parse(bad)) << bad;
    }
}

TEST(Jid, RejectsOverlongParts) {
    EXPECT_FALSE(Jid::parse(std::string(1024, 'a') + "@example.com"));
    EXPECT_TRUE(Jid::parse(std::string(1023, 'a') + "@example.com"));
}

}  // namespace
}  // namespace xmpp
