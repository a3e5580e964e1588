#include "component/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace component {
namespace {

using namespace std::chrono_literals;

TEST(RateLimiter, AVisitorMaySendABurstThenTheRate) {
    RateLimiter limiter(2, 3);
    const auto t0 = RateLimiter::Clock::time_point{} + 1h;
    EXPECT_TRUE(limiter.allow("v@x", t0));
    EXPECT_TRUE(limiter.allow("v@x", t0));
    EXPECT_TRUE(limiter.allow("v@x", t0));
    EXPECT_FALSE(limiter.allow("v@x", t0)) << "the burst of 3 is spent";
    EXPECT_FALSE(limiter.allow("v@x", t0 + 400ms)) << "0.8 of a token is not enough";
    EXPECT_TRUE(limiter.allow("v@x", t0 + 500ms)) << "2 per second: one token per 0.5 s";
    EXPECT_TRUE(limiter.allow("w@x", t0)) << "every visitor has their own bucket";
}

TEST(RateLimiter, QuietVisitorsAreForgotten) {
    RateLimiter limiter(5, 10);
    const auto t0 = RateLimiter::Clock::time_point{} + 1h;
    for (int i = 0; i < 1000; ++i) {
        limiter.allow("v" + std::to_string(i), t0);
    }
    EXPECT_EQ(limiter.tracked(), 1000u);
    limiter.allow("late", t0 + 3s);  // 10 tokens at 5/s: full again after 2 s
    EXPECT_EQ(limiter.tracked(), 1u);
}

}  // namespace
}  // namespace component
