#include "config/values.hpp"
#include "config/redact.hpp"
#include "routing/text.hpp"

#include <arpa/inet.h>

#include <optional>

#include <array>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <limits>

namespace config {

using routing::ascii_lower;
using routing::trim;

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_space(char c) {
    return c == ' ' || c == '\t';
}

// Reads the decimal number at the front of `text`, if any; false when there is none or
// it exceeds `limit`.
bool take_number(std::string_view& text, std::uint64_t limit, std::uint64_t& out, bool& too_big) {
    std::size_t i = 0;
    out = 0;
    too_big = false;
    while (i < text.size() && is_digit(text[i])) {
        const auto digit = static_cast<std::uint64_t>(text[i] - '0');
        if (out > (limit - digit) / 10) {
            too_big = true;
        } else {
            out = out * 10 + digit;
        }
        ++i;
    }
    text.remove_prefix(i);
    return i > 0 && !too_big;
}

}  // namespace

Parsed<routing::Duration> parse_duration(std::string_view text) {
    using Result = Parsed<routing::Duration>;
    const std::string example = " (write e.g. \"30s\", \"2m\", \"1h30m\" or \"500ms\")";
    std::string_view rest = trim(text);
    if (rest.empty()) {
        return Result::fail("empty duration" + example);
    }
    if (rest.front() == '-') {
        return Result::fail("duration " + quote_input(text) + " is negative");
    }
    // Units from the largest to the smallest; each may appear once, in this order.
    struct Unit {
        std::string_view name;
        std::int64_t millis;
    };
    static constexpr std::array<Unit, 4> units{
        {{"h", 3'600'000}, {"m", 60'000}, {"s", 1'000}, {"ms", 1}}};
    constexpr std::uint64_t max_millis = 100ULL * 365 * 24 * 3'600'000;  // a century
    std::size_t next_unit = 0;
    std::uint64_t total = 0;
    while (!rest.empty()) {
        std::uint64_t number = 0;
        bool too_big = false;
        if (!take_number(rest, max_millis, number, too_big)) {
            if (too_big) {
                return Result::fail("duration " + quote_input(text) + " is too long");
            }
            return Result::fail("bad duration " + quote_input(text) + example);
        }
        if (!rest.empty() && (rest.front() == '.' || rest.front() == ',')) {
            return Result::fail("bad duration " + quote_input(text) +
                                ": use whole numbers, e.g. \"1h30m\" or \"1500ms\"");
        }
        rest = trim(rest);
        std::size_t letters = 0;
        while (letters < rest.size() && std::isalpha(static_cast<unsigned char>(rest[letters]))) {
            ++letters;
        }
        const std::string unit = ascii_lower(rest.substr(0, letters));
        rest = trim(rest.substr(letters));
        if (unit.empty()) {
            return Result::fail("duration " + quote_input(text) + " has no unit: write e.g. " +
                                quote_input(std::to_string(number) + "s"));
        }
        std::size_t index = 0;
        while (index < units.size() && units[index].name != unit) {
            ++index;
        }
        if (index == units.size()) {
            return Result::fail("duration " + quote_input(text) + " has an unknown unit " +
                                quote_input(unit) + " (units: h, m, s, ms)");
        }
        if (index < next_unit) {
            return Result::fail("bad duration " + quote_input(text) +
                                ": give each unit once, largest first, e.g. \"1h30m\"");
        }
        next_unit = index + 1;
        const auto millis = static_cast<std::uint64_t>(units[index].millis);
        if (number > max_millis / millis || total + number * millis > max_millis) {
            return Result::fail("duration " + quote_input(text) + " is too long");
        }
        total += number * millis;
    }
    return Result::ok(routing::Duration{static_cast<std::int64_t>(total)});
}

