#include "routing/remap.hpp"

#include <unordered_map>

namespace routing {

std::vector<std::optional<AgentId>> agent_ids_by_jid(const std::vector<std::string>& before,
                                                     const WorkgroupSettings& now) {
    std::unordered_map<std::string, AgentId> id_now;
    for (AgentId i = 0; i < now.agents.size(); ++i) {
        id_now.emplace(now.agents[i].jid, i);
    }
    std::vector<std::optional<AgentId>> map;
    map.reserve(before.size());
    for (const auto& jid : before) {
        const auto it = id_now.find(jid);
        map.push_back(it == id_now.end() ? std::nullopt : std::optional<AgentId>(it->second));
    }
    return map;
}

void remap_agents(WorkgroupState& state, const std::vector<std::optional<AgentId>>& map) {
    const auto mapped = [&](AgentId old) -> std::optional<AgentId> {
        return old < map.size() ? map[old] : std::nullopt;
    };
    const auto map_all = [&](std::vector<AgentId>& agents) {
        std::vector<AgentId> kept;
        for (AgentId a : agents) {
            if (auto m = mapped(a)) {
                kept.push_back(*m);
            }
        }
        agents = std::move(kept);
    };
    if (state.rotation_last) {
        state.rotation_last = mapped(*state.rotation_last);
    }
    std::vector<AgentStatus> agents;
    for (auto& agent : state.agents) {
        if (auto id = mapped(agent.id)) {
            agent.id = *id;
            agents.push_back(std::move(agent));
        }
    }
    state.agents = std::move(agents);
    for (auto& c : state.conversations) {
        if (c.agent) {
            c.agent = mapped(*c.agent);
            if (!c.agent &&
                (c.state == ConversationState::offered || c.state == ConversationState::assigned)) {
                c.state = ConversationState::waiting;  // its agent left the configuration
            }
        }
        map_all(c.timed_out);
        map_all(c.notified);
    }
    std::vector<std::pair<std::string, AgentId>> sticky;
    for (auto& [visitor, agent] : state.last_agent_of) {
        if (auto id = mapped(agent)) {
            sticky.emplace_back(std::move(visitor), *id);
        }
    }
    state.last_agent_of = std::move(sticky);
}

}  // namespace routing
