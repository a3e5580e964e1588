// Loading valid files: the defaults, every key, and what the loader normalises.

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

TEST(ConfigDefaults, MinimalFileGetsEveryDefault) {
    const auto config = load_ok(minimal_with({}));
    EXPECT_EQ(config.timezone, "UTC");
    EXPECT_EQ(config.server.host, "127.0.0.1");
    EXPECT_EQ(config.server.port, 5347);
    EXPECT_EQ(config.server.domain, "desk.example.com");
    EXPECT_EQ(config.server.secret, "s3cret");
    EXPECT_EQ(config.server.reconnect_max, 30s);
    EXPECT_EQ(config.storage.path, "/var/lib/switchboard/state.db");
    EXPECT_EQ(config.log.level, "info");
    EXPECT_EQ(config.limits.messages_per_second, 5);
    EXPECT_EQ(config.limits.burst, 20);
    EXPECT_EQ(config.limits.conversations_per_visitor, 3);
    ASSERT_EQ(config.workgroups.size(), 1u);
    const auto& wg = config.workgroups[0];
    EXPECT_EQ(wg.name, "support");
    EXPECT_EQ(wg.mode, routing::Mode::round_robin);
    EXPECT_EQ(wg.order, routing::Order::rotate);
    EXPECT_EQ(wg.max_queue, 20);
    EXPECT_FALSE(wg.include_away);
    EXPECT_FALSE(wg.include_offline);
    EXPECT_FALSE(wg.sticky);
    EXPECT_EQ(wg.welcome, "Hi! Someone will be with you shortly.");
    EXPECT_EQ(wg.not_available, "All our agents are busy. Please try again in a few minutes.");
    EXPECT_EQ(wg.offline, "We are offline right now.");
    EXPECT_EQ(wg.assign_delay, 0s);
    EXPECT_EQ(wg.offer_timeout, 60s);
    EXPECT_EQ(wg.queue_timeout, 15min);
    EXPECT_EQ(wg.offline_grace, 2min);
    EXPECT_EQ(wg.visitor_grace, 30s);
    EXPECT_EQ(wg.max_message, 16u * 1024);
    EXPECT_EQ(wg.conversation, routing::ConversationStyle::chat);
    EXPECT_TRUE(wg.muc_service.empty());
    EXPECT_TRUE(wg.supervisors.empty());
    EXPECT_TRUE(wg.hours.empty());
    EXPECT_TRUE(wg.overflow.empty());
    EXPECT_EQ(wg.overflow_after, 0s);
    EXPECT_EQ(wg.adaptive_queue_above, 0);
    EXPECT_FALSE(wg.menu.has_value());
    EXPECT_TRUE(wg.rules.empty());
    ASSERT_EQ(wg.agents.size(), 1u);
    const auto& agent = wg.agents[0];
    EXPECT_EQ(agent.jid, "alice@example.com");
    EXPECT_EQ(agent.name, "alice");
    EXPECT_EQ(agent.max_chats, 3);
    EXPECT_TRUE(agent.skills.empty());
    EXPECT_EQ(agent.priority, 10);
    EXPECT_EQ(agent.daily_limit, 0);
}

