// Conversations held in rooms, in-process: the XEP-0045 stanzas Rooms sends, in order —
// create, configure, members and invitations, the visitor's occupant, lines held until it
// is in, removal and destruction, an XMPP visitor invited, the rooms joined again after a
// lost connection, and their names (component/rooms.hpp).

#include "component/rooms.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "xmpp/context.hpp"
#include "xmpp/stanza.hpp"

namespace component {
namespace {

using xmpp::Stanza;

const std::string kRoom = "support-7.desk.example.com@conference.example.com";
const std::string kOwner = "support.7@desk.example.com/desk";
const std::string kVoice = "support.7@desk.example.com/visitor";

class RoomsTest : public ::testing::Test {
  protected:
    Stanza in(const std::string& xml) { return xmpp::parse(ctx_, xml); }
    /// The next stanza sent; fails when there is none.
    Stanza next() {
        if (sent_.empty()) {
            ADD_FAILURE() << "nothing more was sent";
            return {};
        }
        Stanza s = sent_.front();
        sent_.erase(sent_.begin());
        return s;
    }
    /// The room's self-presence (status 110) to one of our occupants.
    void self_presence(const std::string& to, const std::string& nick) {
        rooms_.on_stanza(in("<presence from='" + kRoom + "/" + nick + "' to='" + to +
                            "'><x xmlns='http://jabber.org/protocol/muc#user'><item "
                            "affiliation='owner' role='moderator'/><status code='110'/><status "
                            "code='201'/></x></presence>"),
                         7);
    }
    /// Creates the room for alice and walks it to ready, checking each step.
    void open_ready() {
        rooms_.open_for(7, "alice@example.com", "Carl", "Carl (chat 7)");
        Stanza join = next();
        EXPECT_EQ(join.name(), "presence");
        EXPECT_EQ(join.from(), kOwner);
        EXPECT_EQ(join.to(), kRoom + "/support");
        EXPECT_TRUE(join.child("x", "http://jabber.org/protocol/muc"));
        EXPECT_TRUE(sent_.empty()) << "nothing before the room exists";

        self_presence(kOwner, "support");
        Stanza form = next();
        EXPECT_EQ(form.name(), "iq");
        EXPECT_EQ(form.type(), "set");
        EXPECT_EQ(form.to(), kRoom);
        const std::string xml = form.to_string();
        EXPECT_NE(xml.find("muc#roomconfig_membersonly"), std::string::npos) << xml;
        EXPECT_NE(xml.find("muc#roomconfig_publicroom"), std::string::npos) << xml;

        rooms_.on_stanza(in("<iq type='result' from='" + kRoom + "' to='" + kOwner + "' id='" +
                            std::string(form.id()) + "'/>"),
                         7);
        // One affiliation per request (Prosody 0.12 applies only the first item).
        for (const char* who : {"lead@example.com", "alice@example.com"}) {
            Stanza member = next();
            EXPECT_EQ(member.name(), "iq");
            Stanza item =
                member.child("query", "http://jabber.org/protocol/muc#admin").child("item");
            EXPECT_EQ(item.attr("jid"), who);
            EXPECT_EQ(item.attr("affiliation"), "member");
            EXPECT_EQ(
                member.child("query", "http://jabber.org/protocol/muc#admin").children().size(),
                1u);
        }
        for (const char* who : {"alice@example.com", "lead@example.com"}) {
            Stanza invite = next();
            EXPECT_EQ(invite.name(), "message");
            EXPECT_EQ(invite.to(), kRoom);
            EXPECT_EQ(
                invite.child("x", "http://jabber.org/protocol/muc#user").child("invite").attr("to"),
                who);
        }
        Stanza voice = next();
        EXPECT_EQ(voice.name(), "presence");
        EXPECT_EQ(voice.from(), kVoice);
        EXPECT_EQ(voice.to(), kRoom + "/Carl");
    }

