// The operator's example file in deploy/ must stay valid.

#include <gtest/gtest.h>

#include <cstdlib>

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
