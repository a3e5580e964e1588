#pragma once
// Who receives a workgroup JID's presence: entities subscribed to it (bare JIDs) and
// entities that sent it directed presence (full JIDs, until they send unavailable, their
// address bounces, or they fall silent for a day; at most `kMaxDirected` of them).

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "routing/now.hpp"

namespace component {

/// The set of addresses a workgroup's availability presence goes to.
class PresenceAudience {
  public:
    /// Directed-presence senders kept per workgroup: a push to all of them costs a few
    /// milliseconds (tests/bench/README.md); beyond it the one silent longest makes room.
    static constexpr std::size_t kMaxDirected = 10000;
    /// A directed-presence sender silent this long (no presence, ping or message to the
    /// workgroup JID) is forgotten: the widget pings every 15 s, and sends presence
    /// again whenever it reconnects.
    static constexpr std::chrono::hours kDirectedSilence{24};

    /// What `add_directed` did.
    struct Added {
        bool added = false;                  ///< `full` was not there yet
        std::optional<std::string> evicted;  ///< forgotten to make room for it
    };
    /// Where a push to the whole audience has got to (see `next`).
    struct Cursor {
        bool in_directed = false;
        std::optional<std::string> after;  ///< the last address given, in its set
        bool done = false;
    };

    void add_subscriber(const std::string& bare) { subscribers_.insert(bare); }
    void remove_subscriber(const std::string& bare) { subscribers_.erase(bare); }
    bool is_subscriber(const std::string& bare) const { return subscribers_.count(bare) > 0; }
    const std::set<std::string>& subscribers() const { return subscribers_; }

    /// `full` sent available presence at `at`: remembered, or its time refreshed.
    Added add_directed(const std::string& full, routing::Time at);
    /// `full` showed it is still there (a ping, a message) at `at`: its time is refreshed
    /// if it is remembered; nobody is added.
    void touch(const std::string& full, routing::Time at);
    /// True when `full` was there.
    bool remove_directed(const std::string& full);
    /// Forgets the directed-presence senders last heard from before `before`, and says
    /// which (oldest first).
    std::vector<std::string> expire(routing::Time before);
    bool is_directed(const std::string& full) const { return directed_.count(full) > 0; }
    std::size_t directed_count() const { return directed_.size(); }
    /// The directed-presence senders, in address order.
    std::vector<std::string> directed() const;

    /// Every address to send to, once each: subscribers as bare JIDs (the server fans out
    /// to their resources), directed-presence senders as full JIDs unless already covered.
    std::vector<std::string> addresses() const;
    /// The next (up to) `n` addresses of that list after `cursor`, which moves on; sets
    /// `cursor.done` at the end. Addresses added or removed meanwhile are seen or skipped.
    std::vector<std::string> next(Cursor& cursor, std::size_t n) const;

  private:
    /// Orders the directed senders by when they were last heard from (then by address).
    struct BySeen {
        bool operator()(const std::pair<routing::Time, const std::string*>& a,
                        const std::pair<routing::Time, const std::string*>& b) const {
            return a.first != b.first ? a.first < b.first : *a.second < *b.second;
        }
    };
    void forget(std::map<std::string, routing::Time>::iterator it);

    std::set<std::string> subscribers_;
    /// Full JID -> when it was last heard from.
    std::map<std::string, routing::Time> directed_;
    /// The same senders, silent longest first; points at `directed_`'s keys.
    std::set<std::pair<routing::Time, const std::string*>, BySeen> by_seen_;
};

}  // namespace component
