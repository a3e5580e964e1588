#pragma once
// One workgroup on the wire: turns the stanzas addressed to a workgroup JID or to one of
// its conversation JIDs into routing events, and the routing effects into stanzas.
// Also publishes the workgroup's availability presence and tracks its agents' presence.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "component/adhoc.hpp"
#include "component/availability_publisher.hpp"
#include "component/directory.hpp"
#include "component/metrics.hpp"
#include "component/presence_to_agents.hpp"
#include "component/rooms.hpp"
#include "component/state_codec.hpp"
#include "component/store.hpp"
#include "component/visitor_watch.hpp"
#include "component/workgroup_record.hpp"
#include "routing/workgroup.hpp"
#include "xmpp/stanza.hpp"

namespace xmpp {
class Context;
struct Jid;
}  // namespace xmpp

namespace component {

/// A workgroup JID and its conversations, bridged to a `routing::Workgroup`.
class Desk {
  public:
    using Send = std::function<void(const xmpp::Stanza&)>;

    /// The most text one message to an agent carries: a longer answer goes out as several
    /// messages. Escaped for XML it is at most 6 times as long (`"` is `&quot;`), still
    /// well below what the transport sends at most (xmpp::ComponentConnection::
    /// kMaxStanzaBytes), and small enough for any client to show at once.
    static constexpr std::size_t kMaxAgentText = 16 * 1024;

    /// `store` may be null (nothing is persisted then).
    Desk(const xmpp::Context& ctx, const Directory& directory, routing::WorkgroupSettings settings,
         std::uint64_t seed, Send send, Store* store);

    /// Takes over what the store kept from the last run (conversations, queue order,
    /// agents, sticky memory, subscribers), then writes it back with today's agent ids.
    void restore(const routing::Now& now);
    /// True when a write of this turn failed: the turn must not be committed.
    bool write_failed() const { return record_.failed(); }
    /// What the failed write said.
    const std::string& write_error() const { return record_.error(); }
    /// After a turn whose state could not be committed: goes back to the last committed
    /// state (nothing of the turn was announced), and asks the agents for their presence
    /// again (what they sent this turn is gone with it). False when the store cannot even
    /// be read; the state in memory then stays.
    bool roll_back();

    /// The workgroup's localpart ("support").
    const std::string& name() const { return workgroup_->settings().name; }
    /// The workgroup's bare JID.
    const std::string& jid() const { return jid_; }

    /// After each (re)connection: ask agents for presence, push our presence again.
    void on_online(const routing::Now& now);
    /// A message to the workgroup JID (`conversation` empty) or to a conversation JID.
    void on_message(const xmpp::Stanza& message,
                    std::optional<routing::ConversationId> conversation, const routing::Now& now);
    /// An XEP-0050 command execution (iq set) to the workgroup JID.
    void on_adhoc(const xmpp::Stanza& iq, const routing::Now& now);
    /// disco#items of the commands node: the commands, for agents; none for others.
    void on_commands_items(const xmpp::Stanza& iq);
    /// A presence to the workgroup JID.
    void on_presence(const xmpp::Stanza& presence, const routing::Now& now);
    /// A presence to the component's bare domain from one of this workgroup's agents.
    void on_agent_presence(const xmpp::Stanza& presence, const routing::Now& now);
    /// A presence to conversation `id`'s JID (a probe, a bounce).
    void on_conversation_presence(const xmpp::Stanza& presence, routing::ConversationId id);
    /// Some other stanza from `full` to the workgroup JID (a widget's ping): a widget
    /// that sent directed presence is still there.
    void heard_from(const std::string& full, const routing::Now& now);
    /// A XEP-0410 self-ping to `room/nick` (the workgroup JID with a resource): answered
    /// `not-acceptable` unless the sender is in the room with that nickname.
    void on_room_ping(const xmpp::Stanza& iq);
    /// The answer (result or error) to an iq the workgroup JID sent: a visitor's ping.
    void on_iq_answer(const xmpp::Stanza& iq, const routing::Now& now);
    /// Fires the routing timers that are due, and forgets widgets silent for too long.
    void tick(const routing::Now& now);
    /// Sends the availability presence if it changed since the last push (coalesced: at
    /// most one push per `min_interval`).
    void flush_presence(std::chrono::steady_clock::time_point now,
                        std::chrono::milliseconds min_interval);