TEST(ConfigValues, ReadsEveryKey) {
    const auto config = load_ok(lines({
        "timezone = \"Europe/Amsterdam\"",
        "[server]",
        "host = \"xmpp.internal\"",
        "port = 5348",
        "domain = \"Desk.Example.COM\"",
        "secret = \"s3cret\"",
        "reconnect_max = \"1m\"",
        "[storage]",
        "path = \"/tmp/state.db\"",
        "[log]",
        "level = \"debug\"",
        "[workgroups.support]",
        "mode = \"least_busy\"",
        "max_queue = 0",
        "include_away = true",
        "include_offline = true",
        "sticky = true",
        "welcome = \"W\"",
        "not_available = \"N\"",
        "offline = \"O\"",
        "assign_delay = \"2s\"",
        "offer_timeout = \"45s\"",
        "queue_timeout = \"1h30m\"",
        "offline_grace = \"500ms\"",
        "visitor_grace = \"1m\"",
        "max_message = 4096",
        "conversation = \"muc\"",
        "muc_service = \"conference.example.com\"",
        "supervisors = [\"Lead@Example.com\"]",
        "hours = [\"mon-fri 09:00-17:30\", \"sat 10:00-14:00\"]",
        "[[workgroups.support.agents]]",
        "jid = \"Alice@Example.com\"",
        "name = \"Alice\"",
        "max_chats = 5",
        "skills = [\"refund\", \"de\"]",
        "priority = 1",
        "daily_limit = 100",
        "[workgroups.support.menu]",
        "question = \"What service do you need?\"",
        "options = [ { label = \"Refund\", skill = \"refund\" }, { label = \"Change\", skill = "
        "\"change\" } ]",
        "[[workgroups.support.rules]]",
        "language = \"de\"",
        "skill = \"de\"",
        "[[workgroups.support.rules]]",
        "keyword = \"invoice\"",
        "skill = \"refund\"",
        "[workgroups.rotation]",
        "order = \"random\"",
    }));
    EXPECT_EQ(config.timezone, "Europe/Amsterdam");
    EXPECT_EQ(config.server.host, "xmpp.internal");
    EXPECT_EQ(config.server.port, 5348);
    EXPECT_EQ(config.server.domain, "desk.example.com");
    EXPECT_EQ(config.server.reconnect_max, 1min);
    EXPECT_EQ(config.storage.path, "/tmp/state.db");
    EXPECT_EQ(config.log.level, "debug");
    ASSERT_EQ(config.workgroups.size(), 2u);
    const auto& wg = config.workgroups[0];
    EXPECT_EQ(wg.mode, routing::Mode::least_busy);
    EXPECT_EQ(wg.max_queue, 0);
    EXPECT_TRUE(wg.include_away);
    EXPECT_TRUE(wg.include_offline);
    EXPECT_TRUE(wg.sticky);
    EXPECT_EQ(wg.welcome, "W");
    EXPECT_EQ(wg.not_available, "N");
    EXPECT_EQ(wg.offline, "O");
    EXPECT_EQ(wg.assign_delay, 2s);
    EXPECT_EQ(wg.offer_timeout, 45s);
    EXPECT_EQ(wg.queue_timeout, 90min);
    EXPECT_EQ(wg.offline_grace, 500ms);
    EXPECT_EQ(wg.visitor_grace, 1min);
    EXPECT_EQ(wg.max_message, 4096u);
    EXPECT_EQ(wg.conversation, routing::ConversationStyle::muc);
    EXPECT_EQ(wg.muc_service, "conference.example.com");
    EXPECT_EQ(wg.supervisors, std::vector<std::string>{"lead@example.com"});
    ASSERT_EQ(wg.hours.size(), 2u);
    EXPECT_EQ(wg.hours[0].days, 0b0011111);
    EXPECT_EQ(wg.hours[0].start_minute, 9 * 60);
    EXPECT_EQ(wg.hours[0].end_minute, 17 * 60 + 30);
    EXPECT_EQ(wg.hours[1].days, 0b0100000);
    ASSERT_EQ(wg.agents.size(), 1u);
    EXPECT_EQ(wg.agents[0].jid, "alice@example.com");
    EXPECT_EQ(wg.agents[0].name, "Alice");
    EXPECT_EQ(wg.agents[0].max_chats, 5);
    EXPECT_EQ(wg.agents[0].skills, (std::vector<std::string>{"refund", "de"}));
    EXPECT_EQ(wg.agents[0].priority, 1);
    EXPECT_EQ(wg.agents[0].daily_limit, 100);
    ASSERT_TRUE(wg.menu.has_value());
    EXPECT_EQ(wg.menu->question, "What service do you need?");
    ASSERT_EQ(wg.menu->options.size(), 2u);
    EXPECT_EQ(wg.menu->options[1].label, "Change");
    EXPECT_EQ(wg.menu->options[1].skill, "change");
    ASSERT_EQ(wg.rules.size(), 2u);
    EXPECT_EQ(wg.rules[0].language, "de");
    EXPECT_EQ(wg.rules[0].skill, "de");
    EXPECT_EQ(wg.rules[1].keyword, "invoice");
    EXPECT_TRUE(wg.rules[1].language.empty());
    EXPECT_EQ(config.workgroups[1].order, routing::Order::random);
}

