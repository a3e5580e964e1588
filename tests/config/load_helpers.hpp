#pragma once
// Small helpers for the config tests: build a file line by line (so line numbers are
// obvious), load it, and look at the errors.

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace config_test {

/// Joins `lines` with newlines: the first element is line 1.
inline std::string lines(std::initializer_list<std::string_view> lines) {
    std::string out;
    for (const auto line : lines) {
        out += line;
        out += '\n';
    }
    return out;
}

/// The configuration, failing the test (with every error) when the text is invalid.
inline config::Config load_ok(const std::string& text) {
    auto result = config::load_string(text, "test.toml");
    if (const auto* errors = std::get_if<std::vector<config::Error>>(&result)) {
        for (const auto& error : *errors) {
            ADD_FAILURE() << config::to_string(error);
        }
        return {};
    }
    return std::get<config::Config>(result);
}

/// The errors, failing the test when the text is valid.
inline std::vector<config::Error> load_errors(const std::string& text) {
    auto result = config::load_string(text, "test.toml");
    if (std::holds_alternative<config::Config>(result)) {
        ADD_FAILURE() << "expected errors, but the file is valid";
        return {};
    }
    return std::get<std::vector<config::Error>>(result);
}

/// All errors as lines, for failure messages.
inline std::string dump(const std::vector<config::Error>& errors) {
    std::string out;
    for (const auto& error : errors) {
        out += config::to_string(error) + "\n";
    }
    return out;
}

/// True when one error has exactly this line and key and a message containing `words`.
inline bool has_error(const std::vector<config::Error>& errors, int line, std::string_view key,
                      std::string_view words) {
    for (const auto& error : errors) {
        if (error.line == line && error.key == key &&
            error.message.find(words) != std::string::npos) {
            return true;
        }
    }
    return false;
}

/// Asserts that loading `text` yields exactly one error, at `line` / `key`, whose message
/// contains `words`.
#define EXPECT_ONLY_ERROR(text, line, key, words)                                          \
    do {                                                                                   \
        const auto config_test_errors = config_test::load_errors(text);                    \
        EXPECT_EQ(config_test_errors.size(), 1u) << config_test::dump(config_test_errors); \
        EXPECT_TRUE(config_test::has_error(config_test_errors, line, key, words))          \
            << "wanted " << (line) << " " << (key) << " \"" << (words) << "\", got:\n"     \
            << config_test::dump(config_test_errors);                                      \
    } while (false)

/// The smallest valid [server] table, lines 1-3.
inline constexpr std::string_view server_line1 = "[server]";
inline constexpr std::string_view server_line2 = "domain = \"desk.example.com\"";
inline constexpr std::string_view server_line3 = "secret = \"s3cret\"";

/// [server] with domain and secret, then [workgroups.support] with one agent
/// (alice@example.com): lines 1-6; `more` starts at line 7.
inline std::string minimal_with(std::initializer_list<std::string_view> more) {
    std::string text = lines({server_line1, server_line2, server_line3, "[workgroups.support]",
                              "[[workgroups.support.agents]]", "jid = \"alice@example.com\""});
    return text + lines(more);
}

}  // namespace config_test
