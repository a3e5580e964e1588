#pragma once
// Parsers for the value formats of the configuration file that TOML has no type for:
// durations, sizes, business hours, domains, JIDs and time zones. Pure functions of a
// string, so each format is tested on its own; the caller adds file, line and key.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "routing/settings.hpp"

namespace config {

/// A parsed value, or why the text is not one (a sentence without file, line or key).
template <typename T>
struct Parsed {
    std::optional<T> value;
    std::string error;

    /// The text was valid.
    static Parsed ok(T v) { return Parsed{std::move(v), {}}; }
    /// The text was not valid, because of `why`.
    static Parsed fail(std::string why) { return Parsed{std::nullopt, std::move(why)}; }
};

/// "30s", "2m", "1h", "500ms", "1h30m" (units h, m, s, ms, largest first; whole numbers).
Parsed<routing::Duration> parse_duration(std::string_view text);

/// "512B", "16KiB", "1MiB" (binary units); must be more than zero bytes.
Parsed<std::size_t> parse_size(std::string_view text);

/// "mon-fri 09:00-17:30", "sat 10:00-14:00", "mon,wed,fri 08:00-12:00"; the window stays
/// within one day (start < end, "24:00" is the end of the day). Day names ignore case.
Parsed<routing::HoursWindow> parse_hours(std::string_view text);

/// A DNS-style domain such as "desk.example.com", lower-cased.
Parsed<std::string> parse_domain(std::string_view text);

/// The localpart of a JID (the part before '@'): not empty, none of "&'/:<>@ , spaces or
/// control characters, at most 1023 bytes. Returned unchanged.
Parsed<std::string> parse_localpart(std::string_view text);

/// A bare JID with a localpart ("alice@example.com"), lower-cased; a resource is refused.
Parsed<std::string> parse_bare_jid(std::string_view text);

/// "ADDRESS:PORT" for a listening socket: an IPv4 address ("127.0.0.1:9464", "0.0.0.0:9464")
/// or an IPv6 one in brackets ("[::1]:9464"), and a port from 1 to 65535. Returned unchanged.
Parsed<std::string> parse_listen(std::string_view text);

/// "HOST:PORT" of a server to connect to: a host name ("node1.example.com:5347"), an IPv4
/// address, or an IPv6 one in brackets ("[::1]:5347"); a port from 1 to 65535. The host
/// is returned without brackets.
struct HostPort {
    std::string host;
    std::uint16_t port = 0;
};
Parsed<HostPort> parse_host_port(std::string_view text);

/// An IANA time-zone name that exists under `zoneinfo` (or "UTC"), returned unchanged.
Parsed<std::string> parse_timezone(std::string_view text,
                                   const std::filesystem::path& zoneinfo = "/usr/share/zoneinfo");

}  // namespace config
