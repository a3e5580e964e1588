#pragma once
// The routing core's single entry point: one `Workgroup` per configured workgroup. The
// component feeds it events with the current time and carries out the effects it returns.
//
//     routing::Workgroup support(settings, seed);
//     for (const routing::Effect& effect : support.handle(routing::VisitorMessage{...}, now))
//         std::visit(send_it, effect);          // every human-readable effect has `text`
//     wake_me_at(support.next_deadline());      // then: support.handle(routing::Tick{}, now)
//
// Contract with the component:
// - Ask `find_agent(jid)` first: a sender who is no agent is a visitor (VisitorMessage),
//   even when they type a command.
// - A message from an agent to the workgroup JID is `AgentMessage{agent, nullopt, body}`
//   (parsed as a command); to a conversation JID `AgentMessage{agent, id, body}` (relayed,
//   or `close` / `transfer X`). `Refuse` answers the stanza that caused the event.
// - Presence: one `AgentPresence` per resource; the best resource counts.
// - Timers: all deadlines (assign delay, offer and queue timeouts, grace periods, queue
//   positions, business-hours boundaries, local midnight) fire inside `handle`; any event
//   fires the due ones first, `Tick` does only that. `next_deadline()` says when to wake.
// - Auto modes offer a chat (`Assign{reason = offered}`); the visitor's messages reach the
//   offered agent at once (and the component relays chat states the same way). The visitor
//   hears "X has joined" when that agent first writes in the conversation or starts typing
//   in it (`AgentTyping`). take / next / transfer assign at once.
// - Persist after `handle` and before sending: exactly what `changes()` lists (plus the
//   counters of `header()`); ids of agents are indexes into `settings().agents`.
// Everything is deterministic given the events, the times and the seed.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "routing/agent.hpp"
#include "routing/conversation.hpp"
#include "routing/effects.hpp"
#include "routing/events.hpp"
#include "routing/flat_index.hpp"
#include "routing/now.hpp"
#include "routing/pool.hpp"
#include "routing/queue.hpp"
#include "routing/settings.hpp"
#include "routing/skills.hpp"
#include "routing/timer_queue.hpp"

namespace routing {

/// Everything a workgroup remembers, as plain data: enough to rebuild it after a restart.
/// (The random generator is not part of it: a restored workgroup uses its constructor seed.)
struct WorkgroupState {
    ConversationId next_id = 1;
    std::int64_t day = 0;
    std::uint32_t missed_today = 0;
    std::optional<AgentId> rotation_last;
    std::int64_t estimated_wait_ms = 0;
    /// broadcast with `adaptive_queue_above`: behaving as queue right now.
    bool adaptive_queueing = false;
    std::vector<AgentStatus> agents;          ///< by AgentId (configuration order)
    std::vector<Conversation> conversations;  ///< open ones, any order
    std::vector<std::pair<std::string, AgentId>> last_agent_of;  ///< sticky memory
    bool operator==(const WorkgroupState&) const = default;
};

/// A line said in a conversation, for its transcript.
struct Said {
    ConversationId conversation = 0;
    std::optional<AgentId> agent;  ///< who said it; nullopt: the visitor
    std::string body;
    /// The visitor's line also joined the chat's backlog. Only that: the conversation is
    /// not listed as changed for it, so a line costs one appended row, and a restore puts
    /// the kept lines back into the backlog (until a hand-over empties it).
    bool kept = false;
};

/// What one `Workgroup::handle` changed, so that the caller saves exactly that: the core
/// says what it touched instead of the caller guessing from events and effects.
struct Changes {
    /// Opened, changed or closed (a closed one is no longer `conversation(id)`); sorted.
    std::vector<ConversationId> conversations;
    /// Agents whose `AgentStatus` changed; sorted.
    std::vector<AgentId> agents;
    /// Sticky memory written: (visitor key, agent).
    std::vector<std::pair<std::string, AgentId>> sticky;
    /// Lines said in conversations, in order (relayed both ways, or kept for an agent).
    std::vector<Said> said;
    /// The counters of `header()` are cheap and always saved; nothing to list for them.
};

/// One workgroup: its agents, conversations, queue and routing mode.
class Workgroup {
  public:
    /// `seed` feeds the random choices (round_robin random, weighted).
    Workgroup(WorkgroupSettings settings, std::uint64_t seed);
    Workgroup(const Workgroup&) = delete;
    Workgroup& operator=(const Workgroup&) = delete;

