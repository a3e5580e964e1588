// Conversations held in rooms, through the Service: which visitor is invited into the room
// (an XMPP visitor is, a widget visitor is not), and where each line reaches an XMPP
// visitor: one to one until they are in the room, only in the room while they are, one to
// one again once they left it (component/desk_rooms.cpp).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "service_harness.hpp"
#include "xmpp/namespaces.hpp"

namespace component {
namespace {

using testing::ServiceHarness;
using xmpp::Stanza;

const char* kDesk = R"(
[workgroups.support]
mode = "queue"
conversation = "muc"
muc_service = "conference.example.com"
[[workgroups.support.agents]]
jid = "alice@example.com"
name = "Alice"
)";

const std::string kWorkgroup = "support@desk.example.com";
const std::string kRoom = "support-1.desk.example.com@conference.example.com";
const std::string kOwner = "support.1@desk.example.com/desk";
const std::string kVoice = "support.1@desk.example.com/visitor";
const std::string kCarl = "carl@example.org/phone";
const char* kMucUser = "http://jabber.org/protocol/muc#user";

std::vector<Stanza> to(const std::vector<Stanza>& sent, std::string_view address) {
    std::vector<Stanza> out;
    for (const auto& s : sent) {
        if (s.to() == address) {
            out.push_back(s);
        }
    }
    return out;
}

// The addresses invited in `sent` (mediated invitations).
std::vector<std::string> invited(const std::vector<Stanza>& sent) {
    std::vector<std::string> out;
    for (const auto& s : sent) {
        if (Stanza invite = s.child("x", kMucUser).child("invite")) {
            out.emplace_back(invite.attr("to"));
        }
    }
    return out;
}

std::string occupant_presence(const std::string& nick, const std::string& real,
                              const std::string& to, bool self = false,
                              const std::string& type = "") {
    return "<presence from='" + kRoom + "/" + nick + "' to='" + to + "'" +
           (type.empty() ? "" : " type='" + type + "'") + "><x xmlns='" + kMucUser +
           "'><item affiliation='member' role='participant'" +
           (real.empty() ? "" : " jid='" + real + "'") + "/>" +
           (self ? "<status code='110'/>" : "") + "</x></presence>";
}

std::string room_line(const std::string& nick, const std::string& body) {
    return "<message type='groupchat' from='" + kRoom + "/" + nick + "' to='" + kOwner +
           "'><body>" + body + "</body></message>";
}

class DeskRoomsTest : public ::testing::Test {
  protected:
    DeskRoomsTest() : desk_(kDesk) {
        desk_.deliver("<presence from='alice@example.com/pc' to='" + kWorkgroup + "'/>");
    }

    /// Carl writes (as the widget when `widget`), Alice pulls the chat, and the room is set
    /// up; returns what was sent from the configuration's answer on (members, invitations,
    /// the visitor's occupant joining).
    std::vector<Stanza> open(bool widget) {
        desk_.deliver(
            "<message type='chat' from='" + kCarl + "' to='" + kWorkgroup + "'><body>Hello</body>" +
            (widget ? "<visitor xmlns='urn:switchboard:visitor:0'/>" : "") + "</message>");
        auto pulled = desk_.deliver("<message type='chat' from='alice@example.com/pc' to='" +
                                    kWorkgroup + "'><body>next</body></message>");
        EXPECT_EQ(to(pulled, kRoom + "/support").size(), 1u) << "the owner creates the room";
        auto form = to(desk_.deliver(occupant_presence("support", "", kOwner, true)), kRoom);
        EXPECT_EQ(form.size(), 1u);
        auto ready = desk_.deliver("<iq type='result' from='" + kRoom + "' to='" + kOwner +
                                   "' id='" + std::string(form.at(0).id()) + "'/>");
        for (const auto& s : ready) {
            if (s.name() == "presence" && s.from() == kVoice) {
                voice_nick_ = std::string(s.to()).substr(kRoom.size() + 1);
            }
        }
        desk_.deliver(occupant_presence(voice_nick_, "", kVoice, true));
        desk_.deliver(occupant_presence("Alice", "alice@example.com/pc", kOwner));
        return ready;
    }

    ServiceHarness desk_;
    std::string voice_nick_;
};

TEST_F(DeskRoomsTest, AnXmppVisitorIsInvitedAndWhileInsideReadsTheRoomOnly) {
    const auto ready = open(false);
    EXPECT_EQ(invited(ready), (std::vector<std::string>{"alice@example.com", kCarl}));
    EXPECT_EQ(voice_nick_, "carl (chat)") << "not the nick Carl will pick";

    // Not in yet: Alice's line reaches him one to one.
    auto before = to(desk_.deliver(room_line("Alice", "Hi Carl")), kCarl);
    ASSERT_EQ(before.size(), 1u);
    EXPECT_EQ(before[0].child("body").text(), "Hi Carl");

    desk_.deliver(occupant_presence("carl", kCarl, kOwner));
    EXPECT_TRUE(to(desk_.deliver(room_line("Alice", "You are in")), kCarl).empty())
        << "he reads the room";
    // What he says in the room is his chat, and stays there (nothing posted for him again).
    auto said = desk_.deliver(room_line("carl", "Thanks"));
    for (const auto& s : said) {
        EXPECT_NE(s.from(), kVoice) << s.to_string();
        EXPECT_NE(s.to(), kCarl) << s.to_string();
    }
    // A line he writes to the workgroup JID meanwhile is still relayed into the room.
    auto relayed = to(desk_.deliver("<message type='chat' from='" + kCarl + "' to='" + kWorkgroup +
                                    "'><body>Also this</body></message>"),
                      kRoom);
    ASSERT_EQ(relayed.size(), 1u);
    EXPECT_EQ(relayed[0].from(), kVoice);

    // Out of the room: one to one again.
    desk_.deliver(occupant_presence("carl", kCarl, kOwner, false, "unavailable"));
    auto after = to(desk_.deliver(room_line("Alice", "Still there?")), kCarl);
    ASSERT_EQ(after.size(), 1u);
    EXPECT_EQ(after[0].child("body").text(), "Still there?");
}

TEST_F(DeskRoomsTest, AWidgetVisitorIsRelayedAndNeverInvited) {
    const auto ready = open(true);
    EXPECT_EQ(invited(ready), std::vector<std::string>{"alice@example.com"});
    EXPECT_EQ(voice_nick_, "carl");
    auto reply = to(desk_.deliver(room_line("Alice", "Hi Carl")), kCarl);
    ASSERT_EQ(reply.size(), 1u);
    EXPECT_EQ(reply[0].child("body").text(), "Hi Carl");
}

}  // namespace
}  // namespace component