    /// Before a clean stop: tells the audience the workgroup is closed (offline text).
    void announce_closed();

    /// A reload: the workgroup goes on with `settings` (desk_reload.cpp).
    void reconfigure(routing::WorkgroupSettings settings, const routing::Now& now);
    /// The workgroup left the file: its open chats are closed (each visitor gets the
    /// offline text, each agent is told), and widgets are told it is closed. Were it added
    /// again, it starts with no open chat.
    void retire(const routing::Now& now);

    /// True when the visitor `bare` has an open chat here.
    bool has_conversation(const std::string& bare) const {
        return workgroup_->conversation_of(bare) != nullptr;
    }

    // desk_overflow.cpp: chats that move between workgroups (PRODUCT.md, "Overflow")
    /// Where this desk asks for an overflow (`routing::Overflow`): carried out by the
    /// service after the turn's event, as `adopt` there and `moved` here.
    using OverflowRequest = std::function<void(const std::string& from, routing::ConversationId,
                                               const std::string& to)>;
    void on_overflow(OverflowRequest request) { overflow_ = std::move(request); }
    /// True when the visitor `bare` has a chat here that overflowed from workgroup `via`
    /// (whose JID they write to).
    bool holds_overflowed(const std::string& bare, const std::string& via) const;
    /// Offers this workgroup the chat `id` of `from`, waiting there: true when it took it.
    /// A visitor who came by MUC stays where they are (their room is that workgroup's).
    bool adopt(const Desk& from, routing::ConversationId id, const routing::Now& now);
    /// The chat `id` went to workgroup `to`: it leaves here without a word to the visitor.
    void moved(routing::ConversationId id, const std::string& to, const routing::Now& now);
    /// A presence of the visitor `bare` from `full` that was addressed to another
    /// workgroup's JID (the one their overflowed chat came from): the chat hears of it.
    void visitor_presence(const std::string& bare, const std::string& full, bool online,
                          const routing::Now& now);

    /// Where this workgroup's figures go (null: nowhere). Counters follow the effects
    /// carried out; `update_metrics` sets the gauges from the state (desk_metrics.cpp).
    void set_metrics(WorkgroupMetrics* metrics) { metrics_ = metrics; }
    void update_metrics() const;

    /// True when `bare` is one of this workgroup's agents.
    bool is_agent(const std::string& bare) const {
        return workgroup_->find_agent(bare).has_value();
    }

    /// True when `from` is of this workgroup's MUC service (conversation = "muc"): a
    /// stanza from it to a conversation JID is from that conversation's room.
    bool holds_room(std::string_view from) const;
    /// A stanza from the room of conversation `id` (component/rooms.hpp).
    void on_room_stanza(const xmpp::Stanza& stanza, routing::ConversationId id,
                        const routing::Now& now);

  private:
    /// Counts a routed, missed or abandoned chat and the wait of a routed one.
    void count(const routing::Effect& effect) const;

    // desk_rooms.cpp: conversations held in rooms
    /// The rooms, for a workgroup with conversation = "muc"; else null.
    std::unique_ptr<Rooms> make_rooms();
    /// Carries out `effect` in the conversation's room where it has one; false when the
    /// ordinary rendering (or the rest of it) still applies.
    bool carry_out_in_room(const routing::Effect& effect, const xmpp::Stanza* cause);
    /// Sends back to the queue the chats whose agent stayed out of the room for
    /// `offline_grace`.
    void agents_out_of_rooms(const routing::Now& now);
    /// After a reload: rooms for new chats follow the new settings.
    void reconfigure_rooms();
    /// After a (re)connection: the rooms known (a lost connection) and those of the chats
    /// with an agent and no room known (a restart) are joined again, as owner; a room gone
    /// meanwhile is made anew.
    void rooms_again();
    /// True when the visitor `bare` chats from an XMPP client of their own: they wrote one to
    /// one and no message of theirs carried the widget's `<visitor/>` element. Invited into
    /// the conversation's room; until they are in it, relayed as a widget visitor is.
    bool xmpp_visitor(const std::string& bare) const;
    /// The nickname under which the visitor's lines written to the workgroup JID appear in
    /// the room: their name, marked for an XMPP visitor, whose own nick in the room it must
    /// not take.
    std::string relay_nick(const std::string& bare, const std::string& name) const;
    /// Invites the visitor `bare` of conversation `id` into its room, if an XMPP visitor.
    void invite_visitor_into(routing::ConversationId id, const std::string& bare);