    /// Fires the timers due at `now`, applies `event` and returns what to carry out, in order.
    Effects handle(const Event& event, const Now& now);
    /// What the last `handle` changed (valid until the next one).
    const Changes& changes() const { return changes_; }

    /// When the next timer is due; call `handle(Tick{}, now)` then (or any event after it).
    std::optional<Time> next_deadline() const;

    /// The configuration this workgroup runs with.
    const WorkgroupSettings& settings() const { return settings_; }
    /// The agent with this bare JID, if they are listed here (else: treat the sender as a
    /// visitor).
    std::optional<AgentId> find_agent(std::string_view jid) const;
    /// An agent's state; `id` < settings().agents.size().
    const AgentStatus& agent(AgentId id) const { return agents_[id].status; }
    /// An open conversation, or nullptr.
    const Conversation* conversation(ConversationId id) const;
    /// The visitor's open conversation, or nullptr.
    const Conversation* conversation_of(std::string_view visitor) const;
    /// The oldest waiting chats `agent` may take (those of their skills), at most `limit`,
    /// oldest first; `total` (if given) counts all of them.
    std::vector<ConversationId> waiting_for(AgentId agent, std::size_t limit,
                                            std::size_t* total = nullptr) const;
    /// Open conversations (waiting, offered or with an agent).
    std::size_t open_count() const { return conversations_.size(); }
    /// Agents whose presence counts as online here, and those eligible for a new chat.
    std::size_t agents_present() const { return present_agents_; }
    std::size_t agents_eligible() const { return pools_[0]->eligible_count(); }
    /// Chats not yet with an agent (menu, delay and queue).
    std::size_t waiting_count() const { return queue_.size() + prerouting_; }
    /// Open, full or closed right now (as of the last `handle`).
    Availability availability() const;
    /// Queue figures for XEP-0142.
    QueueFigures figures() const;
    /// What the workgroup's presence says right now (what `AvailabilityChanged` reports).
    AvailabilityChanged report() const;
    /// Chats missed since local midnight.
    std::uint32_t missed_today() const { return missed_today_; }
    /// The mode the workgroup behaves as right now: `settings().mode`, except queue while
    /// an adaptive broadcast workgroup has too many chats waiting.
    Mode mode() const { return queueing_ ? Mode::queue : settings_.mode; }

    /// Copies the whole state out (for persistence).
    WorkgroupState snapshot() const;
    /// Only the counters of the state (next id, day, missed, rotation, estimated wait):
    /// cheap, for saving after every event.
    WorkgroupState header() const;
    /// Replaces the state with `state` (into a freshly constructed workgroup); timers are
    /// re-armed from the stored deadlines and fire at the next `handle`.
    void restore(const WorkgroupState& state);

  private:
    struct AgentRuntime {
        AgentStatus status;
        std::vector<std::uint32_t> pools;  ///< the skill pools this agent belongs to
        LoadKey key;                       ///< as inserted in the pools
        bool indexed = false;              ///< currently eligible (in its pools)
        bool present = false;              ///< presence counts as online here
        bool announced = false;            ///< broadcast: told about waiting chats
        std::string jid;                   ///< lower-cased bare JID (index key)
        std::uint64_t changed = 0;         ///< `agent_changes_` at its last status change
    };
    struct AgentJid {
        std::string_view operator()(const AgentRuntime& a) const { return a.jid; }
    };
    struct VisitorId {
        std::string_view operator()(const ConversationEntry& e) const { return e.data.visitor; }
    };
    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    template <class V>
    using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

    // workgroup.cpp: dispatch, timers, calendar, availability
    void dispatch(const Event& event, const Now& now, Effects& fx);
    void schedule(Time at, TimerKind kind, std::uint64_t id);
    void fire_due(const Now& now, Effects& fx);
    void fire(const Timer& timer, const Now& now, Effects& fx);
    bool timer_valid(const Timer& timer) const;
    void update_calendar(const Now& now, Effects& fx);
    void schedule_calendar(const Now& now);
    Availability compute_availability() const;
    void report_availability(Effects& fx);
    ConversationEntry* find(ConversationId id);
    const ConversationEntry* find(ConversationId id) const;
    /// The one way to change a conversation or an agent's status: records it in `changes_`.
    Conversation& changing(ConversationEntry& entry);
    AgentStatus& changing(AgentId agent);

