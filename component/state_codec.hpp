#pragma once
// A compact binary encoding of the routing core's plain-data state (conversations and
// agents), for the SQLite store. Versioned, length-checked, never trusts its input.

#include <optional>
#include <string>
#include <string_view>

#include "routing/agent.hpp"
#include "routing/conversation.hpp"

namespace component {

/// Bytes for one open conversation, without its backlog (the store keeps those lines as
/// rows of the transcript and puts them back).
std::string encode(const routing::Conversation& conversation);
/// Bytes for one agent's changing state.
std::string encode(const routing::AgentStatus& agent);

/// The conversation in `bytes`, or nullopt when they are damaged or from an unknown version.
std::optional<routing::Conversation> decode_conversation(std::string_view bytes);
/// The agent state in `bytes`, or nullopt when damaged.
std::optional<routing::AgentStatus> decode_agent(std::string_view bytes);

}  // namespace component
