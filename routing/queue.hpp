#pragma once
// The queue of chats not yet with an agent: an intrusive doubly linked list in serving order,
// so joining and leaving cost O(1) (per chat priority in use) whatever the number of waiting
// chats. Each waiting chat is on two lists at once: the workgroup's queue and its skill
// pool's queue.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "routing/conversation.hpp"
#include "routing/decision.hpp"

namespace routing {

/// Which list a hook belongs to.
enum QueueHook : int { kWorkgroupQueue = 0, kPoolQueue = 1 };

/// A conversation as the workgroup stores it: the public data plus its queue links.
struct ConversationEntry {
    Conversation data;
    std::uint32_t pool = 0;  ///< the skill pool that can serve it
    Decision decision;       ///< the last routing decision about it (for `why`)
    /// The agent last told that their client refuses this chat's messages (told once).
    std::optional<AgentId> told_refused;
    /// The overflow was asked for (`Overflow`) and not carried out: not asked again.
    bool overflow_asked = false;
    ConversationEntry* prev[2] = {nullptr, nullptr};
    ConversationEntry* next[2] = {nullptr, nullptr};
    bool linked[2] = {false, false};
};

/// True when `a` is served before `b`: the smaller chat priority first, then the smaller
/// queue order (arrival; a chat sent back to the queue goes before all of its priority).
inline bool served_before(const Conversation& a, const Conversation& b) {
    return a.priority != b.priority ? a.priority < b.priority : a.queue_order < b.queue_order;
}

/// Waiting conversations in the order they are served (see `served_before`), with O(1)
/// removal; `Hook` selects which links it uses. Each chat priority in use is a level that
/// knows its first and last chat, so joining at either end of a level costs O(levels);
/// only a chat placed inside a level (by arrival, after an overflow or a relaxed skill)
/// walks, from the level's end.
template <int Hook>
class WaitingList {
  public:
    /// The chat served first, or nullptr.
    ConversationEntry* front() const { return head_; }
    ConversationEntry* back() const { return tail_; }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }

    /// The chat after `entry` in this list, or nullptr.
    static ConversationEntry* next(const ConversationEntry* entry) { return entry->next[Hook]; }
    static ConversationEntry* prev(const ConversationEntry* entry) { return entry->prev[Hook]; }

    /// The first chat of each priority in use, smallest priority first.
    template <class F>
    void for_each_level_front(F&& f) const {
        for (const Level& level : levels_) {
            f(level.first);
        }
    }

    /// Joins at its place by `served_before` (its priority and queue order must not change
    /// while it is in the list).
    void insert(ConversationEntry* e) {
        const int priority = e->data.priority;
        auto it = levels_.begin();
        while (it != levels_.end() && it->priority < priority) {
            ++it;
        }
        if (it == levels_.end() || it->priority != priority) {
            // A new level: before the next level's first chat, or at the very end.
            link_before(e, it == levels_.end() ? nullptr : it->first);
            levels_.insert(it, Level{priority, e, e, 1});
            return;
        }
        Level& level = *it;
        ++level.size;
        if (served_before(e->data, level.first->data)) {
            link_before(e, level.first);
            level.first = e;
            return;
        }
        ConversationEntry* after = level.last;
        while (served_before(e->data, after->data)) {
            after = after->prev[Hook];  // stops at level.first at the latest (see above)
        }
        link_before(e, after->next[Hook]);
        if (after == level.last) {
            level.last = e;
        }
    }

    /// Leaves the list, wherever it is.
    void erase(ConversationEntry* e) {
        if (!e->linked[Hook]) {
            return;
        }
        for (auto it = levels_.begin(); it != levels_.end(); ++it) {
            if (it->priority != e->data.priority) {
                continue;
            }
            --it->size;
            if (it->first == e && it->last == e) {
                levels_.erase(it);
            } else if (it->first == e) {
                it->first = e->next[Hook];
            } else if (it->last == e) {
                it->last = e->prev[Hook];
            }
            break;
        }
        (e->prev[Hook] ? e->prev[Hook]->next[Hook] : head_) = e->next[Hook];
        (e->next[Hook] ? e->next[Hook]->prev[Hook] : tail_) = e->prev[Hook];
        e->prev[Hook] = e->next[Hook] = nullptr;
        e->linked[Hook] = false;
        --size_;
    }

    /// 1 for the chat served first. O(levels) for the first or last chat of its priority
    /// (where chats join); others walk to the nearer end of their priority.
    std::size_t position(const ConversationEntry* e) const {
        std::size_t before = 0;
        for (const Level& level : levels_) {
            if (level.priority < e->data.priority) {
                before += level.size;
                continue;
            }
            // Both ways at once: `back` steps towards the first, `ahead` towards the last.
            const ConversationEntry* back = e;
            const ConversationEntry* ahead = e;
            for (std::size_t steps = 0;; ++steps) {
                if (back == level.first) {
                    return before + 1 + steps;
                }
                if (ahead == level.last) {
                    return before + level.size - steps;
                }
                back = back->prev[Hook];
                ahead = ahead->next[Hook];
            }
        }
        return before;  // not in the list
    }

  private:
    struct Level {
        int priority = 0;
        ConversationEntry* first = nullptr;
        ConversationEntry* last = nullptr;
        std::size_t size = 0;
    };

    /// Links `e` before `before` (nullptr: at the end).
    void link_before(ConversationEntry* e, ConversationEntry* before) {
        ConversationEntry* after = before ? before->prev[Hook] : tail_;
        e->prev[Hook] = after;
        e->next[Hook] = before;
        (after ? after->next[Hook] : head_) = e;
        (before ? before->prev[Hook] : tail_) = e;
        e->linked[Hook] = true;
        ++size_;
    }

    ConversationEntry* head_ = nullptr;
    ConversationEntry* tail_ = nullptr;
    std::size_t size_ = 0;
    std::vector<Level> levels_;  ///< by priority, smallest first; one per priority in use
};

}  // namespace routing
