#pragma once
// "Now" for the routing core: the wall-clock instant plus the calendar facts (day,
// weekday, minute) in the operator's configured time zone.

#include <chrono>
#include <string>

#include "routing/now.hpp"

namespace component {

/// A moment on both of the machine's clocks: read once at the edge (`main`) and passed
/// in, so that everything below it is reproducible in tests and fuzzers.
struct Instant {
    routing::Time wall{};                            ///< for routing and calendars
    std::chrono::steady_clock::time_point steady{};  ///< for rates and coalescing
    /// The machine's clocks right now (only `main` calls it).
    static Instant read();
};

/// Converts instants to the calendar facts of the configured IANA time zone.
class LocalClock {
  public:
    /// Selects `timezone` (e.g. "Europe/Amsterdam") for this process: libstdc++ 12 has no
    /// chrono time zone database, so the C library's TZ handling does the conversion.
    explicit LocalClock(const std::string& timezone);

    /// The calendar facts of any instant.
    routing::Now at(routing::Time instant) const;
};

}  // namespace component
