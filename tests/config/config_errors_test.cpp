// Loading files with mistakes: every kind is reported with its line and dotted key.

#include <gtest/gtest.h>

#include "config/config.hpp"
#include "tests/config/load_helpers.hpp"

namespace {

using namespace std::chrono_literals;
using config_test::has_error;
using config_test::lines;
using config_test::load_errors;
using config_test::load_ok;
using config_test::minimal_with;
using config_test::server_line1;
using config_test::server_line2;
using config_test::server_line3;

TEST(ConfigErrors, UnknownKeyAtEveryLevel) {
    const auto errors = load_errors(lines({
        "colour = \"blue\"",                                      // 1
        "[server]",                                               // 2
        "domain = \"desk.example.com\"",                          // 3
        "secret = \"s3cret\"",                                    // 4
        "prot = 5347",                                            // 5
        "[workgroups.support]",                                   // 6
        "moed = \"queue\"",                                       // 7
        "[[workgroups.support.agents]]",                          // 8
        "jid = \"alice@example.com\"",                            // 9
        "skill = [\"de\"]",                                       // 10
        "[workgroups.support.menu]",                              // 11
        "question = \"Q\"",                                       // 12
        "options = [ { label = \"A\", skill = \"a\", x = 1 } ]",  // 13
        "[[workgroups.support.rules]]",                           // 14
        "language = \"de\"",                                      // 15
        "skill = \"de\"",                                         // 16
        "weight = 2",                                             // 17
        "[logging]",                                              // 18
    }));
    EXPECT_EQ(errors.size(), 7u) << config_test::dump(errors);
    EXPECT_TRUE(has_error(errors, 1, "colour", "unknown key"));
    EXPECT_TRUE(has_error(errors, 5, "server.prot", "unknown key (did you mean \"port\"?)"));
    EXPECT_TRUE(has_error(errors, 7, "workgroups.support.moed", "did you mean \"mode\"?"));
    EXPECT_TRUE(
        has_error(errors, 10, "workgroups.support.agents[1].skill", "did you mean \"skills\"?"));
    EXPECT_TRUE(has_error(errors, 13, "workgroups.support.menu.options[1].x", "unknown key"));
    EXPECT_TRUE(has_error(errors, 17, "workgroups.support.rules[1].weight", "unknown key"));
    EXPECT_TRUE(has_error(errors, 18, "logging", "unknown key"));
}

TEST(ConfigErrors, WrongTypeSaysWhatWasExpected) {
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "port = \"5347\"",
                             "[workgroups.support]"}),
                      4, "server.port", "expected an integer, got a string");
    EXPECT_ONLY_ERROR(minimal_with({"max_chats = \"3\""}), 7,
                      "workgroups.support.agents[1].max_chats",
                      "expected an integer, got a string");
    EXPECT_ONLY_ERROR(minimal_with({"skills = \"de\""}), 7, "workgroups.support.agents[1].skills",
                      "expected an array, got a string");
    EXPECT_ONLY_ERROR(minimal_with({"skills = [\"de\", 2]"}), 7,
                      "workgroups.support.agents[1].skills[2]",
                      "expected a string, got an integer");
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                             "sticky = \"yes\""}),
                      5, "workgroups.support.sticky", "expected true or false, got a string");
    EXPECT_ONLY_ERROR(
        lines({server_line1, server_line2, server_line3, "[workgroups]", "support = 1"}), 5,
        "workgroups.support", "expected a table");
}

TEST(ConfigErrors, OutOfRangeNumbers) {
    EXPECT_ONLY_ERROR(
        lines({server_line1, server_line2, server_line3, "port = 70000", "[workgroups.support]"}),
        4, "server.port", "between 1 and 65535");
    EXPECT_ONLY_ERROR(minimal_with({"max_chats = 0"}), 7, "workgroups.support.agents[1].max_chats",
                      "at least 1");
    EXPECT_ONLY_ERROR(minimal_with({"daily_limit = 0"}), 7,
                      "workgroups.support.agents[1].daily_limit", "at least 1");
    EXPECT_ONLY_ERROR(
        lines({server_line1, server_line2, server_line3, "[workgroups.support]", "max_queue = -1"}),
        5, "workgroups.support.max_queue", "at least 0");
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                             "max_message = 0"}),
                      5, "workgroups.support.max_message", "more than 0");
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                             "max_message = \"16KB\""}),
                      5, "workgroups.support.max_message", "KiB");
}