TEST(ConfigValues, ReadsTheKeysForAChatThatWaitsTooLong) {
    const auto config = load_ok(lines({
        server_line1,
        server_line2,
        server_line3,
        "[workgroups.support]",
        "mode = \"broadcast\"",
        "max_queue = 12",
        "adaptive_queue_above = 5",
        "overflow = \"sales\"",
        "overflow_after = \"3m\"",
        "[workgroups.support.menu]",
        "question = \"What service do you need?\"",
        "options = [ { label = \"Refund\", skill = \"refund\", chat_priority = 1, relax_after "
        "= \"2m\" },",
        "  { label = \"Urgent\", chat_priority = 2 },",
        "  { label = \"Change\", skill = \"change\" } ]",
        "[[workgroups.support.rules]]",
        "language = \"de\"",
        "skill = \"de\"",
        "relax_after = \"90s\"",
        "[[workgroups.support.rules]]",
        "keyword = \"urgent\"",
        "chat_priority = 1",
        "[[workgroups.support.rules]]",
        "keyword = \"invoice\"",
        "skill = \"refund\"",
        "chat_priority = 100",
        "[workgroups.sales]",
    }));
    ASSERT_EQ(config.workgroups.size(), 2u);
    const auto& wg = config.workgroups[0];
    EXPECT_EQ(wg.adaptive_queue_above, 5);
    EXPECT_EQ(wg.overflow, "sales");
    EXPECT_EQ(wg.overflow_after, 3min);
    EXPECT_TRUE(config.workgroups[1].overflow.empty());
    ASSERT_TRUE(wg.menu.has_value());
    ASSERT_EQ(wg.menu->options.size(), 3u);
    EXPECT_EQ(wg.menu->options[0].skill, "refund");
    EXPECT_EQ(wg.menu->options[0].chat_priority, 1);
    EXPECT_EQ(wg.menu->options[0].relax_after, 2min);
    EXPECT_EQ(wg.menu->options[1].label, "Urgent");
    EXPECT_TRUE(wg.menu->options[1].skill.empty());
    EXPECT_EQ(wg.menu->options[1].chat_priority, 2);
    EXPECT_EQ(wg.menu->options[1].relax_after, 0s);
    EXPECT_EQ(wg.menu->options[2].chat_priority, std::nullopt);
    ASSERT_EQ(wg.rules.size(), 3u);
    EXPECT_EQ(wg.rules[0].skill, "de");
    EXPECT_EQ(wg.rules[0].relax_after, 90s);
    EXPECT_EQ(wg.rules[0].chat_priority, std::nullopt);
    EXPECT_EQ(wg.rules[1].keyword, "urgent");
    EXPECT_TRUE(wg.rules[1].skill.empty());
    EXPECT_EQ(wg.rules[1].chat_priority, 1);
    EXPECT_EQ(wg.rules[1].relax_after, 0s);
    EXPECT_EQ(wg.rules[2].skill, "refund");
    EXPECT_EQ(wg.rules[2].chat_priority, 100);
}