    // desk_store.cpp
    /// Writes what the desk knows of conversation `id` beyond the core's state (its
    /// visitor's address, its room) when it changed since last written.
    void keep_addresses(routing::ConversationId id);
    /// The same for the open conversation of the visitor `bare`, if any.
    void keep_addresses(const std::string& bare);
    /// After a restore or a roll-back: `stored` is what is written.
    void take_addresses(const std::map<routing::ConversationId, ChatAddresses>& stored);

    // desk.cpp: stanzas in
    void visitor_message(const xmpp::Stanza& message, const std::string& bare,
                         const routing::Now& now);
    void agent_message(const xmpp::Stanza& message, const std::string& bare,
                       std::optional<routing::ConversationId> conversation,
                       const routing::Now& now);
    void relay_chat_state(const xmpp::Stanza& message, const std::string& bare,
                          std::optional<routing::ConversationId> conversation,
                          const routing::Now& now);
    void handle(const routing::Event& event, const routing::Now& now, const xmpp::Stanza* cause);
    /// Pushes no more presence to the widget at `full` (logged with `why`).
    void forget_widget(const std::string& full, std::string_view why);

    // desk_effects.cpp: effects out
    void carry_out(const routing::Effect& effect, const xmpp::Stanza* cause);
    /// `text` from the workgroup JID (or `from`) to the agent, in messages of at most
    /// kMaxAgentText bytes each (a long answer is split at line breaks).
    void to_agent(routing::AgentId agent, const std::string& text,
                  const std::string* from = nullptr);
    /// A chat message (empty `body`: no body) from conversation `id`'s full JID to `agent`,
    /// with the visitor's name and the chat id as nickname (XEP-0172).
    xmpp::Stanza message_to_agent(routing::ConversationId id, routing::AgentId agent,
                                  std::string_view body) const;
    /// A chat message (empty `text`: no body) to the visitor's last address, from the
    /// workgroup JID; with `from_agent_of`, it names that conversation's agent (XEP-0172).
    /// To a visitor who came by MUC: groupchat from the room (from `room/AGENT` when
    /// `agent_speaks`), or nothing (an empty stanza) once they left the room.
    /// The JID the visitor `bare` writes to: this workgroup's, or the one their chat
    /// overflowed from.
    std::string visitor_facing_jid(const std::string& bare) const;
    xmpp::Stanza message_to_visitor(
        const std::string& visitor, const std::string& text,
        std::optional<routing::ConversationId> from_agent_of = std::nullopt,
        bool agent_speaks = false, std::string_view via = {});
    void log_decision(const routing::Effect& effect) const;
    std::string_view why_waiting() const;

    // desk_adhoc.cpp
    /// What the ad-hoc form of `command` offers `agent`: the actual chats (and agents).
    AdhocChoices adhoc_choices(routing::AgentId agent, routing::CommandKind command) const;

    // desk_history.cpp
    /// Sends `agent` conversation `id` so far from its JID, each line with its original time
    /// (XEP-0203): with `from_transcript` (the chat was an agent's before), both sides from
    /// the transcript, bounded, saying what was left out; else, or when nothing is stored,
    /// `backlog` (what the visitor wrote while waiting).
    void send_history(routing::ConversationId id, routing::AgentId agent,
                      const std::string& visitor, const std::vector<routing::BacklogLine>& backlog,
                      bool from_transcript);

    // desk_visitors.cpp: visitors who vanish without a word (PRODUCT.md, "What the
    // agent's client shows")
    /// A message or presence the workgroup (or a conversation) sent came back as an error.
    void bounced(const xmpp::Stanza& error, std::optional<routing::ConversationId> conversation,
                 const routing::Now& now);
    /// The visitor `bare` was heard from `full`: still there, at that address.
    void visitor_heard(const std::string& bare, const std::string& full, const routing::Now& now);
    /// The visitor `bare` is gone (`why`, for the log): offline, as if they had said so.
    void visitor_gone(const std::string& bare, std::string_view why, const routing::Now& now);
    /// Pings the visitors silent for a while, and counts the unanswered pings as gone.
    void watch_visitors(const routing::Now& now);

