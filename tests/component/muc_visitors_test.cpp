// Visitors who arrive by MUC, in-process: the room's answers to joins, messages and
// leaving, and the agent shown as the only other occupant (component/desk_muc.cpp).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "component/muc_visitors.hpp"
#include "routing/settings.hpp"
#include "service_harness.hpp"
#include "xmpp/namespaces.hpp"

namespace component {
namespace {

using testing::ServiceHarness;
using xmpp::Stanza;

const char* kQueueDesk = R"(
[workgroups.support]
mode = "queue"
max_queue = 1
offline = "Closed for today."
not_available = "Too busy right now."
[[workgroups.support.agents]]
jid = "alice@example.com"
name = "Alice"
)";

const std::string kRoom = "support@desk.example.com";

std::string join(const std::string& from, const std::string& nick) {
    return "<presence from='" + from + "' to='" + kRoom + "/" + nick +
           "'><x xmlns='http://jabber.org/protocol/muc'/></presence>";
}

std::string say(const std::string& from, const std::string& body, const std::string& id) {
    return "<message type='groupchat' id='" + id + "' from='" + from + "' to='" + kRoom +
           "'><body>" + body + "</body></message>";
}

std::string condition(const Stanza& s) {
    for (const auto& c : s.child("error").children()) {
        if (c.ns() == xmpp::ns::kStanzas && c.name() != "text") {
            return std::string(c.name());
        }
    }
    return {};
}

bool status_110(const Stanza& presence) {
    for (const auto& c : presence.child("x", xmpp::ns::kMucUser).children()) {
        if (c.name() == "status" && c.attr("code") == "110") {
            return true;
        }
    }
    return false;
}

// What went to `to` only, in order.
std::vector<Stanza> to(const std::vector<Stanza>& sent, std::string_view to) {
    std::vector<Stanza> out;
    for (const auto& s : sent) {
        if (s.to() == to) {
            out.push_back(s);
        }
    }
    return out;
}

class MucVisitorsTest : public ::testing::Test {
  protected:
    MucVisitorsTest() : desk_(kQueueDesk) {
        desk_.deliver("<presence from='alice@example.com/pc' to='" + kRoom + "'/>");
    }
    ServiceHarness desk_;
};

TEST_F(MucVisitorsTest, AJoinIsAnsweredWithTheOwnPresenceThenTheSubject) {
    auto out = to(desk_.deliver(join("v@x.org/r", "Carl")), "v@x.org/r");
    ASSERT_EQ(out.size(), 3u);
    // The desk is the other occupant (its lines come from support@…/support).
    EXPECT_EQ(out[0].name(), "presence");
    EXPECT_EQ(out[0].from(), kRoom + "/support");
    EXPECT_FALSE(status_110(out[0]));
    EXPECT_EQ(out[1].name(), "presence");
    EXPECT_EQ(out[1].from(), kRoom + "/Carl");
    EXPECT_EQ(out[1].type(), "");
    EXPECT_TRUE(status_110(out[1])) << out[1].to_string();
    Stanza item = out[1].child("x", xmpp::ns::kMucUser).child("item");
    EXPECT_EQ(item.attr("affiliation"), "none");
    EXPECT_EQ(item.attr("role"), "participant");
    EXPECT_EQ(out[2].name(), "message");
    EXPECT_EQ(out[2].type(), "groupchat");
    EXPECT_EQ(out[2].from(), kRoom);
    EXPECT_TRUE(out[2].child("subject"));
}

TEST_F(MucVisitorsTest, LinesAreEchoedFirstThenTheRoomAnswersAndTheAgentAppears) {
    desk_.deliver(join("v@x.org/r", "Carl"));
    auto out = to(desk_.deliver(say("v@x.org/r", "My kettle leaks", "m1")), "v@x.org/r");
    ASSERT_GE(out.size(), 2u);
    EXPECT_EQ(out[0].from(), kRoom + "/Carl");
    EXPECT_EQ(out[0].id(), "m1");
    EXPECT_EQ(out[0].type(), "groupchat");
    EXPECT_EQ(out[0].child("body").text(), "My kettle leaks");
    for (std::size_t i = 1; i < out.size(); ++i) {
        EXPECT_EQ(out[i].from(), kRoom + "/support") << out[i].to_string();  // welcome, position
        EXPECT_EQ(out[i].type(), "groupchat");
    }

    // Alice pulls the chat: she enters the visitor's room before any line of hers.
    auto pulled = to(desk_.deliver("<message type='chat' from='alice@example.com/pc' to='" + kRoom +
                                   "'><body>next</body></message>"),
                     "v@x.org/r");
    ASSERT_GE(pulled.size(), 2u);
    EXPECT_EQ(pulled[0].name(), "presence");
    EXPECT_EQ(pulled[0].from(), kRoom + "/Alice");
    EXPECT_FALSE(status_110(pulled[0]));
    EXPECT_EQ(pulled[1].from(), kRoom + "/support");  // "Alice has joined the chat."

    auto reply = to(desk_.deliver("<message type='chat' from='alice@example.com/pc' "
                                  "to='support.1@desk.example.com'><body>Hello Carl</body>"
                                  "</message>"),
                    "v@x.org/r");
    ASSERT_EQ(reply.size(), 1u);
    EXPECT_EQ(reply[0].from(), kRoom + "/Alice");
    EXPECT_EQ(reply[0].type(), "groupchat");
    EXPECT_EQ(reply[0].child("body").text(), "Hello Carl");

    // Closed: the closing line, then Alice leaves the room; the visitor stays in it.
    auto closed = to(desk_.deliver("<message type='chat' from='alice@example.com/pc' "
                                   "to='support.1@desk.example.com'><body>close</body></message>"),
                     "v@x.org/r");
    ASSERT_EQ(closed.size(), 2u);
    EXPECT_EQ(closed[0].from(), kRoom + "/support");
    const Stanza& gone = closed.back();
    EXPECT_EQ(gone.name(), "presence");
    EXPECT_EQ(gone.from(), kRoom + "/Alice");
    EXPECT_EQ(gone.type(), "unavailable");
}

TEST_F(MucVisitorsTest, StrangersNicknamesInUseAndFullOrClosedRoomsAreRefused) {
    Stanza stranger = desk_.deliver(say("w@x.org/r", "hi", "s1")).front();
    EXPECT_EQ(stranger.type(), "error");
    EXPECT_EQ(condition(stranger), "not-acceptable");

    desk_.deliver(join("v@x.org/r", "Carl"));
    Stanza clash = desk_.deliver(join("w@x.org/r", "Carl")).front();
    EXPECT_EQ(clash.name(), "presence");
    EXPECT_EQ(clash.type(), "error");
    EXPECT_EQ(clash.from(), kRoom + "/Carl");
    EXPECT_EQ(condition(clash), "conflict");
    EXPECT_EQ(condition(desk_.deliver(join("w@x.org/r", "Alice")).front()), "conflict");
    EXPECT_EQ(condition(desk_.deliver(join("w@x.org/r", "support")).front()), "conflict");

    desk_.deliver(say("v@x.org/r", "first in the queue", "m1"));  // max_queue = 1: full now
    Stanza full = desk_.deliver(join("w@x.org/r", "Walt")).front();
    EXPECT_EQ(condition(full), "service-unavailable");
    EXPECT_EQ(full.child("error").child("text").text(), "Too busy right now.");

    desk_.deliver("<presence type='unavailable' from='alice@example.com/pc' to='" + kRoom + "'/>");
    Stanza closed = desk_.deliver(join("z@x.org/r", "Zed")).front();
    EXPECT_EQ(condition(closed), "not-allowed");
    EXPECT_EQ(closed.child("error").child("text").text(), "Closed for today.");
}

TEST_F(MucVisitorsTest, LeavingIsConfirmedAndThenTheVisitorIsNoOccupant) {
    desk_.deliver(join("v@x.org/r", "Carl"));
    auto out =
        desk_.deliver("<presence type='unavailable' from='v@x.org/r' to='" + kRoom + "/Carl'/>");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].type(), "unavailable");
    EXPECT_EQ(out[0].from(), kRoom + "/Carl");
    EXPECT_TRUE(status_110(out[0]));
    EXPECT_EQ(condition(desk_.deliver(say("v@x.org/r", "hi", "m2")).front()), "not-acceptable");
    // XEP-0410: the self-ping says so too.
    EXPECT_EQ(condition(desk_
                            .deliver("<iq type='get' id='p' from='v@x.org/r' to='" + kRoom +
                                     "/Carl'><ping xmlns='urn:xmpp:ping'/></iq>")
                            .front()),
              "not-acceptable");
}