TEST(ConfigValues, OverflowMayChainWithoutACycle) {
    const auto config = load_ok(lines({
        server_line1,
        server_line2,
        server_line3,
        "[workgroups.first]",
        "overflow = \"second\"",
        "overflow_after = \"1m\"",
        "[workgroups.second]",
        "overflow = \"third\"",
        "overflow_after = \"2m\"",
        "[workgroups.third]",
        "[workgroups.fourth]",
        "overflow = \"third\"",
        "overflow_after = \"30s\"",
    }));
    ASSERT_EQ(config.workgroups.size(), 4u);
    EXPECT_EQ(config.workgroups[0].overflow, "second");
    EXPECT_EQ(config.workgroups[1].overflow, "third");
    EXPECT_TRUE(config.workgroups[2].overflow.empty());
    EXPECT_EQ(config.workgroups[3].overflow, "third");
}

TEST(ConfigValues, WithoutAQueueTimeoutAnyWaitIsShortEnough) {
    // queue_timeout = "0s": waiting chats are never closed, so nothing has to come before it.
    const auto config = load_ok(lines({
        server_line1,
        server_line2,
        server_line3,
        "[workgroups.support]",
        "queue_timeout = \"0s\"",
        "overflow = \"sales\"",
        "overflow_after = \"2h\"",
        "[[workgroups.support.rules]]",
        "language = \"de\"",
        "skill = \"de\"",
        "relax_after = \"1h\"",
        "[workgroups.sales]",
    }));
    ASSERT_EQ(config.workgroups.size(), 2u);
    EXPECT_EQ(config.workgroups[0].overflow_after, 2h);
    EXPECT_EQ(config.workgroups[0].rules.at(0).relax_after, 1h);
}

TEST(ConfigValues, ReadsTheLimits) {
    const auto config = load_ok(minimal_with(
        {"[limits]", "messages_per_second = 2", "burst = 4", "conversations_per_visitor = 1"}));
    EXPECT_EQ(config.limits.messages_per_second, 2);
    EXPECT_EQ(config.limits.burst, 4);
    EXPECT_EQ(config.limits.conversations_per_visitor, 1);
}

TEST(ConfigValues, WorkgroupsKeepTheOrderOfTheFile) {
    const auto config =
        load_ok(lines({server_line1, server_line2, server_line3, "[workgroups.zulu]",
                       "[workgroups.alpha]", "[workgroups.mike]"}));
    ASSERT_EQ(config.workgroups.size(), 3u);
    EXPECT_EQ(config.workgroups[0].name, "zulu");
    EXPECT_EQ(config.workgroups[1].name, "alpha");
    EXPECT_EQ(config.workgroups[2].name, "mike");
}

TEST(ConfigValues, WorkgroupWithoutAgentsIsAllowed) {
    const auto config =
        load_ok(lines({server_line1, server_line2, server_line3, "[workgroups.empty]"}));
    ASSERT_EQ(config.workgroups.size(), 1u);
    EXPECT_TRUE(config.workgroups[0].agents.empty());
}

TEST(ConfigValues, MaxMessageAcceptsSizesAndBytes) {
    EXPECT_EQ(load_ok(minimal_with({"[workgroups.a]", "max_message = \"1MiB\""}))
                  .workgroups[1]
                  .max_message,
              1024u * 1024);
    EXPECT_EQ(load_ok(minimal_with({"[workgroups.a]", "max_message = \"512B\""}))
                  .workgroups[1]
                  .max_message,
              512u);
}

TEST(ConfigValues, AgentJidIsLowerCasedAndNameKeepsTheWrittenLocalpart) {
    const auto config =
        load_ok(lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                       "[[workgroups.support.agents]]", "jid = \"Bob@Example.COM\""}));
    EXPECT_EQ(config.workgroups[0].agents[0].jid, "bob@example.com");
    EXPECT_EQ(config.workgroups[0].agents[0].name, "Bob");
}

TEST(ConfigValues, SameAgentInTwoWorkgroupsIsFine) {
    const auto config = load_ok(minimal_with(
        {"[workgroups.sales]", "[[workgroups.sales.agents]]", "jid = \"alice@example.com\""}));
    EXPECT_EQ(config.workgroups.size(), 2u);
}

}  // namespace