TEST(ConfigErrors, MissingRequiredKeys) {
    EXPECT_ONLY_ERROR(lines({"[server]", "secret = \"s3cret\"", "[workgroups.support]"}), 1,
                      "server.domain", "missing");
    EXPECT_ONLY_ERROR(lines({"[workgroups.support]"}), 0, "server", "missing");
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3}), 0, "workgroups",
                      "at least one workgroup");
    EXPECT_ONLY_ERROR(minimal_with({"[[workgroups.support.agents]]", "name = \"Bob\""}), 7,
                      "workgroups.support.agents[2].jid", "missing");
}

TEST(ConfigErrors, BadJids) {
    EXPECT_ONLY_ERROR(
        minimal_with({"[[workgroups.support.agents]]", "jid = \"bob@example.com/phone\""}), 8,
        "workgroups.support.agents[2].jid", "give the bare JID \"bob@example.com\"");
    EXPECT_ONLY_ERROR(minimal_with({"[[workgroups.support.agents]]", "jid = \"example.com\""}), 8,
                      "workgroups.support.agents[2].jid", "not an account JID");
    EXPECT_ONLY_ERROR(minimal_with({"[[workgroups.support.agents]]", "jid = \"bob@exa mple.com\""}),
                      8, "workgroups.support.agents[2].jid", "not a valid domain");
    EXPECT_ONLY_ERROR(
        lines({"[server]", "domain = \"desk..example.com\"", server_line3, "[workgroups.support]"}),
        2, "server.domain", "not a valid domain");
}

TEST(ConfigErrors, BadDurations) {
    const auto with = [](std::string_view line) {
        return lines({server_line1, server_line2, server_line3, "[workgroups.support]", line});
    };
    EXPECT_ONLY_ERROR(with("offer_timeout = 30"), 5, "workgroups.support.offer_timeout",
                      "write e.g. \"30s\"");
    EXPECT_ONLY_ERROR(with("offer_timeout = \"30\""), 5, "workgroups.support.offer_timeout",
                      "no unit");
    EXPECT_ONLY_ERROR(with("queue_timeout = \"-5m\""), 5, "workgroups.support.queue_timeout",
                      "negative");
    EXPECT_ONLY_ERROR(with("assign_delay = \"5d\""), 5, "workgroups.support.assign_delay",
                      "unknown unit");
    EXPECT_ONLY_ERROR(with("visitor_grace = \"\""), 5, "workgroups.support.visitor_grace",
                      "empty duration");
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "reconnect_max = \"0s\"",
                             "[workgroups.support]"}),
                      4, "server.reconnect_max", "more than");
}

TEST(ConfigErrors, BadHoursPointAtTheEntry) {
    const auto errors =
        load_errors(lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                           "hours = [\"mon-fri 09:00-17:00\",", "  \"fri 22:00-02:00\",",
                           "  \"someday 10:00-12:00\"]"}));
    EXPECT_EQ(errors.size(), 2u) << config_test::dump(errors);
    EXPECT_TRUE(has_error(errors, 6, "workgroups.support.hours[2]", "midnight"));
    EXPECT_TRUE(has_error(errors, 7, "workgroups.support.hours[3]", "not a day"));
}

TEST(ConfigErrors, OrderOnlyInRoundRobin) {
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                             "mode = \"queue\"", "order = \"random\""}),
                      6, "workgroups.support.order", "only for mode = \"round_robin\"");
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                             "order = \"sideways\""}),
                      5, "workgroups.support.order", "not one of rotate, random");
}

TEST(ConfigErrors, MucKeysOnlyWithMucConversations) {
    const auto errors = load_errors(lines(
        {server_line1, server_line2, server_line3, "[workgroups.support]",
         "muc_service = \"conference.example.com\"", "supervisors = [\"lead@example.com\"]"}));
    EXPECT_EQ(errors.size(), 2u) << config_test::dump(errors);
    EXPECT_TRUE(has_error(errors, 5, "workgroups.support.muc_service", "only with conversation"));
    EXPECT_TRUE(has_error(errors, 6, "workgroups.support.supervisors", "only with conversation"));
}

TEST(ConfigErrors, MucConversationsNeedTheServersMucService) {
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                             "conversation = \"muc\""}),
                      4, "workgroups.support.muc_service", "missing");
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                             "conversation = \"muc\"", "muc_service = \"conference..com\""}),
                      6, "workgroups.support.muc_service", "");
    // Switchboard's own domain has no rooms: they are the XMPP server's.
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                             "conversation = \"muc\"", "muc_service = \"desk.example.com\""}),
                      6, "workgroups.support.muc_service", "component's own domain");
}