    // workgroup_visitors.cpp
    void on_visitor_message(const VisitorMessage& event, const Now& now, Effects& fx);
    void on_visitor_presence(const VisitorPresence& event, const Now& now, Effects& fx);
    void open_conversation(const VisitorMessage& event, const Now& now, Effects& fx);
    /// A chat another workgroup overflowed here (`Adopt`).
    void adopt(const Adopt& event, const Now& now, Effects& fx);
    /// The workgroup `to` adopted this chat: it leaves (`Moved`).
    void moved(const Moved& event, const Now& now, Effects& fx);
    void start_routing(ConversationEntry& entry, const Now& now, Effects& fx);
    void append_backlog(ConversationEntry& entry, std::string_view body, const Now& now);

    // workgroup_agents.cpp
    void on_agent_presence(const AgentPresence& event, const Now& now, Effects& fx);
    void on_agent_message(const AgentMessage& event, const Now& now, Effects& fx);
    void on_agent_typing(const AgentTyping& event, const Now& now, Effects& fx);
    /// Closes every open conversation, oldest first (`Retire`).
    void retire(const Now& now, Effects& fx);
    void on_agent_refused(const AgentRefused& event, Effects& fx);
    void on_agent_left_chat(const AgentLeftChat& event, const Now& now, Effects& fx);
    /// `entry`, `agent`'s until now, back to the front of the queue and routed again.
    void requeue(ConversationEntry& entry, AgentId agent, RevokeReason why, const Now& now,
                 Effects& fx);
    /// The refusal's text for an agent writing to conversation `id` that is not theirs.
    std::string why_not_yours(ConversationId id) const;
    bool presence_counts(Presence presence) const;
    std::int64_t weight(AgentId agent) const;
    bool capped(AgentId agent) const;
    void refresh(AgentId agent);
    void after_agent_change(AgentId agent, const Now& now, Effects& fx);
    void requeue_chats_of(AgentId agent, const Now& now, Effects& fx);
    std::uint32_t pool_for(const SkillSet& skills);

    // workgroup_commands.cpp
    void run_command(AgentId agent, const Command& command, std::optional<ConversationId> in,
                     const Now& now, Effects& fx);
    void take(AgentId agent, ConversationId id, const Now& now, Effects& fx);
    /// broadcast: `agent` was told about waiting chat `id` (and may take it in any state).
    bool told_about(AgentId agent, ConversationId id) const;
    void next(AgentId agent, const Now& now, Effects& fx);
    void list(AgentId agent, Effects& fx);
    void close_command(AgentId agent, const Command& command, std::optional<ConversationId> in,
                       const Now& now, Effects& fx);
    void transfer(AgentId agent, const Command& command, std::optional<ConversationId> in,
                  const Now& now, Effects& fx);
    void reply(AgentId agent, ReplyKind kind, ConversationId id, std::string text, Effects& fx);
    /// The chat a command names (`ID`, else the conversation it was typed in, else the
    /// agent's only chat), or nullopt.
    std::optional<ConversationId> chat_named(AgentId agent, const Command& command,
                                             std::optional<ConversationId> in) const;
    void history(AgentId agent, const Command& command, std::optional<ConversationId> in,
                 Effects& fx);

    // workgroup_why.cpp: the record of routing decisions, and `why`
    /// Starts the record of a decision about `entry` made now in its pool.
    Decision& decide(ConversationEntry& entry, DecisionKind kind, const Now& now);
    /// The decision's winner and reason, for the log and for `why`.
    std::string decision_text(const Decision& d) const;
    /// Why `agent` is not eligible for chats of pool `pool` right now ("" when they are).
    std::string left_out_reason(AgentId agent, const ConversationEntry& entry,
                                std::uint32_t pool) const;
    void why(AgentId agent, const Command& command, std::optional<ConversationId> in,
             const Now& now, Effects& fx);

    // workgroup_waiting.cpp: what happens to a chat that waits too long
    /// When the chat's next rule for waiting too long is due (a skill relaxed, the
    /// overflow), if it is waiting and has one.
    std::optional<Time> next_rule_at(const ConversationEntry& entry) const;
    /// When the conversation's one timer is due: its deadline, or its next rule if sooner.
    std::optional<Time> wake_at(const ConversationEntry& entry) const;
    /// Applies the rules due at `now`: drops relaxed skills and routes the chat by the rest,
    /// or asks for the overflow.
    void waited_too_long(ConversationEntry& entry, const Now& now, Effects& fx);
    /// broadcast with `adaptive_queue_above`: switches to and from queue behaviour.
    /// `coming`: chats about to join the queue (counted as waiting already).
    void update_adaptive(Effects& fx, std::size_t coming = 0);

