#include "component/active_lock.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>

namespace component {

ActiveLock::ActiveLock(SqlDatabase& db, const std::string& domain,
                       std::chrono::milliseconds failover)
    : db_(db), key_(key_of(domain)), failover_(failover) {}

std::int64_t ActiveLock::key_of(const std::string& domain) {
    // FNV-1a, 64 bits: the same key from every build.
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char c : "switchboard:" + domain) {
        h = (h ^ c) * 0x100000001b3ULL;
    }
    return static_cast<std::int64_t>(h);
}

bool ActiveLock::wait(const std::atomic<bool>& stop) {
    const auto every = std::max(std::chrono::milliseconds{20}, failover_ / 5);
    bool said = false;
    while (!stop.load()) {
        auto& take = db_.prepare("SELECT pg_try_advisory_lock(?)");
        take.reset();
        take.integer(key_);
        const bool taken = take.row() && take.col_int(0) != 0;
        take.reset();
        if (taken) {
            // From now on a session idle for half the failover is ended by the server.
            const std::string timeout =
                "SET idle_session_timeout = " + std::to_string((failover_ / 2).count());
            db_.exec(timeout.c_str());
            next_ping_ = std::chrono::steady_clock::now() + failover_ / 4;
            spdlog::info("active: holding the lock of this domain in {}", db_.name());
            return true;
        }
        if (!said) {
            spdlog::info("standby: another process is active for this domain in {}; waiting",
                         db_.name());
            said = true;
        }
        std::this_thread::sleep_for(every);
    }
    return false;
}

void ActiveLock::ping(std::chrono::steady_clock::time_point now) {
    next_ping_ = now + failover_ / 4;
    auto& ping = db_.prepare("SELECT 1");
    ping.reset();
    ping.run();
}

void ActiveLock::guard(std::function<void()> lost) {
    ping(std::chrono::steady_clock::now());
    const auto limit = failover_ * 2 / 5;
    const auto every = std::max(std::chrono::milliseconds{5}, failover_ / 40);
    watchdog_ = std::jthread([this, limit, every, lost = std::move(lost)](std::stop_token stop) {
        while (!stop.stop_requested()) {
            std::this_thread::sleep_for(every);
            if (std::chrono::steady_clock::now() - db_.answered_since() > limit) {
                lost();
                return;
            }
        }
    });
}

}  // namespace component