TEST(ConfigErrors, SupervisorsAreBareJidsOfPeople) {
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                             "conversation = \"muc\"", "muc_service = \"conference.example.com\"",
                             "supervisors = [\"lead@example.com/laptop\"]"}),
                      7, "workgroups.support.supervisors[1]", "bare JID");
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                             "conversation = \"muc\"", "muc_service = \"conference.example.com\"",
                             "supervisors = [\"lead@example.com\", \"boss@desk.example.com\"]"}),
                      7, "workgroups.support.supervisors[2]", "component's own domain");
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                             "conversation = \"muc\"", "muc_service = \"conference.example.com\"",
                             "supervisors = \"lead@example.com\""}),
                      7, "workgroups.support.supervisors", "");
}

TEST(ConfigErrors, WeightedModeNeedsDailyLimits) {
    EXPECT_ONLY_ERROR(
        lines({server_line1, server_line2, server_line3, "[workgroups.sales]",
               "mode = \"weighted\"", "[[workgroups.sales.agents]]", "jid = \"carol@example.com\"",
               "daily_limit = 100", "[[workgroups.sales.agents]]", "jid = \"dave@example.com\""}),
        9, "workgroups.sales.agents[2].daily_limit", "weighted");
}

TEST(ConfigErrors, BadModeAndLogLevel) {
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[log]",
                             "level = \"verbose\"", "[workgroups.support]"}),
                      5, "log.level", "not one of trace, debug, info, warn, error");
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                             "mode = \"fifo\""}),
                      5, "workgroups.support.mode",
                      "not one of broadcast, queue, round_robin, least_busy, weighted");
}

TEST(ConfigErrors, BadTimezone) {
    EXPECT_ONLY_ERROR(lines({"timezone = \"Mars/Olympus_Mons\"", server_line1, server_line2,
                             server_line3, "[workgroups.support]"}),
                      1, "timezone", "unknown time zone");
    EXPECT_ONLY_ERROR(lines({"timezone = \"../../etc/passwd\"", server_line1, server_line2,
                             server_line3, "[workgroups.support]"}),
                      1, "timezone", "not a time-zone name");
}

TEST(ConfigErrors, DuplicateWorkgroupIsNamed) {
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                             "mode = \"queue\"", "[workgroups.support]", "sticky = true"}),
                      6, "workgroups.support", "defined twice");
}

TEST(ConfigErrors, AgentListedTwicePointsAtTheSecond) {
    EXPECT_ONLY_ERROR(
        minimal_with({"[[workgroups.support.agents]]", "jid = \"bob@example.com\"",
                      "[[workgroups.support.agents]]", "jid = \"Alice@example.com\""}),
        10, "workgroups.support.agents[3].jid", "listed twice");
}

TEST(ConfigErrors, AgentInTheComponentsOwnDomainIsRefused) {
    // The workgroup's own JID, a conversation's, any other address of the domain, in any
    // case or with a trailing dot: chats offered there would never reach a person.
    for (const std::string jid :
         {"support@desk.example.com", "support.4@Desk.Example.COM", "x@desk.example.com."}) {
        EXPECT_ONLY_ERROR(minimal_with({"[[workgroups.support.agents]]", "jid = \"" + jid + "\""}),
                          8, "workgroups.support.agents[2].jid",
                          "is in the component's own domain desk.example.com");
    }
    EXPECT_ONLY_ERROR(
        lines({server_line1, "domain = \"DESK.example.com\"", server_line3, "[workgroups.sales]",
               "[[workgroups.sales.agents]]", "jid = \"sales@desk.example.com\""}),
        6, "workgroups.sales.agents[1].jid",
        "agent sales@desk.example.com is in the component's own domain");
    // The bare domain is no account at all.
    EXPECT_ONLY_ERROR(minimal_with({"[[workgroups.support.agents]]", "jid = \"desk.example.com\""}),
                      8, "workgroups.support.agents[2].jid", "not an account JID");
    // A subdomain, or the domain above, is another server's.
    const auto config =
        load_ok(minimal_with({"[[workgroups.support.agents]]", "jid = \"bob@eu.desk.example.com\"",
                              "[[workgroups.support.agents]]", "jid = \"carol@example.com\""}));
    ASSERT_EQ(config.workgroups.size(), 1u);
    EXPECT_EQ(config.workgroups[0].agents.size(), 3u);
}

