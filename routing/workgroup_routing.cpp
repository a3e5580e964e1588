// Workgroup: routing decisions (sticky, mode choice), offers, notifications and closing.

#include <algorithm>

#include "routing/texts.hpp"
#include "routing/workgroup.hpp"

namespace routing {

namespace {

constexpr std::size_t kNotifiedLimit = 64;  // broadcast: agents remembered per chat

bool contains(const std::vector<AgentId>& agents, AgentId agent) {
    return std::find(agents.begin(), agents.end(), agent) != agents.end();
}

}  // namespace

void Workgroup::route(ConversationEntry& entry, Place place, const Now& now, Effects& fx) {
    if (auto agent = choose(entry, now)) {
        offer(entry, *agent, decision_text(entry.decision), now, fx);
        return;
    }
    if (!entry.linked[kWorkgroupQueue]) {
        update_adaptive(fx, 1);  // this chat may be the one too many
    }
    decide(entry,
           mode() == Mode::broadcast ? DecisionKind::notified
           : mode() == Mode::queue   ? DecisionKind::queued
                                     : DecisionKind::no_agent,
           now);
    enqueue(entry, place, now, fx);
    if (mode() == Mode::broadcast) {
        notify(entry, fx);
    }
}

std::optional<AgentId> Workgroup::choose(ConversationEntry& entry, const Now& now) {
    Pool& pool = *pools_[entry.pool];
    const auto& timed_out = entry.data.timed_out;
    if (settings_.sticky) {
        const auto served_last = [&](std::string_view key) -> std::optional<AgentId> {
            auto it = last_agent_of_.find(key);
            if (it != last_agent_of_.end() && pool.contains(it->second) &&
                !contains(timed_out, it->second)) {
                return it->second;
            }
            return std::nullopt;
        };
        // The widget's visitor id first: an anonymous visitor has a new JID every visit.
        auto agent = entry.data.visitor_id.empty()
                         ? std::nullopt
                         : served_last(visitor_id_key(entry.data.visitor_id));
        if (!agent) {
            agent = served_last(entry.data.visitor);
        }
        if (agent) {
            decide(entry, DecisionKind::sticky, now).chosen = *agent;
            return agent;
        }
    }
    if (mode() == Mode::broadcast || mode() == Mode::queue) {
        return std::nullopt;
    }
    // Never back to an agent who let this chat time out, unless nobody else is eligible:
    // take them out of the pool for the draw (a handful of agents at most).
    std::vector<AgentId> excluded;
    for (AgentId agent : timed_out) {
        if (pool.contains(agent)) {
            excluded.push_back(agent);
        }
    }
    if (excluded.size() == pool.eligible_count()) {
        excluded.clear();
    }
    for (AgentId agent : excluded) {
        pool.erase(agent, agents_[agent].key);
    }
    const auto picked = pool.pick(rotation_last_, rng_);
    const std::int64_t total_weight = pool.total_weight();
    for (AgentId agent : excluded) {
        pool.insert(agent, agents_[agent].key, weight(agent));
    }
    if (picked) {
        // What made it this agent, recorded now: `why` tells it later.
        Decision& d = decide(entry,
                             settings_.mode == Mode::least_busy ? DecisionKind::least_busy
                             : settings_.mode == Mode::weighted ? DecisionKind::weighted
                             : settings_.order == Order::rotate ? DecisionKind::rotation
                                                                : DecisionKind::random_draw,
                             now);
        d.chosen = *picked;
        d.skipped_timed_out = !excluded.empty();
        d.eligible -= static_cast<std::uint32_t>(excluded.size());
        d.before = rotation_last_.value_or(Decision::kNobody);
        d.open = static_cast<int>(agents_[*picked].status.chats.size());
        d.weight = weight(*picked);
        d.total_weight = total_weight;
        if (settings_.mode == Mode::round_robin) {
            rotation_last_ = picked;
        }
    }
    return picked;
}

void Workgroup::offer(ConversationEntry& entry, AgentId agent, std::string why, const Now& now,
                      Effects& fx) {
    const Duration waited = record_wait(entry, now);
    Conversation& c = transition(entry, ConversationState::offered, now);
    attach(entry, agent, now);
    fx.push_back(Assign{
        c.id, agent, AssignReason::offered, c.visitor, c.visitor_name, c.backlog,
        texts::assigned(AssignReason::offered, c.id, c.visitor_name, settings_.offer_timeout, {},
                        texts::conversation_address(settings_.conversation_address, c.id)),
        std::move(why), c.handed_over, waited});
}

void Workgroup::hand_over(Conversation& c) {
    // From now on the transcript is the record of what the visitor wrote; the backlog
    // neither grows nor is written again with every line.
    c.handed_over = true;
    c.backlog.clear();
    c.backlog.shrink_to_fit();
}

void Workgroup::remember_agent(const Conversation& c, AgentId agent) {
    if (!settings_.sticky) {
        return;
    }
    last_agent_of_[c.visitor] = agent;
    changes_.sticky.emplace_back(c.visitor, agent);
    if (!c.visitor_id.empty()) {
        std::string key = visitor_id_key(c.visitor_id);
        last_agent_of_[key] = agent;
        changes_.sticky.emplace_back(std::move(key), agent);
    }
}

void Workgroup::accept(ConversationEntry& entry, const Now& now, Effects& fx) {
    Conversation& c = transition(entry, ConversationState::assigned, now);
    remember_agent(c, *c.agent);
    hand_over(c);
    tell(entry, VisitorNotice::agent_joined, texts::agent_joined(settings_.agents[*c.agent].name),
         fx);
}

void Workgroup::give(ConversationEntry& entry, AgentId agent, AssignReason reason, const Now& now,
                     Effects& fx, std::optional<AgentId> from) {
    const Duration waited =
        reason != AssignReason::transferred ? record_wait(entry, now) : Duration{0};
    Decision& d = decide(entry,
                         reason == AssignReason::taken  ? DecisionKind::taken
                         : reason == AssignReason::next ? DecisionKind::next
                                                        : DecisionKind::transferred,
                         now);
    d.chosen = agent;
    d.before = from.value_or(Decision::kNobody);
    Conversation& c = transition(entry, ConversationState::assigned, now);
    attach(entry, agent, now);
    remember_agent(c, agent);
    const std::string& name = settings_.agents[agent].name;
    const std::string from_name = from ? settings_.agents[*from].name : std::string{};
    fx.push_back(
        Assign{c.id,
               agent,
               reason,
               c.visitor,
               c.visitor_name,
               c.backlog,
               texts::assigned(reason, c.id, c.visitor_name, {}, from_name,
                               texts::conversation_address(settings_.conversation_address, c.id)),
               {},
               c.handed_over,
               waited});
    hand_over(c);
    if (reason == AssignReason::transferred) {
        tell(entry, VisitorNotice::transferred, texts::transferred(name), fx);
    }
    tell(entry, VisitorNotice::agent_joined, texts::agent_joined(name), fx);
}

void Workgroup::attach(ConversationEntry& entry, AgentId agent, const Now& now) {
    AgentStatus& status = changing(agent);
    status.chats.push_back(entry.data.id);
    if (status.day != day_) {
        status.day = day_;
        status.daily_count = 0;
    }
    ++status.daily_count;
    status.idle_since = now.at;
    changing(entry).agent = agent;
    refresh(agent);
}

void Workgroup::detach(ConversationEntry& entry, const Now& now) {
    if (!entry.data.agent) {
        return;
    }
    const AgentId agent = *entry.data.agent;
    AgentStatus& status = changing(agent);
    status.chats.erase(std::remove(status.chats.begin(), status.chats.end(), entry.data.id),
                       status.chats.end());
    status.idle_since = now.at;
    changing(entry).agent.reset();
    refresh(agent);
}

void Workgroup::drain(AgentId agent, const Now& now, Effects& fx) {
    // Capacity freed up: chats waiting in this agent's pools are routed at once, oldest first
    // (the mode still decides which eligible agent gets each one).
    while (agents_[agent].indexed) {
        ConversationEntry* best = nullptr;
        for (std::uint32_t p : agents_[agent].pools) {
            ConversationEntry* front = pools_[p]->waiting.front();
            if (front != nullptr && pools_[p]->contains(agent) &&
                (best == nullptr || served_before(front->data, best->data))) {
                best = front;
            }
        }
        if (best == nullptr) {
            return;
        }
        route(*best, Place::keep, now, fx);
        if (best->data.state == ConversationState::waiting) {
            return;  // cannot happen while the pool has an eligible agent; never loop
        }
    }
}

void Workgroup::notify(ConversationEntry& entry, Effects& fx) {
    Conversation& c = changing(entry);
    const Pool& pool = *pools_[entry.pool];
    std::vector<AgentId> agents;
    agents.reserve(pool.eligible_count());
    for (AgentId agent : pool.eligible()) {
        if (!contains(c.timed_out, agent)) {
            agents.push_back(agent);
        }
    }
    if (agents.empty()) {
        agents = pool.eligible();  // only those who let it time out are left
    }
    if (!c.notified_many && !c.notified.empty()) {
        // Told already (before a skill was relaxed, or before the workgroup went back from
        // queue to broadcast): once is enough.
        agents.erase(std::remove_if(agents.begin(), agents.end(),
                                    [&](AgentId a) { return contains(c.notified, a); }),
                     agents.end());
    }  // (too many to list: everyone hears it again rather than someone never)
    if (agents.empty()) {
        return;
    }
    // Remember who was told, so that only they hear it was taken; a very large team is not
    // listed per chat (memory), everyone present with the skills hears instead.
    if (!c.notified_many) {
        for (AgentId agent : agents) {
            if (c.notified.size() >= kNotifiedLimit) {
                c.notified.clear();
                c.notified.shrink_to_fit();
                c.notified_many = true;
                break;
            }
            if (!contains(c.notified, agent)) {
                c.notified.push_back(agent);
            }
        }
    }
    fx.push_back(Notify{c.id, std::move(agents), c.visitor_name, c.first_message,
                        texts::new_chat(c.id, c.visitor_name, c.first_message)});
}

void Workgroup::revoke_notified(ConversationEntry& entry, RevokeReason reason,
                                std::optional<AgentId> taker, Effects& fx,
                                std::string_view moved_to) {
    Conversation& c = changing(entry);
    std::vector<AgentId> agents;
    if (c.notified_many) {
        const SkillSet& needed = pools_[entry.pool]->skills();
        for (std::size_t i = 0; i < agents_.size(); ++i) {
            if (agents_[i].present && i != taker &&
                SkillCatalog::holds(skills_.agent_skills(i), needed)) {
                agents.push_back(static_cast<AgentId>(i));
            }
        }
    } else {
        for (AgentId agent : c.notified) {
            if (agent != taker) {
                agents.push_back(agent);
            }
        }
    }
    c.notified.clear();
    c.notified_many = false;
    if (agents.empty()) {
        return;
    }
    const std::string taker_name = taker ? settings_.agents[*taker].name : std::string(moved_to);
    fx.push_back(Revoke{c.id, std::move(agents), reason, texts::revoked(reason, c.id, taker_name)});
}

void Workgroup::close(ConversationEntry& entry, CloseReason reason, const Now& now, Effects& fx) {
    Conversation& c = changing(entry);
    const auto agent = c.agent;
    const bool missed =
        c.state != ConversationState::offered && c.state != ConversationState::assigned;
    const RevokeReason why =
        reason == CloseReason::retired ? RevokeReason::retired : RevokeReason::gone;
    if (missed) {
        revoke_notified(entry, why, std::nullopt, fx);
    } else {
        if (reason == CloseReason::retired) {
            fx.push_back(Revoke{c.id, {*agent}, why, texts::revoked(why, c.id, {})});
        }
        detach(entry, now);
    }
    leave_state(entry, now);
    if (reason == CloseReason::queue_timeout || reason == CloseReason::retired) {
        tell(entry, VisitorNotice::closed, settings_.offline, fx);
    } else if (reason == CloseReason::agent) {
        tell(entry, VisitorNotice::closed, texts::closed(settings_.agents[*agent].name), fx);
    }
    if (missed) {
        ++missed_today_;
    }
    fx.push_back(Closed{c.id, c.visitor, agent, reason, missed});
    open_by_visitor_.erase(&entry);
    conversations_.erase(c.id);
    if (agent) {
        after_agent_change(*agent, now, fx);
    }
}

void Workgroup::retire(const Now& now, Effects& fx) {
    std::vector<ConversationId> open;
    open.reserve(conversations_.size());
    for (const auto& [id, entry] : conversations_) {
        open.push_back(id);
    }
    std::sort(open.begin(), open.end());
    for (const ConversationId id : open) {
        close(conversations_.at(id), CloseReason::retired, now, fx);
    }
}

void Workgroup::offer_timed_out(ConversationEntry& entry, const Now& now, Effects& fx) {
    Conversation& c = changing(entry);
    const AgentId agent = *c.agent;
    if (!contains(c.timed_out, agent)) {
        c.timed_out.push_back(agent);
    }
    detach(entry, now);
    fx.push_back(Revoke{
        c.id, {agent}, RevokeReason::timed_out, texts::revoked(RevokeReason::timed_out, c.id, {})});
    route(entry, Place::front, now, fx);
    after_agent_change(agent, now, fx);
}

Duration Workgroup::record_wait(const ConversationEntry& entry, const Now& now) {
    const auto waited =
        std::max(Duration{0}, std::chrono::duration_cast<Duration>(now.at - entry.data.queued_at));
    const auto ms = static_cast<double>(waited.count());
    estimated_wait_ms_ = wait_sampled_ ? 0.8 * estimated_wait_ms_ + 0.2 * ms : ms;
    wait_sampled_ = true;
    return waited;
}

}  // namespace routing