Parsed<std::size_t> parse_size(std::string_view text) {
    using Result = Parsed<std::size_t>;
    const std::string example = " (write e.g. \"512B\", \"16KiB\" or \"1MiB\")";
    std::string_view rest = trim(text);
    if (rest.empty()) {
        return Result::fail("empty size" + example);
    }
    if (rest.front() == '-') {
        return Result::fail("size " + quote_input(text) + " is negative");
    }
    std::uint64_t number = 0;
    bool too_big = false;
    const std::uint64_t limit = std::numeric_limits<std::size_t>::max();
    if (!take_number(rest, limit, number, too_big)) {
        return Result::fail((too_big ? "size " + quote_input(text) + " is too large"
                                     : "bad size " + quote_input(text)) +
                            (too_big ? "" : example));
    }
    const std::string unit = ascii_lower(trim(rest));
    std::uint64_t factor = 0;
    if (unit.empty() || unit == "b") {
        factor = 1;
    } else if (unit == "kib") {
        factor = 1024;
    } else if (unit == "mib") {
        factor = 1024 * 1024;
    } else if (unit == "gib") {
        factor = 1024 * 1024 * 1024;
    } else if (unit == "k" || unit == "kb" || unit == "m" || unit == "mb" || unit == "g" ||
               unit == "gb") {
        return Result::fail("size " + quote_input(text) + " has an ambiguous unit " +
                            quote_input(trim(rest)) +
                            ": use B, KiB, MiB or GiB (1 KiB = 1024 bytes)");
    } else {
        return Result::fail("size " + quote_input(text) + " has an unknown unit " +
                            quote_input(trim(rest)) + " (units: B, KiB, MiB, GiB)");
    }
    if (number > limit / factor) {
        return Result::fail("size " + quote_input(text) + " is too large");
    }
    if (number == 0) {
        return Result::fail("size " + quote_input(text) + " must be more than zero bytes");
    }
    return Result::ok(static_cast<std::size_t>(number * factor));
}

namespace {

// Monday is 0 ... Sunday is 6; -1 when `name` is not a day.
int day_index(std::string_view name) {
    static constexpr std::array<std::string_view, 7> short_names{"mon", "tue", "wed", "thu",
                                                                 "fri", "sat", "sun"};
    static constexpr std::array<std::string_view, 7> long_names{
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    const std::string key = ascii_lower(name);
    for (int i = 0; i < 7; ++i) {
        if (key == short_names[i] || key == long_names[i]) {
            return i;
        }
    }
    return -1;
}

// "9:00" or "09:00" as minutes after midnight; "24:00" only when `end`; -1 if invalid.
int parse_clock(std::string_view text, bool end) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() != colon + 3) {
        return -1;
    }
    int hour = 0;
    for (std::size_t i = 0; i < colon; ++i) {
        if (!is_digit(text[i])) {
            return -1;
        }
        hour = hour * 10 + (text[i] - '0');
    }
    if (!is_digit(text[colon + 1]) || !is_digit(text[colon + 2])) {
        return -1;
    }
    const int minute = (text[colon + 1] - '0') * 10 + (text[colon + 2] - '0');
    if (minute > 59 || hour > 24 || (hour == 24 && (minute != 0 || !end))) {
        return -1;
    }
    return hour * 60 + minute;
}

}  // namespace

Parsed<routing::HoursWindow> parse_hours(std::string_view text) {
    using Result = Parsed<routing::HoursWindow>;
    const std::string shape = " (expected \"DAYS HH:MM-HH:MM\", e.g. \"mon-fri 09:00-17:30\")";
    std::string_view rest = trim(text);
    std::size_t gap = 0;
    while (gap < rest.size() && !is_space(rest[gap])) {
        ++gap;
    }
    const std::string_view days = rest.substr(0, gap);
    const std::string_view times = trim(rest.substr(gap));
    if (days.empty() || times.empty() || times.find_first_of(" \t") != std::string_view::npos) {
        return Result::fail("bad hours " + quote_input(text) + shape);
    }

    routing::HoursWindow window;
    std::string_view list = days;
    while (true) {
        const auto comma = list.find(',');
        const std::string_view item = list.substr(0, comma);
        const auto dash = item.find('-');
        const int first = day_index(item.substr(0, dash));
        const int last = dash == std::string_view::npos ? first : day_index(item.substr(dash + 1));
        if (first < 0 || last < 0) {
            return Result::fail("bad hours " + quote_input(text) + ": " + quote_input(item) +
                                " is not a day or a range of days (mon, tue, wed, thu, fri, sat, "
                                "sun; e.g. \"mon-fri\" or \"mon,wed\")");
        }
        // A range may wrap around the week: "fri-mon" is Friday to Monday.
        for (int day = first;; day = (day + 1) % 7) {
            window.days = static_cast<std::uint8_t>(window.days | (1U << day));
            if (day == last) {
                break;
            }
        }
        if (comma == std::string_view::npos) {
            break;
        }
        list.remove_prefix(comma + 1);
    }

    const auto dash = times.find('-');
    if (dash == std::string_view::npos) {
        return Result::fail("bad hours " + quote_input(text) + shape);
    }
    window.start_minute = parse_clock(times.substr(0, dash), false);
    window.end_minute = parse_clock(times.substr(dash + 1), true);
    if (window.start_minute < 0 || window.end_minute < 0) {
        return Result::fail("bad hours " + quote_input(text) + ": " + quote_input(times) +
                            " is not a time span HH:MM-HH:MM between 00:00 and 24:00");
    }
    if (window.start_minute >= window.end_minute) {
        return Result::fail("bad hours " + quote_input(text) +
                            ": the window must end after it starts on the same day; to cross "
                            "midnight write two entries, e.g. \"fri 22:00-24:00\" and "
                            "\"sat 00:00-02:00\"");
    }
    return Result::ok(window);
}