TEST(MucTransfer, TheVisitorSeesTheOldAgentLeaveAndTheNewOneEnter) {
    ServiceHarness desk(R"(
[workgroups.support]
mode = "round_robin"
[[workgroups.support.agents]]
jid = "alice@example.com"
name = "Alice"
[[workgroups.support.agents]]
jid = "bob@example.com"
name = "Bob"
)");
    desk.deliver("<presence from='alice@example.com/pc' to='" + kRoom + "'/>");
    desk.deliver("<presence from='bob@example.com/pc' to='" + kRoom + "'/>");
    desk.deliver(join("v@x.org/r", "Carl"));
    auto offered = to(desk.deliver(say("v@x.org/r", "Hello", "m1")), "v@x.org/r");
    std::string first;  // round robin: whoever got the offer enters the room
    for (const auto& s : offered) {
        if (s.name() == "presence") {
            first = std::string(s.from());
        }
    }
    ASSERT_FALSE(first.empty());
    const bool alice_first = first == kRoom + "/Alice";
    const std::string from_agent = alice_first ? "alice@example.com/pc" : "bob@example.com/pc";
    const std::string other = alice_first ? "bob" : "alice";
    auto moved = to(desk.deliver("<message type='chat' from='" + from_agent +
                                 "' to='support.1@desk.example.com'><body>transfer " + other +
                                 "</body></message>"),
                    "v@x.org/r");
    std::vector<std::string> presences;
    for (const auto& s : moved) {
        if (s.name() == "presence") {
            presences.push_back(std::string(s.from()) + " " + std::string(s.type()));
        }
    }
    const std::string second = kRoom + (alice_first ? "/Bob" : "/Alice");
    EXPECT_EQ(presences, (std::vector<std::string>{first + " unavailable", second + " "}));
}

routing::AgentSettings agent(const std::string& jid, const std::string& name) {
    routing::AgentSettings a;
    a.jid = jid;
    a.name = name;
    return a;
}

TEST(MucNicks, AnAgentIsShownByNameOrByLocalpart) {
    EXPECT_EQ(muc::agent_nick(agent("alice@example.com", "Alice"), "support"), "Alice");
    EXPECT_EQ(muc::agent_nick(agent("alice@example.com", " "), "support"), "alice");
    EXPECT_EQ(muc::agent_nick(agent("bob@example.com", "Bob\nSmith"), "support"), "bob");
    EXPECT_EQ(muc::agent_nick(agent("sam@example.com", "support"), "support"), "sam");
    EXPECT_FALSE(muc::valid_nick(""));
    EXPECT_TRUE(muc::valid_nick("Carl Jr."));
}

}  // namespace
}  // namespace component