    // desk_muc.cpp: visitors who arrive by MUC (component/muc_visitors.hpp)
    /// A presence to `room/nick` (the workgroup JID with a resource) from a visitor: a join,
    /// a presence update or leaving the room. False when it is none of these (no join, and
    /// not from the occupant): then it is ordinary directed presence to the workgroup.
    bool room_presence(const xmpp::Stanza& presence, const xmpp::Jid& from, const std::string& nick,
                       const routing::Now& now);
    /// A groupchat message to the workgroup JID: the visitor's chat, echoed to them.
    void room_message(const xmpp::Stanza& message, const routing::Now& now);
    /// True when the visitor `bare` is in the room now.
    bool in_room(const std::string& bare) const;
    /// Shows the visitor `bare` (if in the room) the agent who has their chat as the only
    /// other occupant: presence from `room/AGENT` when that changed. With `arrivals_only`,
    /// only when an agent has the chat (one who left it leaves after the line saying so).
    void show_in_room(const std::string& bare, bool arrivals_only = false);
    /// The room's occupant JID for `nick`: `support@desk.example.com/nick`.
    std::string occupant(std::string_view nick) const { return jid_ + "/" + std::string(nick); }
    /// The nickname of the desk itself in the room (the workgroup's name), from which the
    /// welcome, menu, queue and notices come: some clients (converse.js) show no line from
    /// a room's bare JID.
    const std::string& desk_nick() const { return name(); }

    // desk_presence.cpp: presence to agents
    /// After a restore or a roll-back: the workgroup's presence to widgets and agents, and
    /// the conversations', as the state says now.
    void present_again();
    /// The conversations `ids` (changed by an event) are shown to whoever has them now.
    void show_conversations(const std::vector<routing::ConversationId>& ids);
    /// True for an address whose presence from the workgroup comes from `to_agents_`:
    /// a workgroup's agent (subscribers are bare JIDs; agents never join the directed
    /// senders).
    bool gets_agent_presence(const std::string& address) const;

    const xmpp::Context& ctx_;
    const Directory& directory_;
    std::uint64_t seed_;
    std::unique_ptr<routing::Workgroup> workgroup_;
    std::string jid_;
    Send send_;
    WorkgroupRecord record_;
    AvailabilityPublisher publisher_;
    PresenceToAgents to_agents_;
    /// Who of the visitors with an open chat is pinged, and when.
    VisitorWatch watch_{workgroup_->settings().visitor_grace};
    /// Where a visitor is reached: the full JID they last wrote from, and for one who came
    /// by MUC, the room they see.
    struct VisitorAddress {
        std::string full;
        bool muc = false;         ///< came by MUC: lines go to them as the room's groupchat
        std::string nick;         ///< their nickname while in the room; empty once they left it
        std::string agent_shown;  ///< the agent's nickname they see in the room, or empty
        bool widget = false;      ///< a message carried the widget's <visitor/> element
    };
    /// Visitor id (bare JID) -> their address; kept while they have a chat or are in the room.
    std::unordered_map<std::string, VisitorAddress> visitor_address_;
    /// The echo of the groupchat message being handled: sent before the first line the
    /// message causes, or dropped when it is refused.
    std::optional<xmpp::Stanza> echo_;
    /// While an ad-hoc command runs: this agent's replies go into `captured_` (the
    /// command's note) instead of a chat message.
    std::optional<routing::AgentId> capture_for_;
    std::string captured_;
    /// While a message an agent wrote to a conversation JID is handled: that conversation,
    /// whose JID then sends the replies to the commands typed there.
    std::optional<routing::ConversationId> typed_in_;
    /// conversation = "muc": the conversations' rooms (declared last: built from the rest).
    std::unique_ptr<Rooms> rooms_ = make_rooms();
    /// Conversations whose agent left the room, and since when.
    std::map<routing::ConversationId, routing::Time> left_room_;
    /// The closing line of a chat held in a room, until the room is destroyed with it.
    std::map<routing::ConversationId, std::string> closing_line_;
    /// While a line or chat state said in a conversation's room is handled: it is in the
    /// room already, and its visitor, when inside, reads it there.
    bool from_room_ = false;
    /// The open conversations' addresses as last written (keep_addresses).
    std::map<routing::ConversationId, ChatAddresses> kept_;
    WorkgroupMetrics* metrics_ = nullptr;
    OverflowRequest overflow_;
};

}  // namespace component
