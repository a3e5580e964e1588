#pragma once
// Active and standby on one PostgreSQL database (PRODUCT.md, "More than one machine"):
// exactly one process per component domain holds a session advisory lock and is the only
// one connected to the XMPP server; the others wait for it. The lock lives in the
// session of the store's own connection, so it is gone the moment that session is: the
// process died, was killed, or lost the database. Once active, the session ends itself
// when it stays idle longer than half the failover (PostgreSQL's idle_session_timeout),
// so that even a machine that vanishes without closing its socket frees the lock in time;
// the active process pings the database more often than that. Should the network between
// them stop carrying anything (a partition: no reset, no error, libpq waiting), a
// watchdog ends the active process before the server can free the lock: the server sees
// the session busy at least until the latest answered statement was sent, so the lock is
// held for half the failover after that, and the watchdog gives up at two fifths.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "component/database.hpp"

namespace component {

class ActiveLock {
  public:
    /// `domain`: what the lock is for (one lock per component domain).
    ActiveLock(SqlDatabase& db, const std::string& domain, std::chrono::milliseconds failover);

    /// The advisory lock's key for `domain`: stable across processes and versions.
    static std::int64_t key_of(const std::string& domain);

    /// Waits as a standby until the lock is taken (true) or `stop` is set (false), trying
    /// every fifth of the failover. Throws when the database is lost meanwhile.
    bool wait(const std::atomic<bool>& stop);
    /// While active: true when a ping is due (every quarter of the failover).
    bool ping_due(std::chrono::steady_clock::time_point now) const { return now >= next_ping_; }
    /// Pings the database; throws std::runtime_error when the session (and the lock) is gone.
    void ping(std::chrono::steady_clock::time_point now);
    /// While active, from another thread: calls `lost` (which must end the process) once
    /// two fifths of the failover have passed since the latest answered statement was
    /// sent, whatever the main thread is waiting for. Pings first, so that loading the
    /// state before does not count against it.
    void guard(std::function<void()> lost);

  private:
    SqlDatabase& db_;
    std::int64_t key_;
    std::chrono::milliseconds failover_;
    std::chrono::steady_clock::time_point next_ping_{};
    std::jthread watchdog_;
};

}  // namespace component
