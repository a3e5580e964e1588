#pragma once
// Conversations held in rooms (PRODUCT.md, "Group chat (MUC) on both sides", conversation =
// "muc"): one members-only, non-public room per conversation on the server's own MUC
// service (Prosody's `muc` component, ejabberd's `mod_muc`), created and owned by the
// component. The room of `support.42@desk.example.com` is
// `support-42.desk.example.com@conference.example.com`: the workgroup, the chat id and the
// component's domain, so that two Switchboard domains on one MUC service never share a room
// (chats open before the domain was part of the name keep their `support-42`, which the
// store kept with them). The component is in it twice, from the conversation's JID:
// - `support.42@desk.example.com/desk`, nick the workgroup's name: the owner, who
//   configures the room, sets affiliations, invites, posts the system lines and destroys it;
// - `support.42@desk.example.com/visitor`, nick the visitor's name: the visitor's voice
//   (a widget visitor's lines, and an XMPP visitor's written to the workgroup JID, are
//   posted by it).
// An XMPP visitor is made a member and invited as well; once in the room, what they say
// there is their chat (`Heard` from their real JID, as for an agent).
// This class speaks XEP-0045 only; which agent is invited and what is said is the desk's.
// Stanzas from rooms arrive here, apart from the visitors who join the workgroup JID itself
// as a room (component/muc_visitors.hpp).

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "routing/agent.hpp"
#include "xmpp/stanza.hpp"

namespace xmpp {
class Context;
}

namespace component {

/// The rooms of one workgroup's conversations.
class Rooms {
  public:
    using Send = std::function<void(const xmpp::Stanza&)>;

    /// `conversation_jid` gives a conversation's bare JID (`support.42@desk.example.com`).
    Rooms(const xmpp::Context& ctx, std::string workgroup, std::string service,
          std::vector<std::string> supervisors,
          std::function<std::string(routing::ConversationId)> conversation_jid, Send send);

    /// The MUC service the rooms are on.
    const std::string& service() const { return service_; }
    /// After a reload: these supervisors are made members of, and invited to, new rooms.
    void set_supervisors(std::vector<std::string> supervisors) {
        supervisors_ = std::move(supervisors);
    }
    /// True when `from` is an address of the MUC service (a room or an occupant of one).
    bool from_service(std::string_view from) const;
    /// The room of conversation `id`: the name it was given (`known_as`), else
    /// `support-42.desk.example.com@conference.example.com`.
    std::string room_jid(routing::ConversationId id) const;
    /// The localpart of the room of `id` once it has one (or was `known_as`), else empty:
    /// kept with the conversation, so that a restart finds the same room.
    std::string name_of(routing::ConversationId id) const;
    /// The room of `id` is called `localpart` (what the store kept for it).
    void known_as(routing::ConversationId id, std::string localpart);
    /// True while the room of `id` is open (being set up or ready).
    bool has(routing::ConversationId id) const { return rooms_.count(id) != 0; }

    /// Conversation `id` is `agent`'s (offered, taken or transferred): its room is created
    /// if there is none (the visitor's occupant joins with `visitor_nick`), `agent` and the
    /// supervisors made members and invited with `reason`, and every agent invited before
    /// removed (a transfer, an offer that moved on).
    void open_for(routing::ConversationId id, const std::string& agent,
                  const std::string& visitor_nick, const std::string& reason);
    /// The visitor of `id` uses an XMPP client of their own: `bare` is made a member and
    /// `full` invited with `reason` (at once, or once the room is set up, and again after a
    /// rejoin unless they are in). A transfer never removes them.
    void invite_visitor(routing::ConversationId id, const std::string& bare,
                        const std::string& full, const std::string& reason);
    /// True while the invited visitor is an occupant of the room of `id`: they read it there.
    bool visitor_inside(routing::ConversationId id) const;
    /// `agent` is no longer offered the chat: no longer a member (which removes them).
    void remove(routing::ConversationId id, const std::string& agent);
    /// Posts a line of the visitor's (empty: only `state`, an XEP-0085 chat state element).
    void post_as_visitor(routing::ConversationId id, std::string_view text,
                         const xmpp::Stanza& state = {});
    /// Posts a system line (the join line, the closing line) as the workgroup.
    void post_as_desk(routing::ConversationId id, std::string_view text);
    /// Destroys the room (muc#owner `<destroy/>`); occupants are told `reason`.
    void destroy(routing::ConversationId id, std::string_view reason);

