#pragma once
// A workgroup's state carried over to another agent list (a restart or a reload with
// agents added, removed or reordered): two agents are the same person when their JIDs are.

#include <optional>
#include <string>
#include <vector>

#include "routing/workgroup.hpp"

namespace routing {

/// For each agent of `before` (their JIDs, indexed by their ids then), their id among
/// `now`'s agents; nullopt for one no longer configured.
std::vector<std::optional<AgentId>> agent_ids_by_jid(const std::vector<std::string>& before,
                                                     const WorkgroupSettings& now);

/// `state` with every agent id replaced through `map` (indexed by the old id; ids beyond
/// it are gone too): an agent no longer there is dropped with the sticky memory of them,
/// and a chat offered to or owned by one of them waits again at its place in the queue.
void remap_agents(WorkgroupState& state, const std::vector<std::optional<AgentId>>& map);

}  // namespace routing