    // workgroup_routing.cpp
    /// Where a chat joins the queue: by its arrival, first of its priority (it was sent
    /// back), or where it was (its place is kept).
    enum class Place { arrival, front, keep };
    void route(ConversationEntry& entry, Place place, const Now& now, Effects& fx);
    /// The mode's choice for the chat (recorded in its `decision`), or nullopt.
    std::optional<AgentId> choose(ConversationEntry& entry, const Now& now);
    void offer(ConversationEntry& entry, AgentId agent, std::string why, const Now& now,
               Effects& fx);
    void accept(ConversationEntry& entry, const Now& now, Effects& fx);
    /// The chat became an agent's own: its backlog was handed over (see Conversation).
    void hand_over(Conversation& c);
    /// With `sticky`: `agent` served this visitor last (by bare JID and by visitor id).
    void remember_agent(const Conversation& c, AgentId agent);
    void give(ConversationEntry& entry, AgentId agent, AssignReason reason, const Now& now,
              Effects& fx, std::optional<AgentId> from = std::nullopt);
    void attach(ConversationEntry& entry, AgentId agent, const Now& now);
    void detach(ConversationEntry& entry, const Now& now);
    void drain(AgentId agent, const Now& now, Effects& fx);
    void notify(ConversationEntry& entry, Effects& fx);
    void revoke_notified(ConversationEntry& entry, RevokeReason reason,
                         std::optional<AgentId> taker, Effects& fx, std::string_view moved_to = {});
    void close(ConversationEntry& entry, CloseReason reason, const Now& now, Effects& fx);
    void offer_timed_out(ConversationEntry& entry, const Now& now, Effects& fx);
    /// Samples the chat's wait (now - queued_at) into the estimated wait, and returns it.
    Duration record_wait(const ConversationEntry& entry, const Now& now);
    void tell(const ConversationEntry& entry, VisitorNotice notice, std::string text, Effects& fx,
              std::uint32_t position = 0);

    // workgroup_queue.cpp: state changes, the queue and its positions
    /// The one way a conversation's state changes: leaves the old state's bookkeeping
    /// (queue membership, the menu/delay count, the deadline and its timers), enters the
    /// new one's, and records the change. `place`: where a chat entering the queue goes.
    Conversation& transition(ConversationEntry& entry, ConversationState to, const Now& now,
                             Place place = Place::arrival);
    /// What leaving its current state undoes (also when the chat closes).
    void leave_state(ConversationEntry& entry, const Now& now);
    void enqueue(ConversationEntry& entry, Place place, const Now& now, Effects& fx);
    /// 1 for the chat served first.
    std::uint32_t position_of(const ConversationEntry& entry) const;
    /// The chat `agent` would pull first from their pools (by `served_before`).
    ConversationEntry* oldest_for(AgentId agent);
    void mark_positions_dirty(const Now& now);
    void sweep_positions(const Now& now, Effects& fx);

    WorkgroupSettings settings_;
    SkillCatalog skills_;
    std::mt19937_64 rng_;
    std::vector<AgentRuntime> agents_;
    FlatIndex<AgentRuntime, AgentJid> agent_by_jid_;
    StringMap<AgentId> agent_by_name_;          ///< lower-cased configured names, for `transfer`
    std::vector<std::unique_ptr<Pool>> pools_;  ///< pools_[0]: no skills needed
    std::map<SkillSet, std::uint32_t> pool_by_skills_;
    std::unordered_map<ConversationId, ConversationEntry> conversations_;
    /// Open conversation of each visitor.
    FlatIndex<ConversationEntry, VisitorId> open_by_visitor_;
    StringMap<AgentId> last_agent_of_;
    WaitingList<kWorkgroupQueue> queue_;
    std::size_t prerouting_ = 0;  ///< chats in menu or delayed state
    /// Queue orders of chats sent back to the front: below every arrival's (see transition).
    std::int64_t front_order_ = -(std::int64_t{1} << 62);
    bool queueing_ = false;  ///< see mode()
    std::optional<AgentId> rotation_last_;
    std::uint64_t agent_changes_ = 0;  ///< agents' status changes so far (for `why`)
    TimerQueue timers_;
    ConversationId next_id_ = 1;
    std::int64_t day_ = 0;
    bool day_known_ = false;
    std::uint32_t missed_today_ = 0;
    std::size_t present_agents_ = 0;
    bool within_hours_ = true;
    std::optional<Time> calendar_at_;
    std::optional<Time> positions_at_;
    Time last_positions_{};
    double estimated_wait_ms_ = 0;
    bool wait_sampled_ = false;
    bool reported_ = false;
    AvailabilityChanged last_report_;
    Changes changes_;
};

}  // namespace routing
