#pragma once
// One visitor's chat with the workgroup, as plain data that can be enumerated and restored.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "routing/agent.hpp"
#include "routing/now.hpp"
#include "routing/settings.hpp"

namespace routing {

/// Where a conversation is in its life.
enum class ConversationState : std::uint8_t {
    menu,      ///< the visitor was asked the menu question and has not answered yet
    delayed,   ///< waiting for `assign_delay` to pass before routing
    waiting,   ///< in the queue: no agent has it
    offered,   ///< assigned to an agent who has not answered yet (offer timeout runs)
    assigned,  ///< an agent has it and has answered, taken or pulled it
};

/// Visitor lines a chat may gather before an agent owns it (and that a hand-over gives).
inline constexpr std::size_t kBacklogLimit = 200;
/// ... and their text in all: enough for any visitor who explains, and a bound on what each
/// line costs to keep and to save (and on what a hand-over of the transcript sends).
inline constexpr std::size_t kBacklogBytes = 64 * 1024;

/// A visitor message kept for the agent who gets the chat (relayed with XEP-0203 stamps).
struct BacklogLine {
    Time at;
    std::string body;

    bool operator==(const BacklogLine&) const = default;
};

/// A required skill dropped because the chat waited too long for it (`relax_after`).
struct RelaxedSkill {
    std::string skill;
    Time at;

    bool operator==(const RelaxedSkill&) const = default;
};

/// An open conversation. Closed conversations leave the workgroup (see `Closed` effect).
struct Conversation {
    ConversationId id = 0;
    std::string visitor;       ///< bare JID
    std::string visitor_id;    ///< the widget's visitor id (sticky hint), or empty
    std::string visitor_name;  ///< display name shown to agents
    std::string language;      ///< xml:lang of the first message
    std::string first_message;
    ConversationState state = ConversationState::waiting;
    std::optional<AgentId> agent;         ///< offered or assigned agent
    std::vector<std::string> skills;      ///< skills the chat requires, sorted
    std::vector<RelaxedSkill> relaxed;    ///< skills it no longer requires, in order dropped
    int priority = kDefaultChatPriority;  ///< `chat_priority`: smaller is served first
    /// The workgroup whose JID the visitor writes to, when the chat overflowed here from
    /// it (empty: this workgroup's own).
    std::string via;
    std::vector<BacklogLine> backlog;  ///< visitor messages, oldest first (capped), kept
                                       ///< until an agent owns the chat
    bool handed_over = false;          ///< an agent owned it once: the transcript has every line
    std::vector<AgentId> timed_out;    ///< agents who let an offer of this chat time out
    std::vector<AgentId> notified;     ///< broadcast: agents told about it while waiting
    bool notified_many = false;        ///< broadcast: too many to list (see kNotifiedLimit);
                                       ///< the revoke then goes to every present agent with
                                       ///< the chat's skills
    Time created_at{};
    Time queued_at{};                  ///< when it started waiting (queue timeout, figures)
    std::optional<Time> deadline;      ///< menu/waiting: queue timeout; delayed: end of delay;
                                       ///< offered: offer timeout
    std::optional<Time> visitor_gone;  ///< the offline visitor counts as gone then: a
                                       ///< waiting chat closes, an agent hears "left"
    bool visitor_online = true;
    std::int64_t queue_order = 0;     ///< position key within its priority (smaller is nearer
                                      ///< the front): by arrival, negative when sent back
    std::uint32_t told_position = 0;  ///< last queue position told to the visitor
    Time told_position_at{};

    bool operator==(const Conversation&) const = default;
};

/// The visitor stayed offline past the grace period (their agent was told they left), and
/// has not come back.
inline bool visitor_left(const Conversation& c) {
    return !c.visitor_online && !c.visitor_gone;
}

}  // namespace routing
