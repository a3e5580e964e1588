// Workgroup: construction, the event loop (timers, calendar, dispatch) and availability.

#include "routing/workgroup.hpp"
#include "routing/text.hpp"
#include "routing/texts.hpp"

#include <algorithm>
#include <cmath>

namespace routing {

namespace {

template <class... Fs>
struct Overloaded : Fs... {
    using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

template <class T>
void sort_unique(std::vector<T>& ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

}  // namespace

Workgroup::Workgroup(WorkgroupSettings settings, std::uint64_t seed)
    : settings_(std::move(settings)), skills_(settings_), rng_(seed) {
    const std::size_t n = settings_.agents.size();
    agents_.resize(n);
    pools_.push_back(std::make_unique<Pool>(settings_.mode, settings_.order, SkillSet{}, n));
    pool_by_skills_[SkillSet{}] = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto id = static_cast<AgentId>(i);
        agents_[i].status.id = id;
        agents_[i].pools.push_back(0);
        agents_[i].jid = ascii_lower(settings_.agents[i].jid);
        if (agent_by_jid_.find(agents_[i].jid) == nullptr) {
            agent_by_jid_.insert(&agents_[i]);
        }
        agent_by_name_.emplace(ascii_lower(settings_.agents[i].name), id);
        refresh(id);
    }
}

Effects Workgroup::handle(const Event& event, const Now& now) {
    Effects fx;
    // Most events have fewer effects. A request of 1,024 bytes or more is a "large" one
    // for glibc's malloc, which then consolidates its fast bins first: 4 % of the
    // component's CPU under load when 6 effects of 184 bytes crossed that line.
    constexpr std::size_t kSmallRequest = 1000;
    fx.reserve(std::max<std::size_t>(1, kSmallRequest / sizeof(Effect)));
    changes_.conversations.clear();
    changes_.agents.clear();
    changes_.sticky.clear();
    changes_.said.clear();
    update_calendar(now, fx);
    fire_due(now, fx);
    dispatch(event, now, fx);
    fire_due(now, fx);  // deadlines the event itself set to "now" (e.g. a zero grace period)
    update_adaptive(fx);
    schedule_calendar(now);
    report_availability(fx);
    sort_unique(changes_.conversations);
    sort_unique(changes_.agents);
    while (!timers_.empty() && !timer_valid(timers_.top())) {
        timers_.pop();
    }
    // Cancelled timers stay in the heap until due; sweep them out when they pile up
    // (each live conversation or agent has at most two live timers).
    if (timers_.size() > 64 + 4 * (conversations_.size() + agents_.size())) {
        timers_.remove_if([this](const Timer& t) { return !timer_valid(t); });
    }
    return fx;
}

void Workgroup::dispatch(const Event& event, const Now& now, Effects& fx) {
    std::visit(Overloaded{
                   [&](const VisitorMessage& e) { on_visitor_message(e, now, fx); },
                   [&](const VisitorPresence& e) { on_visitor_presence(e, now, fx); },
                   [&](const AgentPresence& e) { on_agent_presence(e, now, fx); },
                   [&](const AgentMessage& e) { on_agent_message(e, now, fx); },
                   [&](const AgentTyping& e) { on_agent_typing(e, now, fx); },
                   [&](const AgentCommand& e) {
                       if (auto agent = find_agent(e.agent)) {
                           run_command(*agent, e.command, e.conversation, now, fx);
                       } else {
                           fx.push_back(Refuse{Refusal::forbidden, texts::refused_not_agent()});
                       }
                   },
                   [&](const AgentRefused& e) { on_agent_refused(e, fx); },
                   [&](const AgentLeftChat& e) { on_agent_left_chat(e, now, fx); },
                   [&](const Tick&) {},
                   [&](const Retire&) { retire(now, fx); },
                   [&](const Adopt& e) { adopt(e, now, fx); },
                   [&](const Moved& e) { moved(e, now, fx); },
               },
               event);
}

std::optional<Time> Workgroup::next_deadline() const {
    if (timers_.empty()) {
        return std::nullopt;
    }
    return timers_.top().at;
}

std::optional<AgentId> Workgroup::find_agent(std::string_view jid) const {
    const AgentRuntime* agent = agent_by_jid_.find(jid);
    if (agent == nullptr) {
        agent = agent_by_jid_.find(ascii_lower(jid));
        if (agent == nullptr) {
            return std::nullopt;
        }
    }
    return agent->status.id;
}

const Conversation* Workgroup::conversation(ConversationId id) const {
    auto it = conversations_.find(id);
    return it == conversations_.end() ? nullptr : &it->second.data;
}

const Conversation* Workgroup::conversation_of(std::string_view visitor) const {
    const ConversationEntry* entry = open_by_visitor_.find(visitor);
    return entry == nullptr ? nullptr : &entry->data;
}

ConversationEntry* Workgroup::find(ConversationId id) {
    auto it = conversations_.find(id);
    return it == conversations_.end() ? nullptr : &it->second;
}

const ConversationEntry* Workgroup::find(ConversationId id) const {
    auto it = conversations_.find(id);
    return it == conversations_.end() ? nullptr : &it->second;
}

Conversation& Workgroup::changing(ConversationEntry& entry) {
    changes_.conversations.push_back(entry.data.id);
    return entry.data;
}

AgentStatus& Workgroup::changing(AgentId agent) {
    changes_.agents.push_back(agent);
    agents_[agent].changed = ++agent_changes_;  // `why` tells what changed since a decision
    return agents_[agent].status;
}

// --- timers -------------------------------------------------------------------------------

void Workgroup::schedule(Time at, TimerKind kind, std::uint64_t id) {
    timers_.push(Timer{at, kind, id});
}

bool Workgroup::timer_valid(const Timer& timer) const {
    switch (timer.kind) {
        case TimerKind::conversation: {
            auto it = conversations_.find(timer.id);
            return it != conversations_.end() && wake_at(it->second) == timer.at;
        }
        case TimerKind::visitor_gone: {
            auto it = conversations_.find(timer.id);
            return it != conversations_.end() && it->second.data.visitor_gone == timer.at;
        }
        case TimerKind::agent_offline:
            return timer.id < agents_.size() &&
                   agents_[timer.id].status.offline_deadline == timer.at;
        case TimerKind::positions:
            return positions_at_ == timer.at;
        case TimerKind::calendar:
            return calendar_at_ == timer.at;
    }
    return false;
}

void Workgroup::fire_due(const Now& now, Effects& fx) {
    while (!timers_.empty() && timers_.top().at <= now.at) {
        const Timer timer = timers_.top();
        timers_.pop();
        if (timer_valid(timer)) {
            fire(timer, now, fx);
        }
    }
}

void Workgroup::fire(const Timer& timer, const Now& now, Effects& fx) {
    switch (timer.kind) {
        case TimerKind::conversation: {
            ConversationEntry& entry = *find(timer.id);
            // A waiting chat has one timer for its rules and its queue timeout, whichever
            // is sooner: the rules first, then the timeout if it is due as well.
            if (const auto rule = next_rule_at(entry); rule && *rule <= now.at) {
                waited_too_long(entry, now, fx);
                if (entry.data.state != ConversationState::waiting) {
                    break;  // routed by the rest of its skills: its new state has its timer
                }
                // Still waiting: the next rule, or the queue timeout (a timer twice at the
                // same time is harmless: the second finds nothing due).
                if (const auto at = wake_at(entry); at && *at > now.at) {
                    schedule(*at, TimerKind::conversation, timer.id);
                }
            }
            if (!entry.data.deadline || *entry.data.deadline > now.at) {
                break;
            }
            changing(entry).deadline.reset();
            switch (entry.data.state) {
                case ConversationState::menu:
                case ConversationState::waiting:
                    close(entry, CloseReason::queue_timeout, now, fx);
                    break;
                case ConversationState::delayed:
                    route(entry, Place::arrival, now, fx);
                    break;
                case ConversationState::offered:
                    offer_timed_out(entry, now, fx);
                    break;
                case ConversationState::assigned:
                    break;
            }
            break;
        }
        case TimerKind::visitor_gone: {
            ConversationEntry& entry = *find(timer.id);
            changing(entry).visitor_gone.reset();
            const auto state = entry.data.state;
            if (state == ConversationState::menu || state == ConversationState::delayed ||
                state == ConversationState::waiting) {
                close(entry, CloseReason::visitor_left, now, fx);
            } else if (entry.data.agent) {
                fx.push_back(TellAgent{*entry.data.agent, entry.data.id, AgentNotice::visitor_left,
                                       texts::visitor_left(entry.data.id)});
            }
            break;
        }
        case TimerKind::agent_offline: {
            const auto agent = static_cast<AgentId>(timer.id);
            changing(agent).offline_deadline.reset();
            requeue_chats_of(agent, now, fx);
            break;
        }
        case TimerKind::positions:
            positions_at_.reset();
            sweep_positions(now, fx);
            break;
        case TimerKind::calendar:
            calendar_at_.reset();
            break;
    }
}

// --- calendar -----------------------------------------------------------------------------

void Workgroup::update_calendar(const Now& now, Effects& fx) {
    within_hours_ = settings_.hours.empty();
    for (const auto& window : settings_.hours) {
        if ((window.days >> now.weekday) & 1U && window.start_minute <= now.minute_of_day &&
            now.minute_of_day < window.end_minute) {
            within_hours_ = true;
        }
    }
    if (day_known_ && now.local_day == day_) {
        return;
    }
    const bool first = !day_known_;
    day_known_ = true;
    day_ = now.local_day;
    if (!first) {
        missed_today_ = 0;
    }
    // Once a day: daily counters start again, and agents who were at their limit come back.
    for (std::size_t i = 0; i < agents_.size(); ++i) {
        if (agents_[i].status.day != day_) {
            auto& status = changing(static_cast<AgentId>(i));
            // capped() already reads yesterday's count as none: put the agent back.
            const bool had_chats = status.daily_count > 0;
            status.daily_count = 0;
            status.day = day_;
            if (had_chats && settings_.mode == Mode::weighted) {
                after_agent_change(static_cast<AgentId>(i), now, fx);
            }
        }
    }
}

void Workgroup::schedule_calendar(const Now& now) {
    if (calendar_at_) {
        return;
    }
    int boundary = 24 * 60;  // local midnight
    for (const auto& window : settings_.hours) {
        if ((window.days >> now.weekday) & 1U) {
            for (int minute : {window.start_minute, window.end_minute}) {
                if (minute > now.minute_of_day && minute < boundary) {
                    boundary = minute;
                }
            }
        }
    }
    const Time at = std::chrono::floor<std::chrono::minutes>(now.at) +
                    std::chrono::minutes{boundary - now.minute_of_day};
    calendar_at_ = at;
    schedule(at, TimerKind::calendar, 0);
}

// --- availability -------------------------------------------------------------------------

Availability Workgroup::compute_availability() const {
    if (!within_hours_ || present_agents_ == 0) {
        return Availability::closed;
    }
    const bool someone_has_room = pools_[0]->eligible_count() > 0;
    const bool queue_at_limit =
        waiting_count() >= static_cast<std::size_t>(std::max(settings_.max_queue, 0));
    // In queue and broadcast chats wait for an agent to pull or take them even while
    // agents have room, so max_queue waiting chats alone make the workgroup full
    // (PRODUCT.md, "Capacity"); with max_queue = 0 only capacity counts there too.
    const bool chats_wait_anyway =
        (settings_.mode == Mode::queue || settings_.mode == Mode::broadcast) &&
        settings_.max_queue > 0;
    if (queue_at_limit && (!someone_has_room || chats_wait_anyway)) {
        return Availability::full;
    }
    return Availability::open;
}

Availability Workgroup::availability() const {
    return compute_availability();
}

QueueFigures Workgroup::figures() const {
    QueueFigures figures;
    figures.count = static_cast<std::uint32_t>(waiting_count());
    // The front is the first of the smallest priority number, not always the oldest.
    queue_.for_each_level_front([&](const ConversationEntry* e) {
        if (!figures.oldest || e->data.queued_at < *figures.oldest) {
            figures.oldest = e->data.queued_at;
        }
    });
    figures.estimated_wait =
        std::chrono::seconds{static_cast<std::int64_t>(std::llround(estimated_wait_ms_ / 1000.0))};
    return figures;
}

AvailabilityChanged Workgroup::report() const {
    AvailabilityChanged report;
    report.availability = compute_availability();
    report.figures = figures();
    if (report.availability == Availability::full) {
        report.status = settings_.not_available;
    } else if (report.availability == Availability::closed) {
        report.status = settings_.offline;
    }
    if (mode() == Mode::queue) {
        // The chats `next` pulls: not those still in the menu or the assign delay.
        report.agent_status = texts::desk_status(queue_.size());
    }
    return report;
}

void Workgroup::report_availability(Effects& fx) {
    AvailabilityChanged current = report();
    if (reported_ && current.availability == last_report_.availability &&
        current.figures == last_report_.figures &&
        current.agent_status == last_report_.agent_status) {
        return;
    }
    reported_ = true;
    last_report_ = current;
    fx.push_back(std::move(current));
}

}  // namespace routing
