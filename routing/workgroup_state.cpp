// Workgroup: copying the whole state out and back in (persistence lives in component/).

#include <algorithm>

#include "routing/workgroup.hpp"

namespace routing {

WorkgroupState Workgroup::header() const {
    WorkgroupState state;
    state.next_id = next_id_;
    state.day = day_;
    state.missed_today = missed_today_;
    state.rotation_last = rotation_last_;
    state.estimated_wait_ms = static_cast<std::int64_t>(estimated_wait_ms_);
    state.adaptive_queueing = queueing_;
    return state;
}

WorkgroupState Workgroup::snapshot() const {
    WorkgroupState state = header();
    for (const auto& agent : agents_) {
        state.agents.push_back(agent.status);
    }
    for (const auto& [id, entry] : conversations_) {
        state.conversations.push_back(entry.data);
    }
    std::sort(state.conversations.begin(), state.conversations.end(),
              [](const auto& a, const auto& b) { return a.id < b.id; });
    for (const auto& [visitor, agent] : last_agent_of_) {
        state.last_agent_of.emplace_back(visitor, agent);
    }
    std::sort(state.last_agent_of.begin(), state.last_agent_of.end());
    return state;
}

void Workgroup::restore(const WorkgroupState& state) {
    next_id_ = state.next_id;
    day_ = state.day;
    day_known_ = true;
    missed_today_ = state.missed_today;
    rotation_last_ = state.rotation_last;
    if (rotation_last_ && *rotation_last_ >= agents_.size()) {
        rotation_last_.reset();
    }
    estimated_wait_ms_ = static_cast<double>(state.estimated_wait_ms);
    wait_sampled_ = state.estimated_wait_ms > 0;
    queueing_ = state.adaptive_queueing && settings_.mode == Mode::broadcast &&
                settings_.adaptive_queue_above > 0;

    for (const AgentStatus& status : state.agents) {
        if (status.id >= agents_.size()) {
            continue;  // the agent left the configuration
        }
        AgentStatus& mine = agents_[status.id].status;
        mine = status;
        mine.chats.clear();  // rebuilt from the conversations below
        if (mine.offline_deadline) {
            schedule(*mine.offline_deadline, TimerKind::agent_offline, status.id);
        }
    }

    // Queue order is the stored `queue_order`: re-insert waiting chats sorted by it.
    std::vector<const Conversation*> ordered;
    for (const Conversation& c : state.conversations) {
        ordered.push_back(&c);
    }
    std::sort(ordered.begin(), ordered.end(), [](const auto* a, const auto* b) {
        return a->queue_order != b->queue_order ? a->queue_order < b->queue_order : a->id < b->id;
    });
    for (const Conversation* stored : ordered) {
        ConversationEntry& entry = conversations_[stored->id];
        entry.data = *stored;
        Conversation& c = entry.data;
        SkillSet needed;
        for (const auto& name : c.skills) {
            SkillCatalog::add(needed, skills_.id(name));
        }
        entry.pool = pool_for(needed);
        if (c.state != ConversationState::menu && c.state != ConversationState::delayed) {
            entry.decision.kind = DecisionKind::lost;  // routing records are not stored
        }
        if (open_by_visitor_.find(c.visitor) == nullptr) {
            open_by_visitor_.insert(&entry);
        }
        switch (c.state) {
            case ConversationState::menu:
            case ConversationState::delayed:
                ++prerouting_;
                break;
            case ConversationState::waiting:
                queue_.insert(&entry);
                pools_[entry.pool]->waiting.insert(&entry);
                front_order_ = std::min(front_order_, c.queue_order);
                break;
            case ConversationState::offered:
            case ConversationState::assigned:
                if (c.agent && *c.agent < agents_.size()) {
                    agents_[*c.agent].status.chats.push_back(c.id);
                } else {
                    // Its agent left the configuration: it waits at the front again.
                    c.agent.reset();
                    c.state = ConversationState::waiting;
                    c.deadline.reset();
                    c.queue_order = --front_order_;
                    queue_.insert(&entry);
                    pools_[entry.pool]->waiting.insert(&entry);
                }
                break;
        }
        if (const auto at = wake_at(entry)) {
            schedule(*at, TimerKind::conversation, c.id);
        }
        if (c.visitor_gone) {
            schedule(*c.visitor_gone, TimerKind::visitor_gone, c.id);
        }
        next_id_ = std::max(next_id_, c.id + 1);
    }
    for (const auto& [visitor, agent] : state.last_agent_of) {
        if (agent < agents_.size()) {
            last_agent_of_[visitor] = agent;
        }
    }
    for (std::size_t i = 0; i < agents_.size(); ++i) {
        refresh(static_cast<AgentId>(i));
    }
}

}  // namespace routing
