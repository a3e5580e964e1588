#pragma once
// The component's stanza entry point: every stanza the server delivers comes through
// `Service::handle`, which decides who deals with it (protocol courtesy, or the desk of
// the addressed workgroup) and makes sure every iq get/set gets exactly one answer.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "component/desk.hpp"
#include "component/directory.hpp"
#include "component/local_clock.hpp"
#include "component/metrics.hpp"
#include "component/rate_limiter.hpp"
#include "component/store.hpp"
#include "component/wal_syncer.hpp"
#include "xmpp/stanza.hpp"

namespace config {
struct Config;
}
namespace xmpp {
class Context;
}

namespace component {

/// Switchboard's behaviour on the wire, independent of how stanzas travel.
class Service {
  public:
    /// Where outgoing stanzas go (the connection in production, a vector in tests).
    using Send = std::function<void(const xmpp::Stanza&)>;

    /// `seed` feeds the routing modes' random choices; `started` is when the process
    /// started (timers restored from the store fire relative to it). `metrics`, when
    /// given, gets the workgroups' figures and the commit times (it outlives the service).
    /// `database`, when given, holds the state (PostgreSQL, `[storage] url`); otherwise the
    /// SQLite file of `[storage] path`.
    Service(const xmpp::Context& ctx, const config::Config& config, Send send, std::uint64_t seed,
            const Instant& started, Metrics* metrics = nullptr,
            std::unique_ptr<SqlDatabase> database = nullptr);

    /// Handles one stanza received from the server at `now`.
    void handle(const xmpp::Stanza& stanza, const Instant& now);
    /// Called after each (re)connection to the server.
    void on_online(const Instant& now);
    /// Called on every turn of the event loop: fires due timers, pushes presence changes
    /// (coalesced), then `flush()`es, then sets the workgroups' gauges.
    void tick(const Instant& now);
    /// Commits the turn's state changes, then sends the stanzas that announce them once
    /// they are on disk: at once, or with `sync_in_background` when the sync is done.
    void flush();
    /// From now on the disk syncs each commit on a thread of its own while the next turn
    /// is read and handled; the turn's stanzas wait for it (call `flush` again soon while
    /// `sending_pending`).
    void sync_in_background();
    /// Stanzas of committed turns wait for their sync (and turns handled meanwhile wait
    /// for their commit, made when that sync is done).
    bool sending_pending() const { return !syncing_.empty(); }
    /// Waits for the sync running, sends what it held back, and commits the turns handled
    /// meanwhile (whose sync then runs: `sending_pending` again).
    void finish_sending();
    /// SIGHUP with a file that validated: agents, texts, modes, limits, hours, menus and
    /// rules change; no conversation, queue place, sticky memory or subscription is lost
    /// (service_reload.cpp). `config`'s server and storage are the running ones.
    void reload(const config::Config& config, const Instant& now);
    /// Before a clean stop: tells every widget the workgroups are closed, and flushes.
    void shutdown();

    const Directory& directory() const { return directory_; }
    /// The durable state (for tests and metrics).
    Store& store() { return *store_; }

    /// Availability pushes are at most this frequent per workgroup.
    static constexpr std::chrono::milliseconds kPresenceInterval{200};

  private:
    /// The turn's state could not be committed: roll it back, send none of what it would
    /// have announced, and answer what asked for an answer with "try again".
    /// Commits everything handled so far and sends it, waiting for the disk.
    void drain();
    void refuse_turn(const std::string& why);
    /// Sends what the turn queued, in order (behind the turns still being synced).
    void send_outbox();
    /// Sends the stanzas of the turns whose sync is done (with `wait`: of all turns).
    void release_synced(bool wait);
    /// Runs a sync; when it fails, logs it and stops the process, sending nothing more.
    static void durable_or_stop(const std::function<void()>& sync);
    /// True when `bare` is an agent of any workgroup (trusted, answered as an agent).
    bool is_agent(const std::string& bare) const;
    /// The "try again" answer to one stanza of a failed turn (or nothing).
    void answer_try_again(const xmpp::Stanza& stanza);
    void handle_iq(const xmpp::Stanza& iq, const Instant& now);
    void handle_message(const xmpp::Stanza& message, const Instant& now);
    void handle_presence(const xmpp::Stanza& presence, const Instant& now);
    Desk* desk(const std::string& name);
    /// A new desk: the service carries out its overflow requests (service_overflow.cpp).
    std::unique_ptr<Desk> make_desk(const routing::WorkgroupSettings& settings, std::uint64_t seed);
    /// The desk that has the chat of the visitor `bare` who writes to `addressed`: the one
    /// their chat overflowed to, else `addressed` itself.
    Desk& holder_of(Desk& addressed, const std::string& bare);
    /// Carries out the overflows the desks asked for during this turn.
    void run_overflows(const routing::Now& now);
    /// Applies the visitor limits to a message for a workgroup; false when refused.
    bool within_limits(const xmpp::Stanza& message, Desk& desk, const Instant& now);
    /// The same rate for a visitor's presence to a workgroup; false: ignore it, unanswered.
    bool presence_within_limits(const xmpp::Stanza& presence, const Instant& now);

    const xmpp::Context& ctx_;
    Directory directory_;
    LocalClock clock_;
    Send send_;        ///< straight to the connection
    Send queue_send_;  ///< into `outbox_`, sent after the commit
    std::vector<xmpp::Stanza> outbox_;
    /// Overflows asked for this turn: (from, chat id, to).
    struct OverflowAsked {
        std::string from;
        routing::ConversationId id = 0;
        std::string to;
    };
    std::vector<OverflowAsked> overflows_;
    /// The stanzas handled this turn (answered with "try again" if its commit fails).
    std::vector<xmpp::Stanza> turn_inputs_;
    /// Commits are failing (logged once until they work again).
    bool storage_failing_ = false;
    std::unique_ptr<Store> store_;
    /// A committed turn's stanzas, waiting for its sync.
    struct Syncing {
        std::uint64_t ticket;
        std::vector<xmpp::Stanza> stanzas;
    };
    std::deque<Syncing> syncing_;
    std::unique_ptr<WalSyncer> syncer_;  ///< after `store_`: stops before the store closes
    RateLimiter rate_;
    /// Presence has a bucket of its own: a widget's presence never costs a message.
    RateLimiter presence_rate_;
    int conversations_per_visitor_;
    std::uint64_t next_seed_ = 0;  ///< for a workgroup added by a reload
    std::vector<std::unique_ptr<Desk>> desks_;
    Metrics* metrics_ = nullptr;
};

}  // namespace component
