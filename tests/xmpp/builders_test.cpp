#include "xmpp/builders.hpp"

#include <gtest/gtest.h>

#include "xmpp/context.hpp"
#include "xmpp/namespaces.hpp"

namespace xmpp {
namespace {

TEST(Builders, ResultSwapsAddressesAndKeepsTheId) {
    Context ctx;
    Stanza iq = parse(ctx, "<iq type='get' id='p1' from='c@l/r' to='desk.l'><ping/></iq>");
    Stanza r = iq_result(ctx, iq);
    EXPECT_EQ(r.name(), "iq");
    EXPECT_EQ(r.type(), "result");
    EXPECT_EQ(r.id(), "p1");
    EXPECT_EQ(r.to(), "c@l/r");
    EXPECT_EQ(r.from(), "desk.l");
    EXPECT_TRUE(r.children().empty());
}

TEST(Builders, ErrorReplyCarriesTypeConditionAndText) {
    Context ctx;
    Stanza m = parse(ctx, "<message type='chat' id='m9' from='v@anon/x' to='support@desk'/>");
    Stanza e = error_reply(ctx, m, ErrorType::modify, "not-acceptable", "Too long");
    EXPECT_EQ(e.name(), "message");
    EXPECT_EQ(e.type(), "error");
    EXPECT_EQ(e.id(), "m9");
    EXPECT_EQ(e.to(), "v@anon/x");
    EXPECT_EQ(e.from(), "support@desk");
    Stanza error = e.child("error");
    EXPECT_EQ(error.type(), "modify");
    EXPECT_TRUE(error.child("not-acceptable", ns::kStanzas));
    EXPECT_EQ(error.child("text", ns::kStanzas).text(), "Too long");
}

TEST(Builders, MessageAndPresence) {
    Context ctx;
    Stanza m = message(ctx, "support@desk", "v@anon/x", "chat", "Hi!");
    EXPECT_EQ(m.from(), "support@desk");
    EXPECT_EQ(m.to(), "v@anon/x");
    EXPECT_EQ(m.type(), "chat");
    EXPECT_EQ(m.child("body").text(), "Hi!");
    EXPECT_FALSE(message(ctx, "a", "b", "chat", "").child("body"));
    Stanza p = presence(ctx, "support@desk", "v@anon/x", "unavailable");
    EXPECT_EQ(p.type(), "unavailable");
    EXPECT_FALSE(presence(ctx, "a", "b").has_attr("type"));
}

}  // namespace
}  // namespace xmpp

namespace xmpp {
namespace {

TEST(Builders, DelayStampIsXep0082UtcWithMilliseconds) {
    Context ctx;
    const auto at =
        std::chrono::system_clock::time_point{} + std::chrono::milliseconds{1764081859123};
    EXPECT_EQ(datetime(at), "2025-11-25T14:44:19.123Z");
    Stanza d = delay(ctx, "support@desk", at);
    EXPECT_EQ(d.ns(), ns::kDelay);
    EXPECT_EQ(d.attr("stamp"), "2025-11-25T14:44:19.123Z");
    EXPECT_EQ(d.from(), "support@desk");
}

}  // namespace
}  // namespace xmpp
