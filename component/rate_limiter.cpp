#include "component/rate_limiter.hpp"

#include <algorithm>

namespace component {

bool RateLimiter::allow(const std::string& sender, Clock::time_point now) {
    forget_full_buckets(now);
    auto [it, fresh] = buckets_.try_emplace(sender);
    Bucket& b = it->second;
    if (fresh) {
        b.tokens = burst_;
    } else {
        const double elapsed = std::chrono::duration<double>(now - b.at).count();
        b.tokens = std::min(burst_, b.tokens + std::max(0.0, elapsed) * per_second_);
    }
    b.at = now;
    if (b.tokens < 1.0) {
        return false;
    }
    b.tokens -= 1.0;
    return true;
}

void RateLimiter::forget_full_buckets(Clock::time_point now) {
    // A bucket untouched for burst/rate seconds is full again: as good as a new one.
    const auto refill = std::chrono::duration<double>(burst_ / per_second_);
    if (now - last_sweep_ < refill) {
        return;
    }
    last_sweep_ = now;
    std::erase_if(buckets_, [&](const auto& entry) { return now - entry.second.at >= refill; });
}

}  // namespace component
