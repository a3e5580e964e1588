#include "xmpp/stanza.hpp"

#include <gtest/gtest.h>

#include "xmpp/context.hpp"

namespace xmpp {
namespace {

TEST(Stanza, ReadsNamesAttributesChildrenAndText) {
    Context ctx;
    Stanza s = parse(ctx,
                     "<message from='a@b/c' to='support@desk' type='chat' id='m1'>"
                     "<body>Hello &amp; welcome</body>"
                     "<active xmlns='http://jabber.org/protocol/chatstates'/></message>");
    ASSERT_TRUE(s);
    EXPECT_EQ(s.name(), "message");
    EXPECT_EQ(s.from(), "a@b/c");
    EXPECT_EQ(s.to(), "support@desk");
    EXPECT_EQ(s.type(), "chat");
    EXPECT_EQ(s.id(), "m1");
    EXPECT_EQ(s.child("body").text(), "Hello & welcome");
    EXPECT_TRUE(s.child_in("http://jabber.org/protocol/chatstates"));
    EXPECT_FALSE(s.child("body", "urn:other"));
    EXPECT_EQ(s.children().size(), 2u);
    EXPECT_FALSE(s.has_attr("xml:lang"));
    EXPECT_EQ(s.attr("missing"), "");
}

TEST(Stanza, MalformedXmlGivesAnEmptyHandle) {
    Context ctx;
    EXPECT_FALSE(parse(ctx, "<message><body>unclosed"));
    Stanza empty;
    EXPECT_EQ(empty.name(), "");
    EXPECT_FALSE(empty.child("x"));
    EXPECT_EQ(empty.to_string(), "");
}

TEST(Stanza, ChildOutlivesItsParent) {
    Context ctx;
    Stanza body;
    {
        Stanza s = parse(ctx, "<message><body>kept</body></message>");
        body = s.child("body");
    }
    EXPECT_EQ(body.text(), "kept");
}

TEST(Stanza, CopiesShareAndMovesTransfer) {
    Context ctx;
    Stanza a = element(ctx, "x");
    Stanza b = a;
    b.set_attr("k", "v");
    EXPECT_EQ(a.attr("k"), "v");
    Stanza c = std::move(a);
    EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move): the moved-from handle is empty
    EXPECT_EQ(c.attr("k"), "v");
}

TEST(Stanza, BuildsAndSerialisesEscapedText) {
    Context ctx;
    Stanza s = element(ctx, "message");
    s.set_attr("to", "a@b").add(text_element(ctx, "body", "1 < 2 & 3"));
    EXPECT_EQ(s.to_string(), "<message to=\"a@b\"><body>1 &lt; 2 &amp; 3</body></message>");
}

}  // namespace
}  // namespace xmpp

namespace xmpp {
namespace {

TEST(Stanza, WhatItWritesReadsBackTheSame) {
    Context ctx;
    const std::string tricky = "a \"quoted\" 'one' & <tag> \t tab\r\nline\n end ü 日本";
    Stanza s = element(ctx, "message");
    s.set_attr("to", "a@b/" + tricky).set_attr("id", "x&y");
    s.add(text_element(ctx, "body", tricky));
    Stanza empty = element(ctx, "active", "http://jabber.org/protocol/chatstates");
    s.add(empty);

    const std::string xml = s.to_string();
    EXPECT_NE(xml.find("<active xmlns=\"http://jabber.org/protocol/chatstates\"/>"),
              std::string::npos)
        << xml;
    const Stanza back = parse(ctx, xml);
    ASSERT_TRUE(back) << xml;
    EXPECT_EQ(back.name(), "message");
    EXPECT_EQ(back.attr("to"), "a@b/" + tricky);
    EXPECT_EQ(back.attr("id"), "x&y");
    EXPECT_EQ(back.child("body").text(), tricky);
    EXPECT_TRUE(back.child_in("http://jabber.org/protocol/chatstates"));
}

}  // namespace
}  // namespace xmpp