namespace {

// A TCP port, 1 to 65535, and nothing else.
std::optional<std::uint16_t> port_number(std::string_view port) {
    std::uint64_t number = 0;
    bool too_big = false;
    std::string_view rest = port;
    if (port.empty() || !take_number(rest, 65535, number, too_big) || !rest.empty() || too_big ||
        number == 0) {
        return std::nullopt;
    }
    return static_cast<std::uint16_t>(number);
}

}  // namespace

Parsed<std::string> parse_listen(std::string_view text) {
    using Result = Parsed<std::string>;
    const std::string shape = " is not ADDRESS:PORT (e.g. \"127.0.0.1:9464\" or \"[::1]:9464\")";
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
        return Result::fail(quote_input(text) + shape);
    }
    std::string_view address = text.substr(0, colon);
    const std::string_view port = text.substr(colon + 1);
    const bool v6 = address.size() >= 2 && address.front() == '[' && address.back() == ']';
    if (v6) {
        address = address.substr(1, address.size() - 2);
    }
    const std::string host(address);
    unsigned char bytes[16];
    if (host.empty() || ::inet_pton(v6 ? AF_INET6 : AF_INET, host.c_str(), bytes) != 1) {
        return Result::fail(quote_input(text) + shape +
                            (v6 ? "" : "; the address is numeric, a name is not looked up"));
    }
    if (!port_number(port)) {
        return Result::fail(quote_input(text) + shape + "; the port is 1 to 65535");
    }
    return Result::ok(std::string(text));
}

Parsed<HostPort> parse_host_port(std::string_view text) {
    using Result = Parsed<HostPort>;
    const std::string shape =
        " is not HOST:PORT (e.g. \"node1.example.com:5347\", \"10.0.0.2:5347\" or "
        "\"[::1]:5347\")";
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
        return Result::fail(quote_input(text) + shape);
    }
    std::string_view host = text.substr(0, colon);
    const std::string_view port = text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        const std::string address(host.substr(1, host.size() - 2));
        unsigned char bytes[16];
        if (::inet_pton(AF_INET6, address.c_str(), bytes) != 1) {
            return Result::fail(quote_input(text) + shape + "; inside brackets an IPv6 address");
        }
        host = host.substr(1, host.size() - 2);
    } else if (host.find_first_of("[]:/@ \t\r\n") != std::string_view::npos) {
        return Result::fail(quote_input(text) + shape +
                            (host.find(':') != std::string_view::npos
                                 ? "; an IPv6 address goes in brackets"
                                 : "; the host is a name or an address"));
    }
    const auto number = port_number(port);
    if (!number) {
        return Result::fail(quote_input(text) + shape + "; the port is 1 to 65535");
    }
    return Result::ok(HostPort{std::string(host), *number});
}