TEST(ConfigErrors, BadWorkgroupNames) {
    EXPECT_ONLY_ERROR(
        lines({server_line1, server_line2, server_line3, "[workgroups.\"sup.port\"]"}), 4,
        "workgroups.\"sup.port\"", "may not contain '.'");
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.Support]"}), 4,
                      "workgroups.Support", "lower case");
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.\"a b\"]"}), 4,
                      "workgroups.\"a b\"", "bad workgroup name");
}

TEST(ConfigErrors, MenuMistakes) {
    const auto errors = load_errors(lines({
        server_line1, server_line2, server_line3,         // 1-3
        "[workgroups.support.menu]",                      // 4
        "options = [ { label = \"\", skill = \"a\" },",   // 5
        "  { label = \"Refund\", skill = \"refund\" },",  // 6
        "  { label = \"refund\", skill = \"r2\" },",      // 7
        "  { label = \"Other\" } ]",                      // 8
    }));
    EXPECT_EQ(errors.size(), 4u) << config_test::dump(errors);
    EXPECT_TRUE(has_error(errors, 4, "workgroups.support.menu.question", "missing"));
    EXPECT_TRUE(has_error(errors, 5, "workgroups.support.menu.options[1].label", "empty"));
    EXPECT_TRUE(has_error(errors, 7, "workgroups.support.menu.options[3].label", "already"));
    EXPECT_TRUE(has_error(errors, 8, "workgroups.support.menu.options[4].skill", "missing"));

    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support.menu]",
                             "question = \"Q\"", "options = []"}),
                      6, "workgroups.support.menu.options", "at least one");
}

TEST(ConfigErrors, RuleNeedsExactlyOneOfLanguageAndKeyword) {
    EXPECT_ONLY_ERROR(
        lines({server_line1, server_line2, server_line3, "[[workgroups.support.rules]]",
               "language = \"de\"", "keyword = \"rechnung\"", "skill = \"de\""}),
        6, "workgroups.support.rules[1].keyword", "not both");
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3,
                             "[[workgroups.support.rules]]", "skill = \"de\""}),
                      4, "workgroups.support.rules[1].language", "language = \"...\" or keyword");
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3,
                             "[[workgroups.support.rules]]", "keyword = \"invoice\""}),
                      4, "workgroups.support.rules[1].skill", "missing");
}

TEST(ConfigErrors, RuleOrOptionNeedsASkillOrAChatPriority) {
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3,
                             "[[workgroups.support.rules]]", "keyword = \"invoice\""}),
                      4, "workgroups.support.rules[1].skill",
                      "missing: a rule needs the skill it requires, a chat_priority, or both");
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support.menu]",
                             "question = \"Q\"", "options = [ { label = \"Other\" } ]"}),
                      6, "workgroups.support.menu.options[1].skill",
                      "missing: each option needs the skill it requires, a chat_priority, or both");
    // An empty skill is a mistake, not a way to say "none": leave the key out.
    EXPECT_ONLY_ERROR(
        lines({server_line1, server_line2, server_line3, "[[workgroups.support.rules]]",
               "keyword = \"urgent\"", "skill = \"\"", "chat_priority = 1"}),
        6, "workgroups.support.rules[1].skill", "must not be empty");
}

