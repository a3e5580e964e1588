#pragma once
// Which visitors of a workgroup are still there. A visitor who vanishes without a word (a
// crashed page, a client that never sent presence) sends no `unavailable`; so a visitor
// with an open chat who has been silent for a while is pinged (XEP-0199) at the full JID
// they last wrote from, and a ping that fails or goes unanswered says they are gone.
// Plain bookkeeping: time comes in as an argument, stanzas are the desk's business.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "routing/now.hpp"
#include "routing/settings.hpp"

namespace component {

/// The pings a workgroup sends to its visitors, and what their answers mean.
class VisitorWatch {
  public:
    /// At most this many pings per second per workgroup, however many visitors are silent:
    /// with 10,000 of them each is pinged every 100 s at worst.
    static constexpr double kMaxPingsPerSecond = 100;

    /// `visitor_grace` is how long a waiting visitor may be away: a silent visitor is
    /// pinged after a third of it (at least 1 s, at most a minute), and a ping unanswered
    /// as long fails, so a gone visitor is noticed within two thirds of it.
    explicit VisitorWatch(routing::Duration visitor_grace);
    /// A reload changed `visitor_grace`: the new interval applies at once, to the visitors
    /// already watched too (their silences and pings are measured when they are due).
    void set_grace(routing::Duration visitor_grace) { interval_ = interval_for(visitor_grace); }

    /// How long a visitor may be silent before a ping, and a ping unanswered.
    routing::Duration interval() const { return interval_; }

    /// The visitor `bare` (with an open chat) was heard from `full` at `at`: a message, a
    /// presence, a ping of theirs, an answer. Watched from now on (again), at that address.
    void heard(const std::string& bare, const std::string& full, routing::Time at);
    /// `bare` is offline (they said so, a message to them bounced, a ping failed): not
    /// pinged until heard again.
    void offline(const std::string& bare);
    /// After a roll-back: `online_of(bare)` says whether each watched visitor still has an
    /// open chat (nothing: forgotten) and counts as online there.
    void align(const std::function<std::optional<bool>(const std::string&)>& online_of);
    /// `bare` has no open chat any more: forgotten.
    void forget(const std::string& bare);

    /// One ping to send.
    struct Ping {
        std::string full;  ///< to
        std::string id;    ///< the iq id its answer carries
    };
    /// The visitors to ping at `at` (silent longest first, within the rate), now pending.
    std::vector<Ping> due(routing::Time at);

    /// The answer (result or error) `id` from `from`: whose ping it was (a bare JID), or
    /// nothing when it answers no pending ping of ours or comes from another address. The
    /// caller then says what it meant (`heard` or `offline`).
    std::optional<std::string> answered(std::string_view id, std::string_view from);
    /// The visitors whose ping went unanswered for `interval()` by `at`: gone. They count as
    /// offline from then on (a late answer still brings them back).
    std::vector<std::string> unanswered(routing::Time at);

    /// Visitors watched (online or offline), for tests.
    std::size_t size() const { return visitors_.size(); }

  private:
    static routing::Duration interval_for(routing::Duration visitor_grace);

    struct Visitor {
        std::string full;
        routing::Time heard{};
        bool online = true;
        std::string ping;  ///< the pending ping's id, or empty
        routing::Time pinged_at{};
        bool failed = false;  ///< that ping went unanswered: only a late answer counts
    };
    using Entry = std::pair<routing::Time, std::string>;  // (time, bare JID)

    /// Takes `v` out of the two time orders.
    void unlist(const std::string& bare, const Visitor& v);
    /// Puts `v` back where its state says.
    void list(const std::string& bare, const Visitor& v);

    routing::Duration interval_;
    std::unordered_map<std::string, Visitor> visitors_;
    /// Online visitors with no pending ping, by when they were last heard from.
    std::set<Entry> silent_;
    /// Pending pings not yet failed, by when they were sent.
    std::set<Entry> pending_;
    /// Pending ping id -> bare JID.
    std::unordered_map<std::string, std::string> by_id_;
    std::uint64_t next_id_ = 1;
    double tokens_ = kMaxPingsPerSecond;
    std::optional<routing::Time> refilled_at_;
};

}  // namespace component
