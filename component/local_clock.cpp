#include "component/local_clock.hpp"

#include <cstdlib>
#include <ctime>

namespace component {

LocalClock::LocalClock(const std::string& timezone) {
    // The process has one operator time zone; set it before any thread starts.
    const std::string tz = timezone == "UTC" ? "UTC0" : ":" + timezone;
    setenv("TZ", tz.c_str(), 1);
    tzset();
}

Instant Instant::read() {
    return Instant{std::chrono::system_clock::now(), std::chrono::steady_clock::now()};
}

routing::Now LocalClock::at(routing::Time instant) const {
    const std::time_t t = std::chrono::system_clock::to_time_t(instant);
    std::tm local{};
    localtime_r(&t, &local);
    return routing::Now::at_offset(instant, std::chrono::minutes{local.tm_gmtoff / 60});
}

}  // namespace component
