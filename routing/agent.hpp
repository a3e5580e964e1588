#pragma once
// An agent's changing state (presence, pause, open chats, daily count), as plain data.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "routing/now.hpp"

namespace routing {

/// An agent: the index of their entry in `WorkgroupSettings::agents` (configuration order).
using AgentId = std::uint32_t;

/// A conversation's short id, unique and increasing within a workgroup (`support.42@...`).
using ConversationId = std::uint64_t;

/// An agent's presence as their XMPP clients announce it (best of all their resources).
enum class Presence : std::uint8_t { offline, online, away, xa, dnd };

/// What the workgroup knows about one agent right now; enumerable and restorable.
struct AgentStatus {
    AgentId id = 0;
    Presence presence = Presence::offline;
    bool paused = false;
    /// Chats offered to or assigned to this agent, oldest first.
    std::vector<ConversationId> chats;
    /// Chats received on `day` (weighted mode caps this at `daily_limit`).
    int daily_count = 0;
    std::int64_t day = 0;
    /// When the agent last received or finished a chat (least_busy: longest idle wins ties).
    Time idle_since{};
    /// Set while the agent is offline with chats: when those chats go back to the queue.
    std::optional<Time> offline_deadline;
    /// Presence of each connected resource of the agent's bare JID.
    std::vector<std::pair<std::string, Presence>> resources;

    bool operator==(const AgentStatus&) const = default;
};

}  // namespace routing
