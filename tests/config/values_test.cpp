// The value formats TOML has no type for: durations, sizes, hours, domains, JIDs, zones.

#include <gtest/gtest.h>

#include <filesystem>

#include "config/redact.hpp"
#include "config/values.hpp"

namespace {

using namespace std::chrono_literals;

TEST(Duration, AcceptsUnitsAndCompounds) {
    EXPECT_EQ(config::parse_duration("0s").value, 0ms);
    EXPECT_EQ(config::parse_duration("30s").value, 30s);
    EXPECT_EQ(config::parse_duration("2m").value, 2min);
    EXPECT_EQ(config::parse_duration("1h").value, 1h);
    EXPECT_EQ(config::parse_duration("500ms").value, 500ms);
    EXPECT_EQ(config::parse_duration("1h30m").value, 90min);
    EXPECT_EQ(config::parse_duration("1m 30s").value, 90s);
}

TEST(Duration, RejectsNegativeEmptyUnitlessAndUnknown) {
    EXPECT_NE(config::parse_duration("-1s").error.find("negative"), std::string::npos);
    EXPECT_NE(config::parse_duration("").error.find("empty"), std::string::npos);
    EXPECT_NE(config::plain(config::parse_duration("30").error).find("write e.g. \"30s\""),
              std::string::npos);
    EXPECT_NE(config::plain(config::parse_duration("3w").error).find("unknown unit \"w\""),
              std::string::npos);
    EXPECT_NE(config::parse_duration("1.5h").error.find("whole numbers"), std::string::npos);
    EXPECT_NE(config::parse_duration("30m1h").error.find("largest first"), std::string::npos);
    EXPECT_NE(config::parse_duration("99999999999999999999h").error.find("too long"),
              std::string::npos);
    EXPECT_FALSE(config::parse_duration("s").value);
}

TEST(Size, AcceptsBinaryUnitsAndBytes) {
    EXPECT_EQ(config::parse_size("512B").value, 512u);
    EXPECT_EQ(config::parse_size("16KiB").value, 16u * 1024);
    EXPECT_EQ(config::parse_size("1MiB").value, 1024u * 1024);
    EXPECT_EQ(config::parse_size("2048").value, 2048u);
}

TEST(Size, RejectsZeroNegativeAndAmbiguousUnits) {
    EXPECT_NE(config::parse_size("0B").error.find("more than zero"), std::string::npos);
    EXPECT_NE(config::parse_size("-1KiB").error.find("negative"), std::string::npos);
    EXPECT_NE(config::parse_size("16KB").error.find("ambiguous"), std::string::npos);
    EXPECT_NE(config::parse_size("16 parsecs").error.find("unknown unit"), std::string::npos);
}

TEST(Hours, DaysRangesAndListsSetMondayAsBitZero) {
    const auto weekdays = config::parse_hours("mon-fri 09:00-17:30").value;
    ASSERT_TRUE(weekdays);
    EXPECT_EQ(weekdays->days, 0b0011111);
    EXPECT_EQ(weekdays->start_minute, 540);
    EXPECT_EQ(weekdays->end_minute, 1050);
    EXPECT_EQ(config::parse_hours("sun 10:00-14:00").value->days, 0b1000000);
    EXPECT_EQ(config::parse_hours("mon,wed 10:00-14:00").value->days, 0b0000101);
    EXPECT_EQ(config::parse_hours("Sat-Sun 10:00-14:00").value->days, 0b1100000);
    EXPECT_EQ(config::parse_hours("fri-mon 10:00-14:00").value->days, 0b1110001);
    EXPECT_EQ(config::parse_hours("mon 22:00-24:00").value->end_minute, 1440);
    EXPECT_EQ(config::parse_hours("mon 8:00-9:15").value->start_minute, 480);
}

TEST(Hours, RejectsCrossingMidnightAndBadParts) {
    EXPECT_NE(config::parse_hours("fri 22:00-02:00").error.find("midnight"), std::string::npos);
    EXPECT_NE(config::parse_hours("mon 10:00-10:00").error.find("end after it starts"),
              std::string::npos);
    EXPECT_NE(config::parse_hours("mon-fryday 09:00-17:00").error.find("not a day"),
              std::string::npos);
    EXPECT_NE(config::parse_hours("mon 09:00-25:00").error.find("time span"), std::string::npos);
    EXPECT_NE(config::parse_hours("mon 24:00-24:00").error.find("time span"), std::string::npos);
    EXPECT_NE(config::parse_hours("mon 9-17").error.find("time span"), std::string::npos);
    EXPECT_NE(config::parse_hours("09:00-17:00").error.find("DAYS HH:MM-HH:MM"), std::string::npos);
    EXPECT_FALSE(config::parse_hours("mon,,tue 09:00-17:00").value);
}

TEST(Domain, LowerCasesAndChecksLabels) {
    EXPECT_EQ(config::parse_domain("Desk.Example.COM").value, "desk.example.com");
    EXPECT_EQ(config::parse_domain("localhost.").value, "localhost");
    EXPECT_FALSE(config::parse_domain("").value);
    EXPECT_FALSE(config::parse_domain("a..b").value);
    EXPECT_FALSE(config::parse_domain("-a.b").value);
    EXPECT_FALSE(config::parse_domain("a_b.c").value);
    EXPECT_NE(config::parse_domain("x@desk.example.com").error.find("not a domain"),
              std::string::npos);
    EXPECT_FALSE(config::parse_domain(std::string(64, 'a') + ".com").value);
}

TEST(Jid, BareJidsOnly) {
    EXPECT_EQ(config::parse_bare_jid("Alice@Example.com").value, "alice@example.com");
    EXPECT_NE(config::parse_bare_jid("alice@example.com/phone").error.find("resource"),
              std::string::npos);
    EXPECT_FALSE(config::parse_bare_jid("example.com").value);
    EXPECT_FALSE(config::parse_bare_jid("@example.com").value);
    EXPECT_FALSE(config::parse_bare_jid("al ice@example.com").value);
    EXPECT_FALSE(config::parse_bare_jid("a@b@example.com").value);
    EXPECT_FALSE(config::parse_bare_jid("alice@").value);
}

TEST(Localpart, RefusesForbiddenCharacters) {
    EXPECT_EQ(config::parse_localpart("support").value, "support");
    for (const char* bad : {"", "a b", "a:b", "a/b", "a@b", "a<b", "a'b", "a\"b", "a&b"}) {
        EXPECT_FALSE(config::parse_localpart(bad).value) << bad;
    }
}

TEST(Timezone, KnownNamesAndUtc) {
    EXPECT_EQ(config::parse_timezone("UTC").value, "UTC");
    if (std::filesystem::exists("/usr/share/zoneinfo/Europe/Amsterdam")) {
        EXPECT_EQ(config::parse_timezone("Europe/Amsterdam").value, "Europe/Amsterdam");
    }
    EXPECT_FALSE(config::parse_timezone("Europe/Atlantis").value);
    EXPECT_FALSE(config::parse_timezone("Europe").value);  // a directory
    EXPECT_FALSE(config::parse_timezone("/etc/passwd").value);
    EXPECT_FALSE(config::parse_timezone("").value);
}

TEST(Timezone, WithoutTzdataOnlyUtcWorks) {
    const auto missing = std::filesystem::path("/nonexistent/zoneinfo");
    EXPECT_EQ(config::parse_timezone("UTC", missing).value, "UTC");
    EXPECT_NE(config::parse_timezone("Europe/Amsterdam", missing).error.find("tzdata"),
              std::string::npos);
}

TEST(Timezone, FilesThatAreNotZonesAreRefused) {
    if (std::filesystem::exists("/usr/share/zoneinfo/zone.tab")) {
        EXPECT_FALSE(config::parse_timezone("zone.tab").value);
    }
}

}  // namespace
