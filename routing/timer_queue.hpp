#pragma once
// Pending deadlines of a workgroup: a min-heap with lazy cancellation. A timer is checked
// against the current state when it comes due, so cancelling costs nothing.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

#include "routing/now.hpp"

namespace routing {

/// What a deadline is for.
enum class TimerKind : std::uint8_t {
    conversation,   ///< the conversation's `deadline` (delay end, offer or queue timeout), or
                    ///< a waiting chat's rule for waiting too long if sooner (wake_at)
    visitor_gone,   ///< an offline visitor's grace period (then gone: see Conversation)
    agent_offline,  ///< an agent's grace period after going offline
    positions,      ///< the next queue-position update round
    calendar,       ///< a business-hours boundary or local midnight
};

/// One deadline; `id` is a conversation or agent id depending on `kind`.
struct Timer {
    Time at;
    TimerKind kind = TimerKind::conversation;
    std::uint64_t id = 0;
    bool operator>(const Timer& other) const { return at > other.at; }
};

/// Earliest-first timers.
class TimerQueue {
  public:
    bool empty() const { return heap_.empty(); }
    std::size_t size() const { return heap_.size(); }
    const Timer& top() const { return heap_.front(); }

    void push(const Timer& timer) {
        heap_.push_back(timer);
        std::push_heap(heap_.begin(), heap_.end(), std::greater<Timer>{});
    }

    void pop() {
        std::pop_heap(heap_.begin(), heap_.end(), std::greater<Timer>{});
        heap_.pop_back();
    }

    /// Drops every timer for which `stale` is true (cancelled ones), in O(n).
    template <class Stale>
    void remove_if(Stale stale) {
        heap_.erase(std::remove_if(heap_.begin(), heap_.end(), stale), heap_.end());
        std::make_heap(heap_.begin(), heap_.end(), std::greater<Timer>{});
    }

  private:
    std::vector<Timer> heap_;
};

}  // namespace routing
