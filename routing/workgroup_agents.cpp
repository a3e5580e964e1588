// Workgroup: agents' presence, eligibility indexes, and what agents write.

#include "routing/workgroup.hpp"

#include <algorithm>

#include "routing/texts.hpp"

namespace routing {

namespace {

/// Higher is more available: the best resource decides the agent's presence.
int rank(Presence presence) {
    switch (presence) {
        case Presence::online:
            return 4;
        case Presence::away:
            return 3;
        case Presence::xa:
            return 2;
        case Presence::dnd:
            return 1;
        case Presence::offline:
            break;
    }
    return 0;
}

}  // namespace

bool Workgroup::presence_counts(Presence presence) const {
    switch (presence) {
        case Presence::online:
            return true;
        case Presence::away:
        case Presence::xa:
        case Presence::dnd:
            return settings_.include_away;
        case Presence::offline:
            return settings_.include_offline;
    }
    return false;
}

std::int64_t Workgroup::weight(AgentId agent) const {
    if (settings_.mode != Mode::weighted) {
        return 1;
    }
    return std::max(settings_.agents[agent].daily_limit, 1);
}

bool Workgroup::capped(AgentId agent) const {
    // A count from another day is no count today (it may come from the store, saved
    // before a midnight that nothing else recorded).
    const int limit = settings_.agents[agent].daily_limit;
    const AgentStatus& status = agents_[agent].status;
    return settings_.mode == Mode::weighted && limit > 0 && status.day == day_ &&
           status.daily_count >= limit;
}

void Workgroup::refresh(AgentId agent) {
    AgentRuntime& a = agents_[agent];
    const AgentSettings& conf = settings_.agents[agent];
    const bool present = presence_counts(a.status.presence);
    if (present != a.present) {
        a.present = present;
        present ? ++present_agents_ : --present_agents_;
    }
    const bool eligible = present && !a.status.paused &&
                          static_cast<int>(a.status.chats.size()) < conf.max_chats &&
                          !capped(agent);
    const LoadKey key{static_cast<int>(a.status.chats.size()), conf.priority, a.status.idle_since,
                      agent};
    // Only least_busy orders agents by their load; other modes index by agent id alone.
    const bool moved = settings_.mode == Mode::least_busy && key != a.key;
    if (a.indexed && (!eligible || moved)) {
        for (std::uint32_t p : a.pools) {
            pools_[p]->erase(agent, a.key);
        }
        a.indexed = false;
    }
    if (eligible && !a.indexed) {
        a.key = key;
        for (std::uint32_t p : a.pools) {
            pools_[p]->insert(agent, key, weight(agent));
        }
        a.indexed = true;
    }
    if (!eligible) {
        a.announced = false;
    }
}

void Workgroup::after_agent_change(AgentId agent, const Now& now, Effects& fx) {
    refresh(agent);
    AgentRuntime& a = agents_[agent];
    if (!a.indexed) {
        return;
    }
    switch (mode()) {
        case Mode::round_robin:
        case Mode::least_busy:
        case Mode::weighted:
            drain(agent, now, fx);
            break;
        case Mode::broadcast:
            if (!a.announced) {
                a.announced = true;
                std::size_t waiting = 0;
                for (std::uint32_t p : a.pools) {
                    waiting += pools_[p]->waiting.size();
                }
                if (waiting > 0) {
                    fx.push_back(TellAgent{agent, 0, AgentNotice::chats_waiting,
                                           texts::chats_waiting(waiting, mode())});
                }
            }
            break;
        case Mode::queue:
            break;  // agents hear only about chats they own; they pull with `next`
    }
}

std::uint32_t Workgroup::pool_for(const SkillSet& skills) {
    auto it = pool_by_skills_.find(skills);
    if (it != pool_by_skills_.end()) {
        return it->second;
    }
    // First chat needing this combination: index the agents who hold it (once).
    const auto id = static_cast<std::uint32_t>(pools_.size());
    pools_.push_back(
        std::make_unique<Pool>(settings_.mode, settings_.order, skills, agents_.size()));
    pool_by_skills_.emplace(skills, id);
    for (std::size_t i = 0; i < agents_.size(); ++i) {
        if (SkillCatalog::holds(skills_.agent_skills(i), skills)) {
            AgentRuntime& a = agents_[i];
            a.pools.push_back(id);
            if (a.indexed) {
                pools_[id]->insert(static_cast<AgentId>(i), a.key, weight(static_cast<AgentId>(i)));
            }
        }
    }
    return id;
}

void Workgroup::on_agent_presence(const AgentPresence& event, const Now& now, Effects& fx) {
    const auto found = find_agent(event.agent);
    if (!found) {
        return;
    }
    const AgentId agent = *found;
    const auto& known = agents_[agent].status.resources;
    const auto same = std::find_if(known.begin(), known.end(),
                                   [&](const auto& r) { return r.first == event.resource; });
    if (same == known.end() ? event.presence == Presence::offline
                            : same->second == event.presence) {
        return;  // a repeated presence of a resource: nothing changes
    }
    AgentStatus& status = changing(agent);
    auto& resources = status.resources;
    auto it = std::find_if(resources.begin(), resources.end(),
                           [&](const auto& r) { return r.first == event.resource; });
    if (event.presence == Presence::offline) {
        if (it != resources.end()) {
            resources.erase(it);
        }
    } else if (it != resources.end()) {
        it->second = event.presence;
    } else {
        resources.emplace_back(std::string(event.resource), event.presence);
    }
    Presence best = Presence::offline;
    for (const auto& r : resources) {
        if (rank(r.second) > rank(best)) {
            best = r.second;
        }
    }
    if (best == status.presence) {
        return;
    }
    status.presence = best;
    if (best == Presence::offline && !settings_.include_offline && !status.chats.empty()) {
        status.offline_deadline = now.at + settings_.offline_grace;
        schedule(*status.offline_deadline, TimerKind::agent_offline, agent);
        if (settings_.offline_grace.count() <= 0) {
            status.offline_deadline.reset();
            requeue_chats_of(agent, now, fx);
        }
    } else if (best != Presence::offline) {
        status.offline_deadline.reset();  // back within the grace period: keeps the chats
    }
    after_agent_change(agent, now, fx);
}

void Workgroup::requeue_chats_of(AgentId agent, const Now& now, Effects& fx) {
    const std::vector<ConversationId> chats = agents_[agent].status.chats;
    // Back to the front of the queue in their original order: push the newest first.
    for (auto it = chats.rbegin(); it != chats.rend(); ++it) {
        if (ConversationEntry* entry = find(*it)) {
            requeue(*entry, agent, RevokeReason::agent_offline, now, fx);
        }
    }
    after_agent_change(agent, now, fx);
}

void Workgroup::requeue(ConversationEntry& entry, AgentId agent, RevokeReason why, const Now& now,
                        Effects& fx) {
    detach(entry, now);
    fx.push_back(Revoke{entry.data.id, {agent}, why, texts::revoked(why, entry.data.id, {})});
    tell(entry, VisitorNotice::requeued, texts::requeued(), fx);
    changing(entry).queued_at = now.at;
    route(entry, Place::front, now, fx);
}

void Workgroup::on_agent_left_chat(const AgentLeftChat& event, const Now& now, Effects& fx) {
    const auto agent = find_agent(event.agent);
    ConversationEntry* entry = find(event.conversation);
    if (!agent || entry == nullptr || entry->data.agent != *agent) {
        return;  // no longer theirs (closed, transferred, requeued meanwhile)
    }
    requeue(*entry, *agent, RevokeReason::left_room, now, fx);
    after_agent_change(*agent, now, fx);
}

void Workgroup::on_agent_message(const AgentMessage& event, const Now& now, Effects& fx) {
    const auto found = find_agent(event.agent);
    if (!found) {
        fx.push_back(Refuse{Refusal::forbidden, texts::refused_not_agent()});
        return;
    }
    const AgentId agent = *found;
    if (!event.conversation) {
        run_command(agent, parse_command(event.body), std::nullopt, now, fx);
        return;
    }
    ConversationEntry* entry = find(*event.conversation);
    if (entry == nullptr || entry->data.agent != agent) {
        fx.push_back(Refuse{Refusal::forbidden, why_not_yours(*event.conversation)});
        return;
    }
    if (event.body.size() > settings_.max_message) {
        fx.push_back(
            Refuse{Refusal::not_acceptable, texts::refused_too_long(settings_.max_message)});
        return;
    }
    if (may_be_conversation_command(event.body)) {
        const Command command = parse_command(event.body);
        if (is_conversation_command(command)) {
            run_command(agent, command, entry->data.id, now, fx);
            return;
        }
    }
    if (entry->data.state == ConversationState::offered) {
        accept(*entry, now, fx);
    }
    changes_.said.push_back(Said{entry->data.id, agent, std::string(event.body)});
    fx.push_back(RelayToVisitor{entry->data.id, entry->data.visitor, std::string(event.body)});
}

std::string Workgroup::why_not_yours(ConversationId id) const {
    // Closed conversations leave the workgroup; ids are never reused.
    if (id >= next_id_) {
        return texts::refused_no_chat(id);
    }
    const auto it = conversations_.find(id);
    if (it == conversations_.end()) {
        return texts::refused_closed(id);
    }
    const std::optional<AgentId> holder = it->second.data.agent;
    return holder ? texts::refused_now_with(id, settings_.agents[*holder].name)
                  : texts::refused_not_yours(id);
}

void Workgroup::on_agent_typing(const AgentTyping& event, const Now& now, Effects& fx) {
    const auto agent = find_agent(event.agent);
    ConversationEntry* entry = find(event.conversation);
    if (!agent || entry == nullptr || entry->data.agent != *agent) {
        return;  // the component relays nothing either
    }
    if (entry->data.state == ConversationState::offered) {
        accept(*entry, now, fx);
    }
}

void Workgroup::on_agent_refused(const AgentRefused& event, Effects& fx) {
    const auto agent = find_agent(event.agent);
    ConversationEntry* entry = find(event.conversation);
    if (!agent || entry == nullptr || entry->data.agent != *agent ||
        entry->told_refused == *agent) {
        return;  // told once per chat and agent: every line that bounces would flood them
    }
    entry->told_refused = *agent;
    fx.push_back(TellAgent{
        *agent, event.conversation, AgentNotice::messages_refused,
        texts::messages_refused(
            event.conversation,
            texts::conversation_address(settings_.conversation_address, event.conversation))});
}

}  // namespace routing