Parsed<std::string> parse_domain(std::string_view text) {
    using Result = Parsed<std::string>;
    if (text.empty()) {
        return Result::fail("the domain is empty");
    }
    if (text.find_first_of("@/") != std::string_view::npos) {
        return Result::fail(quote_input(text) +
                            " is not a domain (a domain is like "
                            "\"desk.example.com\", without '@' or '/')");
    }
    std::string domain = ascii_lower(text);
    if (domain.back() == '.') {
        domain.pop_back();  // RFC 7622: a trailing dot is not part of the domain
    }
    if (domain.empty() || domain.size() > 253) {
        return Result::fail(quote_input(text) + " is not a valid domain (1 to 253 characters)");
    }
    std::size_t start = 0;
    while (start <= domain.size()) {
        auto end = domain.find('.', start);
        if (end == std::string::npos) {
            end = domain.size();
        }
        const std::string_view label = std::string_view(domain).substr(start, end - start);
        if (label.empty() || label.size() > 63) {
            return Result::fail(quote_input(text) +
                                " is not a valid domain (each part between dots has 1 to 63 "
                                "characters)");
        }
        for (const char c : label) {
            const auto u = static_cast<unsigned char>(c);
            if (!(std::isalnum(u) || c == '-' || u >= 0x80)) {
                return Result::fail(quote_input(text) +
                                    " is not a valid domain (letters, digits, '-' and '.' only)");
            }
        }
        if (label.front() == '-' || label.back() == '-') {
            return Result::fail(quote_input(text) +
                                " is not a valid domain (a part cannot start or end with '-')");
        }
        start = end + 1;
    }
    return Result::ok(std::move(domain));
}

Parsed<std::string> parse_localpart(std::string_view text) {
    using Result = Parsed<std::string>;
    if (text.empty()) {
        return Result::fail("the name before '@' is empty");
    }
    if (text.size() > 1023) {
        return Result::fail("the name before '@' is longer than 1023 bytes");
    }
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f ||
            std::string_view("\"&'/:<>@").find(c) != std::string_view::npos) {
            return Result::fail(quote_input(text) +
                                " may not contain spaces, control characters or any of \"&'/:<>@");
        }
    }
    return Result::ok(std::string(text));
}

Parsed<std::string> parse_bare_jid(std::string_view text) {
    using Result = Parsed<std::string>;
    const auto slash = text.find('/');
    if (slash != std::string_view::npos) {
        return Result::fail(quote_input(text) +
                            " is a full JID with a resource; give the bare JID " +
                            quote_input(text.substr(0, slash)));
    }
    const auto at = text.find('@');
    if (at == std::string_view::npos) {
        return Result::fail(quote_input(text) +
                            " is not an account JID (expected e.g. \"alice@example.com\")");
    }
    const auto local = parse_localpart(text.substr(0, at));
    if (!local.value) {
        return Result::fail("bad JID " + quote_input(text) + ": " + local.error);
    }
    const auto domain = parse_domain(text.substr(at + 1));
    if (!domain.value) {
        return Result::fail("bad JID " + quote_input(text) + ": " + domain.error);
    }
    return Result::ok(ascii_lower(*local.value) + "@" + *domain.value);
}

Parsed<std::string> parse_timezone(std::string_view text, const std::filesystem::path& zoneinfo) {
    using Result = Parsed<std::string>;
    if (text == "UTC") {
        return Result::ok(std::string(text));
    }
    const std::string hint = " (an IANA name such as \"Europe/Amsterdam\", or \"UTC\")";
    if (text.empty() || text.front() == '/' || text.find("..") != std::string_view::npos ||
        text.find('\0') != std::string_view::npos) {
        return Result::fail(quote_input(text) + " is not a time-zone name" + hint);
    }
    std::error_code error;
    if (!std::filesystem::is_directory(zoneinfo, error)) {
        return Result::fail("no time-zone database at " + zoneinfo.string() +
                            " (install the tzdata package), so only \"UTC\" can be used");
    }
    const auto file = zoneinfo / std::string(text);
    std::ifstream in(file, std::ios::binary);
    char magic[4] = {};
    if (!std::filesystem::is_regular_file(file, error) || !in.read(magic, sizeof magic) ||
        std::string_view(magic, sizeof magic) != "TZif") {
        return Result::fail("unknown time zone " + quote_input(text) + hint);
    }
    return Result::ok(std::string(text));
}

}  // namespace config
