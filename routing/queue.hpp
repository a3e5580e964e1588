#pragma once
// The queue of chats not yet with an agent: an intrusive doubly linked list, so joining at
// either end and leaving from anywhere cost O(1) whatever the number of waiting chats. Each
// waiting chat is on two lists at once: the workgroup's queue and its skill pool's queue.

#include <cstddef>
#include <cstdint>
#include <optional>

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
    ConversationEntry* prev[2] = {nullptr, nullptr};
    ConversationEntry* next[2] = {nullptr, nullptr};
    bool linked[2] = {false, false};
};

/// FIFO of conversations with O(1) removal; `Hook` selects which links it uses.
template <int Hook>
class WaitingList {
  public:
    /// The chat waiting longest, or nullptr.
    ConversationEntry* front() const { return head_; }
    ConversationEntry* back() const { return tail_; }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }

    /// The chat after `entry` in this list, or nullptr.
    static ConversationEntry* next(const ConversationEntry* entry) { return entry->next[Hook]; }

    /// Joins at the end (a new chat).
    void push_back(ConversationEntry* e) {
        e->prev[Hook] = tail_;
        e->next[Hook] = nullptr;
        (tail_ ? tail_->next[Hook] : head_) = e;
        tail_ = e;
        link(e);
    }

    /// Joins at the front (a chat that was already served and came back).
    void push_front(ConversationEntry* e) {
        e->next[Hook] = head_;
        e->prev[Hook] = nullptr;
        (head_ ? head_->prev[Hook] : tail_) = e;
        head_ = e;
        link(e);
    }

    /// Leaves the list, wherever it is.
    void erase(ConversationEntry* e) {
        if (!e->linked[Hook]) {
            return;
        }
        (e->prev[Hook] ? e->prev[Hook]->next[Hook] : head_) = e->next[Hook];
        (e->next[Hook] ? e->next[Hook]->prev[Hook] : tail_) = e->prev[Hook];
        e->prev[Hook] = e->next[Hook] = nullptr;
        e->linked[Hook] = false;
        --size_;
    }

  private:
    void link(ConversationEntry* e) {
        e->linked[Hook] = true;
        ++size_;
    }

    ConversationEntry* head_ = nullptr;
    ConversationEntry* tail_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace routing
