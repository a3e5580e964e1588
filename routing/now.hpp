#pragma once
// The current moment as the routing core needs it. The core never reads a clock or a time
// zone: the caller (component/) passes the instant and the local calendar facts.

#include <chrono>
#include <cstdint>

namespace routing {

/// A wall-clock instant; also used for the XEP-0203 stamps of the backlog.
using Time = std::chrono::system_clock::time_point;

/// "Now", with the local calendar facts in the operator's configured time zone.
struct Now {
    Time at;
    /// Local calendar day number (any epoch); daily limits reset when it changes.
    std::int64_t local_day = 0;
    /// Local weekday, 0 = Monday ... 6 = Sunday; used for business `hours`.
    int weekday = 0;
    /// Local minutes after midnight, 0 ... 1439; used for business `hours`.
    int minute_of_day = 0;

    /// The calendar facts of `at` in UTC shifted by `offset` (pure arithmetic, no tz data).
    static Now at_offset(Time at, std::chrono::minutes offset = std::chrono::minutes{0}) {
        using namespace std::chrono;
        const auto local = duration_cast<minutes>(at.time_since_epoch()) + offset;
        const auto day = floor<days>(local);
        Now now;
        now.at = at;
        now.local_day = day.count();
        // 1970-01-01 was a Thursday (weekday 3 when Monday is 0).
        now.weekday = static_cast<int>(((day.count() % 7) + 7 + 3) % 7);
        now.minute_of_day = static_cast<int>((local - day).count());
        return now;
    }
};

}  // namespace routing