TEST(ConfigErrors, RelaxAfterMistakes) {
    const auto errors = load_errors(lines({
        server_line1,
        server_line2,
        server_line3,                                                           // 1-3
        "[workgroups.support]",                                                 // 4
        "queue_timeout = \"5m\"",                                               // 5
        "[workgroups.support.menu]",                                            // 6
        "question = \"Q\"",                                                     // 7
        "options = [ { label = \"A\", skill = \"a\", relax_after = \"5m\" },",  // 8
        "  { label = \"B\", chat_priority = 1, relax_after = \"1m\" } ]",       // 9
        "[[workgroups.support.rules]]",                                         // 10
        "language = \"de\"",                                                    // 11
        "skill = \"de\"",                                                       // 12
        "relax_after = \"0s\"",                                                 // 13
        "[[workgroups.support.rules]]",                                         // 14
        "keyword = \"urgent\"",                                                 // 15
        "chat_priority = 1",                                                    // 16
        "relax_after = \"1m\"",                                                 // 17
        "[[workgroups.support.rules]]",                                         // 18
        "keyword = \"invoice\"",                                                // 19
        "skill = \"refund\"",                                                   // 20
        "relax_after = \"10m\"",                                                // 21
    }));
    EXPECT_EQ(errors.size(), 5u) << config_test::dump(errors);
    EXPECT_TRUE(has_error(errors, 8, "workgroups.support.menu.options[1].relax_after",
                          "must be shorter than queue_timeout (\"5m\"): the chat would be "
                          "closed before the skill is dropped"));
    EXPECT_TRUE(has_error(errors, 9, "workgroups.support.menu.options[2].relax_after",
                          "relax_after needs a skill to drop; this option has none"));
    EXPECT_TRUE(has_error(errors, 13, "workgroups.support.rules[1].relax_after",
                          "must be more than \"0s\""));
    EXPECT_TRUE(has_error(errors, 17, "workgroups.support.rules[2].relax_after",
                          "relax_after needs a skill to drop; this rule has none"));
    EXPECT_TRUE(has_error(errors, 21, "workgroups.support.rules[3].relax_after",
                          "must be shorter than queue_timeout (\"5m\")"));

    // The default queue_timeout counts too; a bad queue_timeout is reported alone.
    EXPECT_ONLY_ERROR(
        lines({server_line1, server_line2, server_line3, "[[workgroups.support.rules]]",
               "language = \"de\"", "skill = \"de\"", "relax_after = \"15m\""}),
        7, "workgroups.support.rules[1].relax_after", "queue_timeout (\"15m\")");
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                             "queue_timeout = \"soon\"", "[[workgroups.support.rules]]",
                             "language = \"de\"", "skill = \"de\"", "relax_after = \"1h\""}),
                      5, "workgroups.support.queue_timeout", "soon");
    EXPECT_ONLY_ERROR(
        lines({server_line1, server_line2, server_line3, "[[workgroups.support.rules]]",
               "language = \"de\"", "skill = \"de\"", "relax_after = 90"}),
        7, "workgroups.support.rules[1].relax_after", "write e.g. \"90s\"");
}

TEST(ConfigErrors, ChatPriorityIsFrom1To100) {
    const auto rule = [](std::string_view line) {
        return lines({server_line1, server_line2, server_line3, "[[workgroups.support.rules]]",
                      "keyword = \"urgent\"", line});
    };
    EXPECT_ONLY_ERROR(rule("chat_priority = 0"), 6, "workgroups.support.rules[1].chat_priority",
                      "must be between 1 and 100, got 0");
    EXPECT_ONLY_ERROR(rule("chat_priority = 101"), 6, "workgroups.support.rules[1].chat_priority",
                      "must be between 1 and 100, got 101");
    EXPECT_ONLY_ERROR(rule("chat_priority = \"1\""), 6, "workgroups.support.rules[1].chat_priority",
                      "expected an integer, got a string");
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support.menu]",
                             "question = \"Q\"",
                             "options = [ { label = \"A\", skill = \"a\", chat_priority = -1 } ]"}),
                      6, "workgroups.support.menu.options[1].chat_priority",
                      "must be between 1 and 100, got -1");
}

TEST(ConfigErrors, OverflowNeedsOverflowAfterAndTheOtherWayRound) {
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                             "overflow = \"sales\"", "[workgroups.sales]"}),
                      4, "workgroups.support.overflow_after",
                      "missing: overflow needs overflow_after");
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                             "overflow_after = \"3m\"", "[workgroups.sales]"}),
                      4, "workgroups.support.overflow", "missing: overflow_after needs overflow");
}

TEST(ConfigErrors, OverflowGoesToAnotherWorkgroupOfTheFile) {
    const auto with = [](std::string_view target, std::initializer_list<std::string_view> more) {
        return lines({server_line1, server_line2, server_line3, "[workgroups.support]", target,
                      "overflow_after = \"3m\""}) +
               lines(more);
    };
    EXPECT_ONLY_ERROR(with("overflow = \"support\"", {}), 5, "workgroups.support.overflow",
                      "a workgroup cannot overflow into itself");
    EXPECT_ONLY_ERROR(with("overflow = \"salse\"", {"[workgroups.sales]", "[workgroups.billing]"}),
                      5, "workgroups.support.overflow",
                      "\"salse\" is not a workgroup of this file (the others are \"sales\", "
                      "\"billing\")");
    EXPECT_ONLY_ERROR(with("overflow = \"sales\"", {}), 5, "workgroups.support.overflow",
                      "\"sales\" is not a workgroup of this file (it has no other workgroup)");
    EXPECT_ONLY_ERROR(with("overflow = \"\"", {"[workgroups.sales]"}), 5,
                      "workgroups.support.overflow", "must not be empty");
    EXPECT_ONLY_ERROR(with("overflow = 2", {"[workgroups.sales]"}), 5,
                      "workgroups.support.overflow", "expected a string, got an integer");
    // A target that is no table is reported as such, once.
    EXPECT_ONLY_ERROR(
        lines({server_line1, server_line2, server_line3, "[workgroups]", "sales = 1",
               "[workgroups.support]", "overflow = \"sales\"", "overflow_after = \"3m\""}),
        5, "workgroups.sales", "expected a table");
}

