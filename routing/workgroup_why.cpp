// Workgroup: the record of each routing decision, and `why`, which explains it. The record
// costs O(1) when the decision is made; the agents left out are reconstructed, bounded,
// when someone asks, and an agent whose state changed since is named as such.

#include <algorithm>

#include "routing/texts.hpp"
#include "routing/workgroup.hpp"

namespace routing {

namespace {

constexpr std::size_t kWhyListed = 20;  // agents named per group, then "and N more"

void add_bounded(std::vector<texts::WhyAgent>& group, std::size_t& more, std::string_view name,
                 std::string reason) {
    if (group.size() < kWhyListed) {
        group.push_back({name, std::move(reason)});
    } else {
        ++more;
    }
}

bool routed_by_mode(DecisionKind kind) {
    switch (kind) {
        case DecisionKind::sticky:
        case DecisionKind::rotation:
        case DecisionKind::random_draw:
        case DecisionKind::least_busy:
        case DecisionKind::weighted:
        case DecisionKind::no_agent:
        case DecisionKind::notified:
        case DecisionKind::queued:
            return true;
        default:
            return false;
    }
}

}  // namespace

Decision& Workgroup::decide(ConversationEntry& entry, DecisionKind kind, const Now& now) {
    Decision& d = entry.decision;
    d = Decision{};
    d.kind = kind;
    d.pool = entry.pool;
    d.eligible = static_cast<std::uint32_t>(pools_[entry.pool]->eligible_count());
    d.seq = agent_changes_;
    d.at = now.at;
    return d;
}

std::string Workgroup::decision_text(const Decision& d) const {
    const auto& agents = settings_.agents;
    const std::string_view before =
        d.before < agents.size() ? std::string_view(agents[d.before].name) : std::string_view{};
    const int priority = d.chosen < agents.size() ? agents[d.chosen].priority : 0;
    return texts::decision(d, before, priority);
}

std::string Workgroup::left_out_reason(AgentId agent, const ConversationEntry& entry,
                                       std::uint32_t pool) const {
    const Pool& p = *pools_[pool];
    const AgentRuntime& a = agents_[agent];
    const SkillSet& held = skills_.agent_skills(agent);
    if (!SkillCatalog::holds(held, p.skills())) {
        std::vector<std::string_view> missing;
        for (SkillId skill : p.skills()) {
            if (!std::binary_search(held.begin(), held.end(), skill)) {
                missing.push_back(skills_.name(skill));
            }
        }
        return texts::lacks(missing);
    }
    if (!a.present) {
        return texts::not_present(a.status.presence);
    }
    if (a.status.paused) {
        return texts::is_paused();
    }
    const int max_chats = settings_.agents[agent].max_chats;
    if (static_cast<int>(a.status.chats.size()) >= max_chats) {
        return texts::full_up(max_chats);
    }
    if (capped(agent)) {
        return texts::daily_limit_reached(settings_.agents[agent].daily_limit);
    }
    const auto& timed_out = entry.data.timed_out;
    if (entry.decision.skipped_timed_out &&
        std::find(timed_out.begin(), timed_out.end(), agent) != timed_out.end()) {
        return texts::let_it_time_out();
    }
    return {};
}

void Workgroup::why(AgentId agent, const Command& command, std::optional<ConversationId> in,
                    const Now& now, Effects& fx) {
    const std::optional<ConversationId> id = chat_named(agent, command, in);
    if (!id) {
        reply(agent, ReplyKind::which_chat, 0,
              texts::which_chat(CommandKind::why, agents_[agent].status.chats), fx);
        return;
    }
    const ConversationEntry* entry = find(*id);
    if (entry == nullptr) {
        reply(agent, ReplyKind::no_such_chat, *id, texts::why_not_open(*id), fx);
        return;
    }
    const Decision& d = entry->decision;
    const auto& agents = settings_.agents;
    texts::WhyAnswer answer;
    answer.id = *id;
    answer.decision = &d;
    answer.chosen =
        d.chosen < agents.size() ? std::string_view(agents[d.chosen].name) : std::string_view{};
    answer.how = decision_text(d);
    answer.ago = std::chrono::duration_cast<Duration>(now.at - d.at);
    answer.holder =
        entry->data.agent ? std::string_view(agents[*entry->data.agent].name) : std::string_view{};
    answer.outside_hours = !within_hours_;
    answer.via = entry->data.via;
    for (const RelaxedSkill& r : entry->data.relaxed) {
        answer.relaxed.emplace_back(r.skill, std::chrono::duration_cast<Duration>(now.at - r.at));
    }
    if (routed_by_mode(d.kind)) {
        // Who else could have had it: as they are now, which is as they were then for
        // everyone whose status has not changed since (the record's change count).
        for (std::size_t i = 0; i < agents_.size(); ++i) {
            const auto other = static_cast<AgentId>(i);
            if (other == d.chosen) {
                continue;
            }
            std::string reason = left_out_reason(other, *entry, d.pool);
            if (agents_[i].changed > d.seq) {
                add_bounded(answer.changed, answer.more_changed, agents[i].name,
                            reason.empty() ? texts::eligible_now() : std::move(reason));
            } else if (reason.empty()) {
                add_bounded(answer.eligible, answer.more_eligible, agents[i].name, {});
            } else {
                add_bounded(answer.left_out, answer.more_left_out, agents[i].name,
                            std::move(reason));
            }
        }
    }
    reply(agent, ReplyKind::why, *id, texts::why(answer), fx);
}

}  // namespace routing