    /// After the connection to the server came back: the server may have dropped our
    /// occupants meanwhile (and the rooms left empty): every room is joined and set up again
    /// as after a restart, the lines for it held until its visitor's occupant is back in.
    void rejoin();

    /// After a turn that was rolled back (its stanzas never sent): forgets the rooms not yet
    /// set up, whose join may be among them; their chats go on as chats.
    void forget_unready();

    /// What a stanza from a room meant for the desk.
    struct Heard {
        enum class Kind { nothing, line, chat_state, joined, left };
        Kind kind = Kind::nothing;
        std::string who;   ///< the occupant's real bare JID
        std::string text;  ///< line: the body
    };
    /// A stanza from the room of conversation `id` to one of our occupants.
    Heard on_stanza(const xmpp::Stanza& stanza, routing::ConversationId id);

  private:
    /// The id of the configuration request of conversation `id`'s room.
    static std::string config_id(routing::ConversationId id);

    struct Pending {
        bool as_visitor = false;
        bool destroy = false;
        std::string text;
        xmpp::Stanza state;
    };
    struct Room {
        bool configuring = false;  ///< the configuration form was sent
        bool ready = false;        ///< configured: members and invitations sent
        bool visitor_in = false;   ///< the visitor's occupant has joined
        std::string visitor_nick;
        std::string agent;                             ///< the agent whose chat it is now
        std::string reason;                            ///< the invitation's text for them
        std::vector<std::string> members;              ///< agents made members, not removed
        std::map<std::string, std::string> occupants;  ///< nick -> real bare JID
        std::vector<Pending> pending;                  ///< what waits for the visitor's occupant
        std::string guest;                             ///< an XMPP visitor invited: bare JID
        std::string guest_full;                        ///< the address invited
        std::string guest_reason;
        bool guest_member = false;  ///< the membership of `guest` was sent
    };

    std::string owner_jid(routing::ConversationId id) const;
    /// The owner's join (no history: a new room has none, an old one is not ours to repeat).
    void join_as_owner(routing::ConversationId id);
    /// The XMPP visitor's membership and invitation, once the room is ready.
    void invite_guest(routing::ConversationId id, Room& room);
    std::string visitor_jid(routing::ConversationId id) const;
    void configure(routing::ConversationId id);
    void when_ready(routing::ConversationId id, Room& room);
    /// Invites `to` (whose bare JID is `who`) unless `who` is in the room.
    void invite(routing::ConversationId id, Room& room, const std::string& who,
                const std::string& reason, const std::string& to = {});
    void affiliation(routing::ConversationId id, const std::string& who,
                     std::string_view affiliation);
    void flush(routing::ConversationId id, Room& room);
    void send_pending(routing::ConversationId id, const Pending& p);
    Heard on_presence(const xmpp::Stanza& presence, routing::ConversationId id, Room& room);

    const xmpp::Context& ctx_;
    std::string workgroup_;
    std::string service_;
    std::vector<std::string> supervisors_;
    std::function<std::string(routing::ConversationId)> conversation_jid_;
    Send send_;
    std::map<routing::ConversationId, Room> rooms_;
    /// The rooms' localparts, for the conversations that have (or had) one.
    std::map<routing::ConversationId, std::string> names_;
    unsigned next_iq_ = 0;
};

}  // namespace component
