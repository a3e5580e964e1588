// Workgroup: the queue — a conversation's state changes (one door for each), where a chat
// joins the queue, and the queue positions visitors are told.

#include "routing/texts.hpp"
#include "routing/workgroup.hpp"

namespace routing {

namespace {

constexpr auto kPositionInterval = std::chrono::seconds{5};  // per visitor
constexpr auto kSweepSpacing = std::chrono::seconds{2};      // between passes over the queue

}  // namespace

Conversation& Workgroup::transition(ConversationEntry& entry, ConversationState to, const Now& now,
                                    Place place) {
    leave_state(entry, now);
    Conversation& c = changing(entry);
    c.state = to;
    auto deadline_in = [&](std::chrono::milliseconds after, Time from) {
        if (after.count() > 0) {
            c.deadline = from + after;
        }
    };
    switch (to) {
        case ConversationState::menu:
            ++prerouting_;
            deadline_in(settings_.queue_timeout, now.at);
            break;
        case ConversationState::delayed:
            ++prerouting_;
            c.deadline = now.at + settings_.assign_delay;
            break;
        case ConversationState::waiting: {
            deadline_in(settings_.queue_timeout, c.queued_at);
            switch (place) {
                case Place::arrival: {
                    // By arrival time, wherever the chat arrived first (an overflowed chat
                    // keeps it); the id breaks ties within a millisecond.
                    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                        c.created_at.time_since_epoch())
                                        .count();
                    c.queue_order = (ms << 20) + static_cast<std::int64_t>(c.id & 0xfffff);
                    break;
                }
                case Place::front:
                    c.queue_order = --front_order_;
                    break;
                case Place::keep:
                    break;
            }
            queue_.insert(&entry);
            pools_[entry.pool]->waiting.insert(&entry);
            if (queue_.back() != &entry) {
                mark_positions_dirty(now);  // everyone behind moves down
            }
            break;
        }
        case ConversationState::offered:
            deadline_in(settings_.offer_timeout, now.at);
            break;
        case ConversationState::assigned:
            break;
    }
    if (const auto at = wake_at(entry)) {
        schedule(*at, TimerKind::conversation, c.id);
    }
    return c;
}

void Workgroup::leave_state(ConversationEntry& entry, const Now& now) {
    Conversation& c = changing(entry);
    switch (c.state) {
        case ConversationState::menu:
        case ConversationState::delayed:
            --prerouting_;
            break;
        case ConversationState::waiting:
            if (!entry.linked[kWorkgroupQueue]) {
                break;  // a new chat: never queued yet
            }
            if (queue_.back() != &entry) {
                mark_positions_dirty(now);  // everyone behind moves up
            }
            queue_.erase(&entry);
            pools_[entry.pool]->waiting.erase(&entry);
            break;
        case ConversationState::offered:
        case ConversationState::assigned:
            break;
    }
    c.deadline.reset();  // its timer is no longer valid (see timer_valid)
}

void Workgroup::enqueue(ConversationEntry& entry, Place place, const Now& now, Effects& fx) {
    const std::uint32_t told = entry.data.told_position;
    Conversation& c = transition(entry, ConversationState::waiting, now, place);
    switch (place) {
        case Place::arrival:
            c.told_position = position_of(entry);
            c.told_position_at = now.at;
            tell(entry, VisitorNotice::position, texts::position(c.told_position), fx,
                 c.told_position);
            break;
        case Place::front:
            // Told "back at the front": the next round of positions corrects it if chats of
            // a smaller priority number are ahead.
            c.told_position = 1;
            c.told_position_at = now.at;
            break;
        case Place::keep:
            c.told_position = told;
            break;
    }
}

std::uint32_t Workgroup::position_of(const ConversationEntry& entry) const {
    return static_cast<std::uint32_t>(queue_.position(&entry));
}

ConversationEntry* Workgroup::oldest_for(AgentId agent) {
    ConversationEntry* best = nullptr;
    for (std::uint32_t p : agents_[agent].pools) {
        ConversationEntry* front = pools_[p]->waiting.front();
        if (front != nullptr && (best == nullptr || served_before(front->data, best->data))) {
            best = front;
        }
    }
    return best;
}

void Workgroup::mark_positions_dirty(const Now& now) {
    const Time at = std::max(now.at, last_positions_ + kSweepSpacing);
    if (positions_at_ && *positions_at_ <= at) {
        return;
    }
    positions_at_ = at;
    schedule(at, TimerKind::positions, 0);
}

void Workgroup::sweep_positions(const Now& now, Effects& fx) {
    // One pass over the queue, at most every 2 seconds; each visitor hears at most once per 5 s.
    last_positions_ = now.at;
    std::optional<Time> retry;
    std::uint32_t position = 0;
    for (ConversationEntry* e = queue_.front(); e != nullptr; e = queue_.next(e)) {
        ++position;
        if (e->data.told_position == position) {
            continue;
        }
        if (now.at - e->data.told_position_at < kPositionInterval) {
            const Time when = e->data.told_position_at + kPositionInterval;
            retry = retry ? std::min(*retry, when) : when;
            continue;
        }
        Conversation& c = changing(*e);
        c.told_position = position;
        c.told_position_at = now.at;
        tell(*e, VisitorNotice::position, texts::position(position), fx, position);
    }
    if (retry) {
        positions_at_ = std::max(*retry, now.at + kSweepSpacing);
        schedule(*positions_at_, TimerKind::positions, 0);
    }
}

}  // namespace routing