    xmpp::Context ctx_;
    std::vector<Stanza> sent_;
    Rooms rooms_{ctx_,
                 "support",
                 "conference.example.com",
                 {"lead@example.com"},
                 [](routing::ConversationId id) {
                     return "support." + std::to_string(id) + "@desk.example.com";
                 },
                 [this](const Stanza& s) { sent_.push_back(s); }};
};

TEST_F(RoomsTest, LinesWaitForTheVisitorsOccupantThenGoInOrder) {
    rooms_.open_for(7, "alice@example.com", "Carl", "Carl (chat 7)");
    next();
    rooms_.post_as_visitor(7, "first");
    rooms_.post_as_desk(7, "Alice has joined the chat.");
    EXPECT_TRUE(sent_.empty()) << "the room is not ready: nothing is posted yet";
    self_presence(kOwner, "support");
    Stanza form = next();
    rooms_.on_stanza(in("<iq type='result' from='" + kRoom + "' to='" + kOwner + "' id='" +
                        std::string(form.id()) + "'/>"),
                     7);
    sent_.clear();  // members, invitations, the visitor's join: checked in the next test
    self_presence(kVoice, "Carl");
    Stanza line = next();
    EXPECT_EQ(line.type(), "groupchat");
    EXPECT_EQ(line.from(), kVoice);
    EXPECT_EQ(line.child("body").text(), "first");
    Stanza notice = next();
    EXPECT_EQ(notice.from(), kOwner);
    EXPECT_EQ(notice.child("body").text(), "Alice has joined the chat.");
    EXPECT_TRUE(sent_.empty());
}

TEST_F(RoomsTest, CreatedConfiguredMembersInvitedThenTalkAndDestroy) {
    open_ready();
    self_presence(kVoice, "Carl");
    EXPECT_TRUE(sent_.empty());

    // Alice joins: her line is heard from her real JID; our own echoes are not.
    auto heard = rooms_.on_stanza(
        in("<presence from='" + kRoom + "/Alice' to='" + kOwner +
           "'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' "
           "role='participant' jid='alice@example.com/laptop'/></x></presence>"),
        7);
    EXPECT_EQ(heard.kind, Rooms::Heard::Kind::joined);
    EXPECT_EQ(heard.who, "alice@example.com");
    heard = rooms_.on_stanza(in("<message type='groupchat' from='" + kRoom + "/Alice' to='" +
                                kOwner + "'><body>Hello</body></message>"),
                             7);
    EXPECT_EQ(heard.kind, Rooms::Heard::Kind::line);
    EXPECT_EQ(heard.who, "alice@example.com");
    EXPECT_EQ(heard.text, "Hello");
    // The copy to the visitor's occupant, our own echo, and history are not heard again.
    for (const std::string& xml :
         {"<message type='groupchat' from='" + kRoom + "/Alice' to='" + kVoice +
              "'><body>Hello</body></message>",
          "<message type='groupchat' from='" + kRoom + "/Carl' to='" + kOwner +
              "'><body>first</body></message>",
          "<message type='groupchat' from='" + kRoom + "/Alice' to='" + kOwner +
              "'><body>old</body><delay xmlns='urn:xmpp:delay' stamp='2026-01-01T00:00:00Z'/>"
              "</message>"}) {
        EXPECT_EQ(rooms_.on_stanza(in(xml), 7).kind, Rooms::Heard::Kind::nothing) << xml;
    }

    // Transfer to Bob: Alice loses her membership, Bob gains one and is invited.
    rooms_.open_for(7, "bob@example.com", "Carl", "Carl (chat 7)");
    Stanza none = next();
    EXPECT_EQ(none.child("query", "http://jabber.org/protocol/muc#admin")
                  .child("item")
                  .attr("affiliation"),
              "none");
    Stanza member = next();
    EXPECT_EQ(
        member.child("query", "http://jabber.org/protocol/muc#admin").child("item").attr("jid"),
        "bob@example.com");
    EXPECT_EQ(next().child("x", "http://jabber.org/protocol/muc#user").child("invite").attr("to"),
              "bob@example.com");

    rooms_.destroy(7, "Chat 7 was closed.");
    Stanza destroy = next();
    EXPECT_EQ(destroy.name(), "iq");
    EXPECT_TRUE(destroy.child("query", "http://jabber.org/protocol/muc#owner").child("destroy"));
    EXPECT_FALSE(rooms_.has(7));
    EXPECT_TRUE(sent_.empty());
}

TEST_F(RoomsTest, ARolledBackTurnForgetsTheRoomsNotSetUp) {
    rooms_.open_for(7, "alice@example.com", "Carl", "Carl (chat 7)");
    rooms_.forget_unready();
    EXPECT_FALSE(rooms_.has(7)) << "its join may never have been sent";
    sent_.clear();
    open_ready();
    self_presence(kVoice, "Carl");
    rooms_.forget_unready();
    EXPECT_TRUE(rooms_.has(7)) << "a room set up in an earlier turn stays";
}

TEST_F(RoomsTest, TheRoomIsNamedAfterTheComponentsDomainTooSoTwoDeskDomainsNeverShareOne) {
    std::vector<Stanza> other_sent;
    Rooms other{ctx_,
                "support",
                "conference.example.com",
                {},
                [](routing::ConversationId id) {
                    return "support." + std::to_string(id) + "@help.example.org";
                },
                [&](const Stanza& s) { other_sent.push_back(s); }};
    EXPECT_EQ(rooms_.room_jid(7), kRoom);
    EXPECT_EQ(other.room_jid(7), "support-7.help.example.org@conference.example.com");
    EXPECT_EQ(rooms_.name_of(7), "") << "no room yet: nothing to keep";
    rooms_.open_for(7, "alice@example.com", "Carl", "Carl (chat 7)");
    EXPECT_EQ(next().to(), kRoom + "/support");
    EXPECT_EQ(rooms_.name_of(7), "support-7.desk.example.com") << "kept with the chat";

    // A chat from before the domain was in the name keeps the room it has.
    other.known_as(8, "support-8");
    EXPECT_EQ(other.room_jid(8), "support-8@conference.example.com");
    other.open_for(8, "alice@example.com", "Dora", "Dora (chat 8)");
    ASSERT_EQ(other_sent.size(), 1u);
    EXPECT_EQ(other_sent[0].to(), "support-8@conference.example.com/support");
    EXPECT_EQ(other.name_of(8), "support-8");
}

TEST_F(RoomsTest, AnXmppVisitorIsAMemberInvitedToTheirAddressAndNeverRemoved) {
    rooms_.open_for(7, "alice@example.com", "Carl (chat)", "Carl (chat 7)");
    rooms_.invite_visitor(7, "carl@example.org", "carl@example.org/phone", "Join us");
    EXPECT_EQ(next().name(), "presence");
    EXPECT_TRUE(sent_.empty()) << "the invitation waits for the room";
    self_presence(kOwner, "support");
    Stanza form = next();
    rooms_.on_stanza(in("<iq type='result' from='" + kRoom + "' to='" + kOwner + "' id='" +
                        std::string(form.id()) + "'/>"),
                     7);
    std::vector<std::string> members;
    std::vector<std::string> invited;
    for (Stanza s = next(); s.name() != "presence"; s = next()) {
        if (Stanza item = s.child("query", "http://jabber.org/protocol/muc#admin").child("item")) {
            members.push_back(std::string(item.attr("jid")) + " " +
                              std::string(item.attr("affiliation")));
        } else {
            invited.push_back(std::string(
                s.child("x", "http://jabber.org/protocol/muc#user").child("invite").attr("to")));
        }
    }
    EXPECT_EQ(members,
              (std::vector<std::string>{"lead@example.com member", "alice@example.com member",
                                        "carl@example.org member"}));
    EXPECT_EQ(invited, (std::vector<std::string>{"alice@example.com", "lead@example.com",
                                                 "carl@example.org/phone"}));
    self_presence(kVoice, "Carl (chat)");
    EXPECT_FALSE(rooms_.visitor_inside(7));

    // Carl joins as Carl (the visitor's occupant is "Carl (chat)": no conflict), and talks.
    auto heard = rooms_.on_stanza(
        in("<presence from='" + kRoom + "/Carl' to='" + kOwner +
           "'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' "
           "role='participant' jid='carl@example.org/phone'/></x></presence>"),
        7);
    EXPECT_EQ(heard.kind, Rooms::Heard::Kind::joined);
    EXPECT_EQ(heard.who, "carl@example.org");
    EXPECT_TRUE(rooms_.visitor_inside(7));
    heard = rooms_.on_stanza(in("<message type='groupchat' from='" + kRoom + "/Carl' to='" +
                                kOwner + "'><body>Hi</body></message>"),
                             7);
    EXPECT_EQ(heard.kind, Rooms::Heard::Kind::line);
    EXPECT_EQ(heard.who, "carl@example.org");

    // A transfer takes Alice's membership away, not Carl's; he is not invited again.
    rooms_.open_for(7, "bob@example.com", "Carl (chat)", "Carl (chat 7)");
    EXPECT_EQ(
        next().child("query", "http://jabber.org/protocol/muc#admin").child("item").attr("jid"),
        "alice@example.com");
    next();  // Bob a member
    next();  // and invited
    EXPECT_TRUE(sent_.empty());

    heard =
        rooms_.on_stanza(in("<presence type='unavailable' from='" + kRoom + "/Carl' to='" + kOwner +
                            "'><x xmlns='http://jabber.org/protocol/muc#user'><item "
                            "affiliation='member' role='none'/></x></presence>"),
                         7);
    EXPECT_EQ(heard.kind, Rooms::Heard::Kind::left);
    EXPECT_FALSE(rooms_.visitor_inside(7));
}

TEST_F(RoomsTest, AfterALostConnectionEveryRoomIsJoinedAndSetUpAgain) {
    open_ready();
    self_presence(kVoice, "Carl");
    rooms_.on_stanza(in("<presence from='" + kRoom + "/Alice' to='" + kOwner +
                        "'><x xmlns='http://jabber.org/protocol/muc#user'><item "
                        "affiliation='member' role='participant' jid='alice@example.com/laptop'/>"
                        "</x></presence>"),
                     7);
    EXPECT_TRUE(sent_.empty());

    rooms_.rejoin();
    Stanza join = next();
    EXPECT_EQ(join.from(), kOwner);
    EXPECT_EQ(join.to(), kRoom + "/support");
    rooms_.post_as_visitor(7, "written meanwhile");
    EXPECT_TRUE(sent_.empty()) << "held until the visitor's occupant is back in";

    // The room, still there with Alice in it, shows her first; then we are in.
    rooms_.on_stanza(in("<presence from='" + kRoom + "/Alice' to='" + kOwner +
                        "'><x xmlns='http://jabber.org/protocol/muc#user'><item "
                        "affiliation='member' role='participant' jid='alice@example.com/laptop'/>"
                        "</x></presence>"),
                     7);
    self_presence(kOwner, "support");
    Stanza form = next();
    EXPECT_EQ(form.name(), "iq");
    rooms_.on_stanza(in("<iq type='result' from='" + kRoom + "' to='" + kOwner + "' id='" +
                        std::string(form.id()) + "'/>"),
                     7);
    next();  // lead a member again
    next();  // alice a member again
    EXPECT_EQ(next().child("x", "http://jabber.org/protocol/muc#user").child("invite").attr("to"),
              "lead@example.com")
        << "Alice is in the room: no new invitation for her";
    Stanza voice = next();
    EXPECT_EQ(voice.from(), kVoice);
    EXPECT_EQ(voice.to(), kRoom + "/Carl");
    self_presence(kVoice, "Carl");
    Stanza line = next();
    EXPECT_EQ(line.child("body").text(), "written meanwhile");
    EXPECT_TRUE(sent_.empty());
}

}  // namespace
}  // namespace component
