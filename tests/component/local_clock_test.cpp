#include "component/local_clock.hpp"

#include <gtest/gtest.h>

namespace component {
namespace {

using namespace std::chrono;

// 2026-11-25 23:30 UTC, a Wednesday.
const routing::Time kLateWednesdayUtc = sys_days{year{2026} / 11 / 25} + hours{23} + minutes{30};

TEST(LocalClock, UtcIsTheDefault) {
    const routing::Now now = LocalClock("UTC").at(kLateWednesdayUtc);
    EXPECT_EQ(now.weekday, 2);  // Wednesday, Monday = 0
    EXPECT_EQ(now.minute_of_day, 23 * 60 + 30);
}

TEST(LocalClock, AmsterdamIsAlreadyThursdayAtHalfPastMidnight) {
    const routing::Now utc = LocalClock("UTC").at(kLateWednesdayUtc);
    const routing::Now ams = LocalClock("Europe/Amsterdam").at(kLateWednesdayUtc);
    EXPECT_EQ(ams.weekday, 3);
    EXPECT_EQ(ams.minute_of_day, 30);
    EXPECT_EQ(ams.local_day, utc.local_day + 1);  // daily limits reset at local midnight
    LocalClock("UTC");                            // leave the process as we found it
}

TEST(LocalClock, SummerTimeShiftsTheOffset) {
    const routing::Time july_noon_utc = sys_days{year{2026} / 7 / 1} + hours{12};
    EXPECT_EQ(LocalClock("Europe/Amsterdam").at(july_noon_utc).minute_of_day, 14 * 60);
    LocalClock("UTC");
}

}  // namespace
}  // namespace component
