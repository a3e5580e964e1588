#pragma once
// What happens to a workgroup: the inputs of `Workgroup::handle`. String views only need to
// live for the duration of the call; the workgroup copies what it keeps.

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "routing/agent.hpp"
#include "routing/command.hpp"
#include "routing/conversation.hpp"

namespace routing {

/// A visitor wrote to the workgroup (the first message opens a conversation).
struct VisitorMessage {
    std::string_view visitor;  ///< bare JID, or the widget's visitor id
    std::string_view name;     ///< display name for agents
    std::string_view body;
    std::string_view language;  ///< xml:lang of the message
    /// The widget's visitor id from the first message (a routing hint for `sticky`, never
    /// authentication); ignored unless `valid_visitor_id`.
    std::string_view visitor_id = {};
};

/// A visitor went offline (unavailable presence, page closed) or came back.
struct VisitorPresence {
    std::string_view visitor;
    bool online = false;
};

/// One resource of an agent announced its presence (offline = unavailable).
struct AgentPresence {
    std::string_view agent;  ///< bare JID
    std::string_view resource;
    Presence presence = Presence::offline;
};

/// An agent wrote a chat message: to the workgroup JID (no conversation: read as a command),
/// or to a conversation JID (relayed to the visitor, or `close`/`transfer X`).
struct AgentMessage {
    std::string_view agent;  ///< bare JID
    std::optional<ConversationId> conversation;
    std::string_view body;
};

/// An agent started typing in a conversation (XEP-0085 `composing`): in an offered chat
/// that is the agent answering, so the chat becomes theirs.
struct AgentTyping {
    std::string_view agent;  ///< bare JID
    ConversationId conversation = 0;
};

/// True for 1-64 characters of [A-Za-z0-9_-] (PRODUCT.md, "Returning visitors").
bool valid_visitor_id(std::string_view id);

/// The key under which sticky memory keeps the agent who served a widget visitor id
/// ("" for no id); it never equals a bare JID.
std::string visitor_id_key(std::string_view visitor_id);

/// An already-parsed command (for example from an XEP-0050 ad-hoc command).
struct AgentCommand {
    std::string_view agent;  ///< bare JID
    Command command;
    std::optional<ConversationId> conversation;  ///< the conversation it was sent in, if any
};

/// A message from a conversation to its agent came back as an error: their client or server
/// refuses it (a setting that hides messages from strangers), and they may never see the
/// chat's lines.
struct AgentRefused {
    std::string_view agent;  ///< bare JID
    ConversationId conversation = 0;
};

/// The agent left the room their conversation is held in (conversation = "muc") and stayed
/// away for `offline_grace`: the chat goes back to the front of the queue, as the chats of
/// an agent who goes offline do.
struct AgentLeftChat {
    std::string_view agent;  ///< bare JID
    ConversationId conversation = 0;
};

/// Nothing happened but time passed: fires the timers that are due.
struct Tick {};

/// The workgroup left the configuration (a reload): every open conversation ends, oldest
/// first. Its visitor is told the `offline` text, its agent (or the agents told about it)
/// that it is closed.
struct Retire {};

/// A chat that waited too long in workgroup `from` (see the `Overflow` effect) arrives
/// here: it joins the queue at its place by arrival time, with its visitor, backlog and
/// chat priority; its skills are those this workgroup's rules give its first message.
/// Refused (nothing happens) when this workgroup is not open or the visitor already has a
/// chat here: `conversation_of(visitor)` then has no `via`.
struct Adopt {
    const Conversation* conversation = nullptr;  ///< as `from` holds it
    std::string_view from;                       ///< the workgroup's name
};

/// The chat `conversation` was adopted by workgroup `to` (after an `Overflow`): it leaves
/// this workgroup without a word to the visitor; agents told about it hear where it went.
struct Moved {
    ConversationId conversation = 0;
    std::string_view to;
};

/// Everything `Workgroup::handle` accepts.
using Event =
    std::variant<VisitorMessage, VisitorPresence, AgentPresence, AgentMessage, AgentTyping,
                 AgentCommand, AgentRefused, AgentLeftChat, Tick, Retire, Adopt, Moved>;

}  // namespace routing
