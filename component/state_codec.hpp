#pragma once
// A compact binary encoding of the routing core's plain-data state (conversations and
// agents), for the SQLite store. Versioned, length-checked, never trusts its input.

#include <optional>
#include <string>
#include <string_view>

#include "routing/agent.hpp"
#include "routing/conversation.hpp"

namespace component {

/// What the desk knows of one open conversation besides the routing core's state, kept with
/// it (a column of its row): where its visitor is reached and the room it is held in.
struct ChatAddresses {
    std::string visitor_full;  ///< the full JID the visitor last wrote from (or joined with)
    /// A message of theirs carried `<visitor xmlns='urn:switchboard:visitor:0'/>`: the web
    /// widget, whose visitor is relayed into a room, never invited.
    bool widget = false;
    bool muc = false;         ///< came by MUC: they see the workgroup JID as a room
    std::string nick;         ///< their nickname in that room; empty once they left it
    std::string agent_shown;  ///< the agent's nickname they see in that room, or empty
    std::string room;         ///< the localpart of the conversation's room, or empty

    bool operator==(const ChatAddresses&) const = default;
};

/// Bytes for one open conversation, without its backlog (the store keeps those lines as
/// rows of the transcript and puts them back).
std::string encode(const routing::Conversation& conversation);
/// Bytes for one agent's changing state.
std::string encode(const routing::AgentStatus& agent);

/// Bytes for a conversation's addresses.
std::string encode(const ChatAddresses& addresses);

/// The conversation in `bytes`, or nullopt when they are damaged or from an unknown version.
std::optional<routing::Conversation> decode_conversation(std::string_view bytes);
/// The addresses in `bytes`, or nullopt when damaged or from an unknown version.
std::optional<ChatAddresses> decode_addresses(std::string_view bytes);
/// The agent state in `bytes`, or nullopt when damaged.
std::optional<routing::AgentStatus> decode_agent(std::string_view bytes);

}  // namespace component