TEST(ConfigErrors, OverflowOnlyBetweenChatWorkgroups) {
    EXPECT_ONLY_ERROR(
        lines({server_line1, server_line2, server_line3, "[workgroups.support]",
               "overflow = \"rooms\"", "overflow_after = \"3m\"", "[workgroups.rooms]",
               "conversation = \"muc\"", "muc_service = \"conference.example.com\""}),
        5, "workgroups.support.overflow",
        "overflow works between conversation = \"chat\" workgroups only; "
        "\"rooms\" has conversation = \"muc\"");
    EXPECT_ONLY_ERROR(
        lines({server_line1, server_line2, server_line3, "[workgroups.rooms]",
               "conversation = \"muc\"", "muc_service = \"conference.example.com\"",
               "overflow = \"support\"", "overflow_after = \"3m\"", "[workgroups.support]"}),
        7, "workgroups.rooms.overflow",
        "overflow works between conversation = \"chat\" workgroups only; this "
        "workgroup's conversation is \"muc\"");
}

TEST(ConfigErrors, OverflowAfterIsShorterThanQueueTimeout) {
    const auto with = [](std::initializer_list<std::string_view> keys) {
        return lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                      "overflow = \"sales\""}) +
               lines(keys) + lines({"[workgroups.sales]"});
    };
    EXPECT_ONLY_ERROR(with({"overflow_after = \"0s\""}), 6, "workgroups.support.overflow_after",
                      "must be more than \"0s\"");
    EXPECT_ONLY_ERROR(with({"queue_timeout = \"10m\"", "overflow_after = \"10m\""}), 7,
                      "workgroups.support.overflow_after",
                      "must be shorter than queue_timeout (\"10m\"): the chat would be closed "
                      "before it overflows");
    EXPECT_ONLY_ERROR(with({"overflow_after = \"1h\""}), 6, "workgroups.support.overflow_after",
                      "must be shorter than queue_timeout (\"15m\")");
    EXPECT_ONLY_ERROR(with({"queue_timeout = \"1h30m\"", "overflow_after = \"2h\""}), 7,
                      "workgroups.support.overflow_after", "queue_timeout (\"1h30m\")");
    EXPECT_ONLY_ERROR(with({"overflow_after = 3"}), 6, "workgroups.support.overflow_after",
                      "a duration needs a unit");
}

TEST(ConfigErrors, OverflowCycleOfTwoIsNamed) {
    EXPECT_ONLY_ERROR(lines({
                          server_line1, server_line2, server_line3,  // 1-3
                          "[workgroups.support]",                    // 4
                          "overflow = \"sales\"",                    // 5
                          "overflow_after = \"3m\"",                 // 6
                          "[workgroups.sales]",                      // 7
                          "overflow = \"support\"",                  // 8
                          "overflow_after = \"3m\"",                 // 9
                      }),
                      5, "workgroups.support.overflow",
                      "the overflows form a cycle: \"support\" -> \"sales\" -> \"support\"");
}

TEST(ConfigErrors, OverflowCycleOfThreeIsNamedOnceFromItsFirstInTheFile) {
    // extra -> a leads into the cycle a -> b -> c -> a without being part of it.
    EXPECT_ONLY_ERROR(lines({
                          server_line1, server_line2, server_line3,  // 1-3
                          "[workgroups.extra]",                      // 4
                          "overflow = \"a\"",                        // 5
                          "overflow_after = \"1m\"",                 // 6
                          "[workgroups.b]",                          // 7
                          "overflow = \"c\"",                        // 8
                          "overflow_after = \"1m\"",                 // 9
                          "[workgroups.a]",                          // 10
                          "overflow = \"b\"",                        // 11
                          "overflow_after = \"1m\"",                 // 12
                          "[workgroups.c]",                          // 13
                          "overflow = \"a\"",                        // 14
                          "overflow_after = \"1m\"",                 // 15
                      }),
                      8, "workgroups.b.overflow",
                      "the overflows form a cycle: \"b\" -> \"c\" -> \"a\" -> \"b\"");
}

