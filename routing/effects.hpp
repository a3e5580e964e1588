#pragma once
// What the component must carry out after an event: the outputs of `Workgroup::handle`.
// Every effect that a human reads carries its rendered `text` (see routing/texts.hpp), so the
// component only addresses and sends; the other fields are there for richer clients and logs.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "routing/agent.hpp"
#include "routing/conversation.hpp"
#include "routing/now.hpp"

namespace routing {

/// broadcast: tell these agents about a new waiting chat (name, first message, `take ID`).
/// Send `text` from the workgroup JID to each agent.
struct Notify {
    ConversationId conversation = 0;
    std::vector<AgentId> agents;  ///< in no particular order
    std::string visitor_name;
    std::string first_message;
    std::string text;
};

/// How a chat became an agent's.
enum class AssignReason : std::uint8_t { offered, taken, next, transferred };

/// A chat became this agent's: send `text` from the workgroup JID, then each backlog line
/// from the conversation JID with its original time (XEP-0203).
struct Assign {
    ConversationId conversation = 0;
    AgentId agent = 0;
    AssignReason reason = AssignReason::offered;
    std::string visitor;
    std::string visitor_name;
    std::vector<BacklogLine> backlog;
    std::string text;
    /// For logs: why the mode chose this agent ("fewest open chats (0), priority 1").
    std::string why;
    /// The chat was an agent's before (transferred, or back from the queue): `backlog`
    /// holds only what came since; hand over everything the visitor wrote, from the
    /// transcript.
    bool from_transcript = false;
    /// How long the chat had waited for an agent, since it last entered the queue (zero
    /// for a transfer).
    std::chrono::milliseconds waited{0};
};

/// Why a chat was taken away from agents.
enum class RevokeReason : std::uint8_t {
    taken,          ///< broadcast: another agent took it
    gone,           ///< it stopped waiting (queue timeout, visitor left)
    timed_out,      ///< the agent did not answer the offer in time
    agent_offline,  ///< the agent stayed offline past the grace period
    left_room,      ///< the agent stayed out of the chat's room past the grace period
    retired,        ///< the workgroup was removed from the configuration
    overflowed      ///< it waited too long and moved to the overflow workgroup
};

/// These agents no longer have (or may take) the chat: send `text` from the workgroup JID.
struct Revoke {
    ConversationId conversation = 0;
    std::vector<AgentId> agents;
    RevokeReason reason = RevokeReason::taken;
    std::string text;
};

/// What a visitor is told.
enum class VisitorNotice : std::uint8_t {
    welcome,
    menu,
    position,
    agent_joined,
    transferred,
    requeued,
    closed,
    not_available,
    offline,
};

/// Send `text` to the visitor from the workgroup JID.
struct TellVisitor {
    std::string visitor;
    ConversationId conversation = 0;  ///< 0 when no conversation was opened
    VisitorNotice notice = VisitorNotice::welcome;
    std::uint32_t position = 0;  ///< for `position`
    std::string text;
    /// The workgroup whose JID the visitor writes to when the chat overflowed here (send
    /// from that JID then); empty: this one.
    std::string via = {};
};

/// What an agent is told about one of their chats.
enum class AgentNotice : std::uint8_t {
    visitor_left,
    visitor_back,
    chats_waiting,
    messages_refused,  ///< their client refuses the chat's messages (see AgentRefused)
    now_queue,         ///< adaptive: too many wait, chats are pulled with `next` now
    now_broadcast,     ///< adaptive: the queue is short again, chats are announced again
};

/// Send `text` to the agent from the workgroup JID.
struct TellAgent {
    AgentId agent = 0;
    ConversationId conversation = 0;
    AgentNotice notice = AgentNotice::visitor_left;
    std::string text;
};

/// The outcome of a command, as a short sentence to send back to the agent.
enum class ReplyKind : std::uint8_t {
    help,
    taken,  ///< the offered agent typed take: the chat is theirs
    list,
    status,
    paused,
    ready,
    closed,
    transferred,
    not_in_mode,   ///< e.g. `take` outside broadcast
    no_such_chat,  ///< unknown id, or already taken / closed
    not_your_chat,
    at_capacity,
    lacks_skills,
    nothing_waiting,
    no_such_agent,
    agent_unavailable,
    which_chat,     ///< close/transfer without a conversation and with several open
    history,        ///< `history`: after `text`, send the conversation so far (as a
                    ///< hand-over does: the transcript, else the conversation's backlog)
    why,            ///< `why`: the last routing decision about `conversation`, explained
    already_yours,  ///< transfer to oneself
    unknown_command,
};

/// Send `text` to the agent: from the conversation JID when the command was typed in a
/// conversation (the component knows where), else from the workgroup JID.
struct Reply {
    AgentId agent = 0;
    ReplyKind kind = ReplyKind::help;
    ConversationId conversation = 0;
    std::string text;
};

/// A visitor's live message: send `body` to the agent from the conversation JID.
struct RelayToAgent {
    ConversationId conversation = 0;
    AgentId agent = 0;
    std::string body;
};

/// An agent's live message: send `body` to the visitor from the workgroup JID.
struct RelayToVisitor {
    ConversationId conversation = 0;
    std::string visitor;
    std::string body;
};

/// Error conditions for the stanza that caused the event.
enum class Refusal : std::uint8_t {
    forbidden,
    not_acceptable,  ///< larger than max_message
    wait_for_agent,  ///< the chat holds all it may before an agent owns it
};

/// Answer the stanza that caused this event with an error carrying `text` (what happened:
/// "Chat 8 was closed."); nothing was relayed.
struct Refuse {
    Refusal condition = Refusal::forbidden;
    std::string text;
};

/// The workgroup's state as widgets see it (PRODUCT.md, "Availability").
enum class Availability : std::uint8_t { open, full, closed };

/// XEP-0142 notify-queue figures.
struct QueueFigures {
    std::uint32_t count = 0;     ///< chats not yet with an agent
    std::optional<Time> oldest;  ///< when the oldest waiting chat started waiting
    std::chrono::seconds estimated_wait{0};
    bool operator==(const QueueFigures&) const = default;
};

/// Publish new presence for the workgroup JID. `status` is the `not_available` text when
/// full, the `offline` text when closed, empty when open. Agents get a presence of their
/// own from it (always available: they can type commands), whose status is `agent_status`.
struct AvailabilityChanged {
    Availability availability = Availability::open;
    QueueFigures figures;
    std::string status;
    /// queue mode: how many chats wait for `next` and how to pull one ("2 waiting — type
    /// next"), never a name or a line of text; empty in the other modes.
    std::string agent_status;
};

/// Why a conversation ended.
enum class CloseReason : std::uint8_t { agent, queue_timeout, visitor_left, retired, overflowed };

/// A conversation ended and left the workgroup (`missed` when no agent ever served it).
struct Closed {
    ConversationId conversation = 0;
    std::string visitor;
    std::optional<AgentId> agent;
    CloseReason reason = CloseReason::agent;
    bool missed = false;
};

/// The chat waited `overflow_after`: hand it to workgroup `to` with `Adopt` (after this
/// `handle`), then, if `to` took it, tell this workgroup `Moved`. Asked once per chat.
struct Overflow {
    ConversationId conversation = 0;
    std::string to;
};

/// One thing to carry out, in order.
using Effect = std::variant<Notify, Assign, Revoke, TellVisitor, TellAgent, Reply, RelayToAgent,
                            RelayToVisitor, Refuse, AvailabilityChanged, Closed, Overflow>;

/// The effects of one event, in the order to carry them out.
using Effects = std::vector<Effect>;

}  // namespace routing
