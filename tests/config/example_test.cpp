// The operator's example file in deploy/ must stay valid.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "tests/config/load_helpers.hpp"

namespace {

TEST(ConfigExample, LoadsWhenTheSecretIsSet) {
    ::setenv("SWITCHBOARD_SECRET", "example-secret", 1);
    const auto result = config::load_file(SWITCHBOARD_EXAMPLE_CONFIG);
    ::unsetenv("SWITCHBOARD_SECRET");
    ASSERT_TRUE(std::holds_alternative<config::Config>(result))
        << config_test::dump(std::get<std::vector<config::Error>>(result));
    const auto& config = std::get<config::Config>(result);
    EXPECT_EQ(config.server.secret, "example-secret");
    EXPECT_EQ(config.server.domain, "desk.example.com");
    EXPECT_EQ(config.timezone, "Europe/Amsterdam");
    ASSERT_EQ(config.workgroups.size(), 2u);
    EXPECT_EQ(config.workgroups[0].name, "support");
    EXPECT_EQ(config.workgroups[0].agents.size(), 2u);
    EXPECT_TRUE(config.workgroups[0].menu.has_value());
    EXPECT_EQ(config.workgroups[0].rules.size(), 2u);
    EXPECT_EQ(config.workgroups[1].mode, routing::Mode::weighted);
}

TEST(ConfigExample, ShowsTheKeysForAChatThatWaitsTooLong) {
    ::setenv("SWITCHBOARD_SECRET", "example-secret", 1);
    const auto result = config::load_file(SWITCHBOARD_EXAMPLE_CONFIG);
    ::unsetenv("SWITCHBOARD_SECRET");
    ASSERT_TRUE(std::holds_alternative<config::Config>(result))
        << config_test::dump(std::get<std::vector<config::Error>>(result));
    const auto& support = std::get<config::Config>(result).workgroups.at(0);
    ASSERT_TRUE(support.menu.has_value());
    ASSERT_EQ(support.menu->options.size(), 2u);
    EXPECT_EQ(support.menu->options[0].chat_priority, 1);
    EXPECT_EQ(support.menu->options[1].chat_priority, std::nullopt);
    ASSERT_EQ(support.rules.size(), 2u);
    EXPECT_EQ(support.rules[0].relax_after, std::chrono::seconds{90});
    EXPECT_TRUE(support.overflow.empty());
    EXPECT_EQ(support.adaptive_queue_above, 0);
}

TEST(ConfigExample, ItsCommentedOverflowAndPriorityRuleAreValidWhenUncommented) {
    // The lines an operator would uncomment: overflow, overflow_after, the rule's
    // chat_priority and the "urgent" rule. (adaptive_queue_above is broadcast only.)
    std::ifstream in(SWITCHBOARD_EXAMPLE_CONFIG);
    ASSERT_TRUE(in) << SWITCHBOARD_EXAMPLE_CONFIG;
    std::string text;
    int uncommented = 0;
    for (std::string line; std::getline(in, line);) {
        for (const std::string_view start :
             {"# overflow = ", "# overflow_after = ", "# chat_priority = ",
              "# [[workgroups.support.rules]]", "# keyword = "}) {
            if (line.rfind(start, 0) == 0) {
                line.erase(0, 2);
                ++uncommented;
                break;
            }
        }
        text += line + "\n";
    }
    EXPECT_EQ(uncommented, 6);
    ::setenv("SWITCHBOARD_SECRET", "example-secret", 1);
    const auto config = config_test::load_ok(text);
    ::unsetenv("SWITCHBOARD_SECRET");
    ASSERT_EQ(config.workgroups.size(), 2u);
    const auto& support = config.workgroups[0];
    EXPECT_EQ(support.overflow, "sales");
    EXPECT_EQ(support.overflow_after, std::chrono::minutes{3});
    ASSERT_EQ(support.rules.size(), 3u);
    EXPECT_EQ(support.rules[0].chat_priority, 1);
    EXPECT_EQ(support.rules[2].keyword, "urgent");
    EXPECT_TRUE(support.rules[2].skill.empty());
    EXPECT_EQ(support.rules[2].chat_priority, 1);
}

TEST(ConfigExample, WithoutTheSecretNamesTheKey) {
    ::unsetenv("SWITCHBOARD_SECRET");
    const auto result = config::load_file(SWITCHBOARD_EXAMPLE_CONFIG);
    const auto* errors = std::get_if<std::vector<config::Error>>(&result);
    ASSERT_NE(errors, nullptr);
    ASSERT_EQ(errors->size(), 1u) << config_test::dump(*errors);
    EXPECT_EQ((*errors)[0].key, "server.secret_env");
    EXPECT_EQ((*errors)[0].file, SWITCHBOARD_EXAMPLE_CONFIG);
}

}  // namespace
