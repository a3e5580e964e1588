#pragma once
// Per-sender token buckets: each sender may send `burst` messages at once and
// `per_second` messages per second after that. Memory stays bounded: buckets that have
// refilled completely are forgotten.

#include <chrono>
#include <string>
#include <unordered_map>

namespace component {

/// Decides whether a sender may send one more message now.
class RateLimiter {
  public:
    using Clock = std::chrono::steady_clock;

    RateLimiter(int per_second, int burst) : per_second_(per_second), burst_(burst) {}

    /// True (and one token spent) when `sender` is within its rate at `now`.
    bool allow(const std::string& sender, Clock::time_point now);

    /// Senders currently tracked (for tests).
    std::size_t tracked() const { return buckets_.size(); }

  private:
    struct Bucket {
        double tokens = 0;
        Clock::time_point at{};
    };
    void forget_full_buckets(Clock::time_point now);

    double per_second_;
    double burst_;
    std::unordered_map<std::string, Bucket> buckets_;
    Clock::time_point last_sweep_{};
};

}  // namespace component
