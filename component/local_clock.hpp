#pragma once
// "Now" for the routing core: the wall-clock instant plus the calendar facts (day,
// weekday, minute) in the operator's configured time zone.

#include <string>

#include "routing/now.hpp"

namespace component {

/// Reads the system clock and converts it to the configured IANA time zone.
class LocalClock {
  public:
    /// Selects `timezone` (e.g. "Europe/Amsterdam") for this process: libstdc++ 12 has no
    /// chrono time zone database, so the C library's TZ handling does the conversion.
    explicit LocalClock(const std::string& timezone);

    /// The current moment.
    routing::Now now() const;
    /// The calendar facts of any instant.
    routing::Now at(routing::Time instant) const;
};

}  // namespace component
