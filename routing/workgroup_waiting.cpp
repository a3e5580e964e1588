// Workgroup: what happens to a chat that waits too long (PRODUCT.md, "When a chat waits too
// long"): a required skill is relaxed, the chat overflows to another workgroup (and arrives
// in one), and an adaptive broadcast workgroup behaves as queue while many chats wait.
// Chat priority is the queue's own order (routing/queue.hpp).

#include <algorithm>

#include "routing/texts.hpp"
#include "routing/workgroup.hpp"

namespace routing {

std::optional<Time> Workgroup::next_rule_at(const ConversationEntry& entry) const {
    const Conversation& c = entry.data;
    if (c.state != ConversationState::waiting) {
        return std::nullopt;
    }
    std::optional<Time> at;
    const auto consider = [&](Duration after) {
        if (after.count() > 0 && (!at || c.queued_at + after < *at)) {
            at = c.queued_at + after;
        }
    };
    for (const auto& skill : c.skills) {
        consider(skills_.relax_after(skill));
    }
    if (!settings_.overflow.empty() && !entry.overflow_asked) {
        consider(settings_.overflow_after);
    }
    return at;
}

std::optional<Time> Workgroup::wake_at(const ConversationEntry& entry) const {
    std::optional<Time> at = entry.data.deadline;
    if (const auto rule = next_rule_at(entry); rule && (!at || *rule < *at)) {
        at = rule;
    }
    return at;
}

void Workgroup::waited_too_long(ConversationEntry& entry, const Now& now, Effects& fx) {
    std::vector<std::string> kept;
    std::vector<std::string> dropped;
    for (const auto& skill : entry.data.skills) {
        const Duration after = skills_.relax_after(skill);
        (after.count() > 0 && entry.data.queued_at + after <= now.at ? dropped : kept)
            .push_back(skill);
    }
    if (!dropped.empty()) {
        // Routed by the rest at once; its place in the queue stays.
        leave_state(entry, now);
        Conversation& c = changing(entry);
        for (auto& skill : dropped) {
            c.relaxed.push_back(RelaxedSkill{std::move(skill), now.at});
        }
        c.skills = std::move(kept);
        SkillSet needed;
        for (const auto& name : c.skills) {
            SkillCatalog::add(needed, skills_.id(name));
        }
        entry.pool = pool_for(needed);
        route(entry, Place::keep, now, fx);
    }
    if (entry.data.state == ConversationState::waiting && !settings_.overflow.empty() &&
        !entry.overflow_asked && settings_.overflow_after.count() > 0 &&
        entry.data.queued_at + settings_.overflow_after <= now.at) {
        entry.overflow_asked = true;
        fx.push_back(Overflow{entry.data.id, settings_.overflow});
    }
}

void Workgroup::adopt(const Adopt& event, const Now& now, Effects& fx) {
    const Conversation& from = *event.conversation;
    if (compute_availability() != Availability::open ||
        open_by_visitor_.find(from.visitor) != nullptr) {
        return;  // it stays where it waits
    }
    const ConversationId id = next_id_++;
    ConversationEntry& entry = conversations_[id];
    entry.data.id = id;
    Conversation& c = changing(entry);
    c.visitor = from.visitor;
    c.visitor_id = from.visitor_id;
    c.visitor_name = from.visitor_name;
    c.language = from.language;
    c.first_message = from.first_message;
    c.backlog = from.backlog;
    c.handed_over = from.handed_over;
    c.priority = from.priority;
    c.via = from.via.empty() ? std::string(event.from) : from.via;
    c.created_at = from.created_at;  // its place here is by arrival
    c.queued_at = now.at;            // the timeouts here count from now
    c.visitor_online = from.visitor_online;
    c.visitor_gone = from.visitor_gone;
    if (c.visitor_gone) {
        schedule(*c.visitor_gone, TimerKind::visitor_gone, id);
    }
    // Its skills here are what this workgroup's rules make of its first message.
    const SkillSet needed = skills_.required(c.first_message, c.language).skills;
    c.skills = skills_.names(needed);
    for (const auto& line : c.backlog) {
        changes_.said.push_back(Said{id, std::nullopt, line.body, true});
    }
    open_by_visitor_.insert(&entry);
    entry.pool = pool_for(needed);
    route(entry, Place::arrival, now, fx);
}

void Workgroup::moved(const Moved& event, const Now& now, Effects& fx) {
    ConversationEntry* found = find(event.conversation);
    if (found == nullptr || found->data.state != ConversationState::waiting) {
        return;
    }
    ConversationEntry& entry = *found;
    revoke_notified(entry, RevokeReason::overflowed, std::nullopt, fx, event.to);
    leave_state(entry, now);
    Conversation& c = changing(entry);
    fx.push_back(Closed{c.id, c.visitor, std::nullopt, CloseReason::overflowed, false});
    open_by_visitor_.erase(&entry);
    conversations_.erase(c.id);
}

void Workgroup::update_adaptive(Effects& fx, std::size_t coming) {
    const int above = settings_.adaptive_queue_above;
    if (settings_.mode != Mode::broadcast || above <= 0) {
        return;
    }
    const std::size_t waiting = queue_.size() + coming;
    const bool switch_to_queue = !queueing_ && waiting > static_cast<std::size_t>(above);
    const bool switch_back = queueing_ && waiting <= static_cast<std::size_t>(above / 2);
    if (!switch_to_queue && !switch_back) {
        return;
    }
    queueing_ = switch_to_queue;
    const std::string text =
        queueing_ ? texts::now_queue(above, waiting) : texts::now_broadcast(waiting);
    for (std::size_t i = 0; i < agents_.size(); ++i) {
        if (agents_[i].present) {
            fx.push_back(TellAgent{static_cast<AgentId>(i), 0,
                                   queueing_ ? AgentNotice::now_queue : AgentNotice::now_broadcast,
                                   text});
        }
    }
    if (!queueing_) {
        // Broadcast again: the chats still waiting are announced as new ones are.
        for (ConversationEntry* e = queue_.front(); e != nullptr; e = queue_.next(e)) {
            notify(*e, fx);
        }
    }
}

}  // namespace routing