TEST(ConfigErrors, AdaptiveQueueAboveOnlyInBroadcast) {
    // The same rule as `order` outside round_robin.
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                             "mode = \"queue\"", "adaptive_queue_above = 5"}),
                      6, "workgroups.support.adaptive_queue_above",
                      "only for mode = \"broadcast\"; this workgroup's mode is \"queue\"");
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                             "adaptive_queue_above = 5"}),
                      5, "workgroups.support.adaptive_queue_above",
                      "this workgroup's mode is \"round_robin\"");
    EXPECT_ONLY_ERROR(lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                             "mode = \"fifo\"", "adaptive_queue_above = 5"}),
                      5, "workgroups.support.mode", "not one of");
}

TEST(ConfigErrors, AdaptiveQueueAboveIsBelowMaxQueue) {
    const auto broadcast = [](std::initializer_list<std::string_view> keys) {
        return lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                      "mode = \"broadcast\""}) +
               lines(keys);
    };
    EXPECT_ONLY_ERROR(broadcast({"adaptive_queue_above = 0"}), 6,
                      "workgroups.support.adaptive_queue_above", "must be at least 1, got 0");
    EXPECT_ONLY_ERROR(broadcast({"adaptive_queue_above = \"5\""}), 6,
                      "workgroups.support.adaptive_queue_above",
                      "expected an integer, got a string");
    EXPECT_ONLY_ERROR(broadcast({"max_queue = 0", "adaptive_queue_above = 5"}), 7,
                      "workgroups.support.adaptive_queue_above",
                      "cannot be used with max_queue = 0: no chat ever waits");
    EXPECT_ONLY_ERROR(broadcast({"max_queue = 5", "adaptive_queue_above = 5"}), 7,
                      "workgroups.support.adaptive_queue_above",
                      "must be less than max_queue (5): more than 5 chats never wait, so the "
                      "workgroup could never switch to queue");
    EXPECT_ONLY_ERROR(broadcast({"adaptive_queue_above = 20"}), 6,
                      "workgroups.support.adaptive_queue_above", "less than max_queue (20)");
    EXPECT_ONLY_ERROR(broadcast({"max_queue = -1", "adaptive_queue_above = 5"}), 6,
                      "workgroups.support.max_queue", "at least 0");
    EXPECT_EQ(
        load_ok(broadcast({"adaptive_queue_above = 19"})).workgroups.at(0).adaptive_queue_above,
        19);
}

TEST(ConfigErrors, SyntaxErrorHasItsLine) {
    const auto errors =
        load_errors(lines({server_line1, server_line2, "port = = 5", "[workgroups.support]"}));
    ASSERT_EQ(errors.size(), 1u) << config_test::dump(errors);
    EXPECT_EQ(errors[0].line, 3);
    EXPECT_EQ(errors[0].file, "test.toml");
    EXPECT_FALSE(errors[0].message.empty());
}

TEST(ConfigErrors, AllProblemsAreReportedAtOnceInLineOrder) {
    const auto errors = load_errors(lines({
        "[server]",                          // 1
        "port = 0",                          // 2
        "domain = \"desk.example.com\"",     // 3
        "[log]",                             // 4
        "level = \"loud\"",                  // 5
        "[workgroups.support]",              // 6
        "mode = \"broadcast\"",              // 7
        "order = \"random\"",                // 8
        "offer_timeout = \"soon\"",          // 9
        "[[workgroups.support.agents]]",     // 10
        "jid = \"alice@example.com/desk\"",  // 11
        "[[workgroups.support.agents]]",     // 12
        "jid = \"bob@example.com\"",         // 13
        "[[workgroups.support.agents]]",     // 14
        "jid = \"bob@example.com\"",         // 15
        "[workgroups.sales]",                // 16
        "hours = [\"mon 18:00-09:00\"]",     // 17
    }));
    EXPECT_EQ(errors.size(), 8u) << config_test::dump(errors);
    EXPECT_TRUE(has_error(errors, 1, "server.secret", "missing"));
    EXPECT_TRUE(has_error(errors, 2, "server.port", "between 1 and 65535"));
    EXPECT_TRUE(has_error(errors, 5, "log.level", "loud"));
    EXPECT_TRUE(has_error(errors, 8, "workgroups.support.order", "round_robin"));
    EXPECT_TRUE(has_error(errors, 9, "workgroups.support.offer_timeout", "soon"));
    EXPECT_TRUE(has_error(errors, 11, "workgroups.support.agents[1].jid", "bare JID"));
    EXPECT_TRUE(has_error(errors, 15, "workgroups.support.agents[3].jid", "listed twice"));
    EXPECT_TRUE(has_error(errors, 17, "workgroups.sales.hours[1]", "midnight"));
    for (std::size_t i = 1; i < errors.size(); ++i) {
        EXPECT_LE(errors[i - 1].line, errors[i].line) << config_test::dump(errors);
    }
}

TEST(ConfigErrors, ToStringIsFileLineKeyMessage) {
    EXPECT_EQ(config::to_string({"a.toml", 12, "server.port", "bad"}),
              "a.toml:12: server.port: bad");
    EXPECT_EQ(config::to_string({"a.toml", 0, "workgroups", "missing"}),
              "a.toml: workgroups: missing");
    EXPECT_EQ(config::to_string({"a.toml", 3, "", "syntax"}), "a.toml:3: syntax");
}

TEST(ConfigErrors, MissingFileIsAnError) {
    const auto result = config::load_file("/nonexistent/switchboard.toml");
    const auto* errors = std::get_if<std::vector<config::Error>>(&result);
    ASSERT_NE(errors, nullptr);
    ASSERT_EQ(errors->size(), 1u);
    EXPECT_EQ((*errors)[0].file, "/nonexistent/switchboard.toml");
    EXPECT_NE((*errors)[0].message.find("cannot read"), std::string::npos);
    EXPECT_NE((*errors)[0].message.find("No such file"), std::string::npos);
}

TEST(ConfigErrors, AKeyOfTensOfThousandsOfPartsIsRefusedNotACrash) {
    // Found from outside: tomlplusplus overflows its stack on 35,000 dotted parts.
    std::string deep = "a";
    for (int i = 0; i < 35000; ++i) {
        deep += ".a";
    }
    for (const std::string& line : {deep + " = 1", "[" + deep + "]", "x = { " + deep + " = 1 }"}) {
        const auto errors = config_test::load_errors(config_test::lines(
            {"[server]", "domain = \"d.example\"", "secret = \"abcdefgh\"", line}));
        ASSERT_EQ(errors.size(), 1u);
        EXPECT_EQ(errors[0].line, 4);
        EXPECT_NE(errors[0].message.find("dotted parts"), std::string::npos);
    }
    // Dots in strings and comments are no keys.
    const std::string hosts(3000, '.');
    const auto errors = config_test::load_errors(config_test::lines(
        {"[server]", "domain = \"d.example\" # " + hosts, "secret = \"" + hosts + "\""}));
    for (const auto& e : errors) {
        EXPECT_EQ(e.message.find("dotted parts"), std::string::npos) << e.message;
    }
}

TEST(ConfigErrors, TextsWithCharactersXmlCannotCarryAreRefused) {
    // Found from outside: a control character in `offline` passed, and the server then
    // closed the component's stream each time it was sent.
    for (const std::string& line :
         {std::string("offline = \"closed\\u0007\""), std::string("welcome = \"hi\\u0000\""),
          std::string("not_available = \"busy\\uFFFF\"")}) {
        const auto errors = config_test::load_errors(
            config_test::lines({"[server]", "domain = \"d.example\"", "secret = \"abcdefgh\"",
                                "[workgroups.support]", line}));
        ASSERT_EQ(errors.size(), 1u) << line;
        EXPECT_EQ(errors[0].line, 5);
        EXPECT_NE(errors[0].message.find("which XML cannot carry"), std::string::npos);
    }
    const auto errors = config_test::load_errors(config_test::lines(
        {"[server]", "domain = \"d.example\"", "secret = \"abcdefgh\"", "[workgroups.support]",
         "[[workgroups.support.agents]]", "jid = \"a@example.com\"", "name = \"A\\u001b[31m\"",
         "skills = [\"x\\u0001\"]"}));
    EXPECT_EQ(errors.size(), 2u);
    // Tabs and new lines are fine in a text.
    config_test::load_ok(config_test::lines({"[server]", "domain = \"d.example\"",
                                             "secret = \"abcdefgh\"", "[workgroups.support]",
                                             "welcome = \"Hi!\\n\\tWe answer within a minute.\""}));
}

}  // namespace
