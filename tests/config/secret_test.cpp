// The component secret: from the file, a secret file or an environment variable, exactly
// one of them, and never shown in an error.

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "config/config.hpp"
#include "tests/config/load_helpers.hpp"

namespace {

using config_test::has_error;
using config_test::lines;
using config_test::load_errors;
using config_test::load_ok;

// A fresh directory under the system's temporary directory, removed afterwards.
class TempDir {
  public:
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "sb-config-XXXXXX").string();
        path_ = ::mkdtemp(pattern.data());
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path write(const std::string& name, const std::string& content) const {
        std::ofstream(path_ / name) << content;
        return path_ / name;
    }

  private:
    std::filesystem::path path_;
};

// [server] with the given secret line(s) at line 3, then one workgroup.
std::string server_with(std::initializer_list<std::string_view> secret_lines) {
    std::string text = lines({"[server]", "domain = \"desk.example.com\""});
    text += lines(secret_lines);
    return text + lines({"[workgroups.support]"});
}

TEST(ConfigSecret, FromEnvironmentVariable) {
    ::setenv("SB_TEST_SECRET_SET", "from-env", 1);
    EXPECT_EQ(load_ok(server_with({"secret_env = \"SB_TEST_SECRET_SET\""})).server.secret,
              "from-env");
}

TEST(ConfigSecret, UnsetOrEmptyEnvironmentVariableIsAnError) {
    ::unsetenv("SB_TEST_SECRET_UNSET");
    EXPECT_ONLY_ERROR(server_with({"secret_env = \"SB_TEST_SECRET_UNSET\""}), 3,
                      "server.secret_env", "\"SB_TEST_SECRET_UNSET\" is not set");
    ::setenv("SB_TEST_SECRET_EMPTY", "", 1);
    EXPECT_ONLY_ERROR(server_with({"secret_env = \"SB_TEST_SECRET_EMPTY\""}), 3,
                      "server.secret_env", "\"SB_TEST_SECRET_EMPTY\" is empty");
}

TEST(ConfigSecret, FromFileWithoutTrailingNewline) {
    const TempDir dir;
    const auto file = dir.write("secret", "from-file\r\n\n");
    EXPECT_EQ(load_ok(server_with({"secret_file = \"" + file.string() + "\""})).server.secret,
              "from-file");
}

TEST(ConfigSecret, RelativeSecretFileIsNextToTheConfigFile) {
    const TempDir dir;
    dir.write("secret", "next-to-config\n");
    const auto config_file =
        dir.write("switchboard.toml", server_with({"secret_file = \"secret\""}));
    const auto result = config::load_file(config_file);
    ASSERT_TRUE(std::holds_alternative<config::Config>(result))
        << config_test::dump(std::get<std::vector<config::Error>>(result));
    EXPECT_EQ(std::get<config::Config>(result).server.secret, "next-to-config");
}

TEST(ConfigSecret, MissingOrEmptySecretFileIsAnError) {
    EXPECT_ONLY_ERROR(server_with({"secret_file = \"/nonexistent/secret\""}), 3,
                      "server.secret_file", "cannot read \"/nonexistent/secret\"");
    const TempDir dir;
    const auto file = dir.write("blank", "\n  \n");
    EXPECT_ONLY_ERROR(server_with({"secret_file = \"" + file.string() + "\""}), 3,
                      "server.secret_file", "is empty");
}

TEST(ConfigSecret, AnEndlessOrHugeSecretFileIsRefusedNotSwallowed) {
    EXPECT_ONLY_ERROR(server_with({"secret_file = \"/dev/zero\""}), 3, "server.secret_file",
                      "is not a regular file");
    TempDir dir;
    const auto big = dir.write("secret", std::string(5000, 's'));
    EXPECT_ONLY_ERROR(server_with({"secret_file = \"" + big.string() + "\""}), 3,
                      "server.secret_file", "larger than 4096 bytes");
}

TEST(ConfigSecret, AOneLetterSecretDoesNotMangleOtherMessages) {
    const auto errors = load_errors(lines({"[server]", "domain = \"desk.example.com\"",
                                           "secret = \"s\"", "port = 0", "[workgroups.support]"}));
    ASSERT_FALSE(errors.empty());
    EXPECT_EQ(errors[0].key, "server.port");
}

TEST(ConfigSecret, ASecretInAMisspelledTableIsStillHidden) {
    // Found by fuzz_config: [cerver] is an unknown table, but its secret is still secret.
    const auto errors =
        load_errors(lines({"[cerver]", "secret = 'literal secret with spaces'", "[server]",
                           "domain = \"desk.example.com\"", "secret = \"other-secret\"",
                           "[workgroups.queue]", "mode = \"qliteral secret with spacesueue\""}));
    ASSERT_FALSE(errors.empty());
    for (const auto& e : errors) {
        EXPECT_EQ(e.message.find("literal secret with spaces"), std::string::npos) << e.message;
    }
}

TEST(ConfigSecret, ASecretThatIsPartOfTheParsersOwnWordsIsHidden) {
    // Found by fuzz_config (shared/findings): the secret "sing key-valu" is part of the
    // TOML parser's message "Error while parsing key-value pair", and the line that breaks
    // the file is not the secret's own.
    const auto errors = load_errors(
        lines({"[server]", "domain = \"desk.example.com\"", "secret = \"sing key-valu\"",
               "[workgroups.support]", "mode = \"queue\"", "daily_limit ecret with spaces"}));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].line, 6);
    // Not "Error while par***e pair": stars in the parser's words would show the secret to
    // anyone who knows them. The whole description is hidden instead.
    EXPECT_EQ(config::to_string(errors[0]),
              "test.toml:6: TOML syntax error; the parser's description is hidden because it "
              "would show text equal to the secret");
}

TEST(ConfigSecret, ASecretInTheLoadersOwnWordsHidesTheMessageNotTheWords) {
    // The message would be "\"bogus\" is not one of queue, ...": its words, not the
    // operator's value, contain the secret.
    const auto errors = load_errors(
        lines({"[server]", "domain = \"desk.example.com\"", "secret = \"is not one of\"",
               "[workgroups.support]", "mode = \"bogus\""}));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(config::to_string(errors[0]),
              "test.toml:5: workgroups.support.mode: a problem here; its description is hidden "
              "because it would show text equal to the secret");
}

TEST(ConfigSecret, OnlyTheSecretInsideAQuotedValueIsStarred) {
    const auto errors =
        load_errors(lines({"[server]", "domain = \"desk.example.com\"", "secret = \"pass-word\"",
                           "[workgroups.support]", "mode = \"my pass-word \\\"x\\\"\""}));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].message.rfind("\"my *** \\\"x\\\"\" is not one of ", 0), 0u)
        << errors[0].message;
}

TEST(ConfigSecret, AKeyThatContainsTheSecretIsLeftOut) {
    // A workgroup named like the secret: its key would show it; the line still says where.
    const auto errors =
        load_errors(lines({"[server]", "domain = \"desk.example.com\"", "secret = \"sesame\"",
                           "[workgroups.sesame]", "mode = \"bogus\""}));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].key, "");
    EXPECT_EQ(errors[0].line, 5);
    EXPECT_NE(errors[0].message.find("is not one of"), std::string::npos);
}

TEST(ConfigSecret, AMultiLineSecretInABrokenFileIsHiddenToo) {
    const auto errors = load_errors(lines({"[server]", "secret = \"\"\"sing key-valu\"\"\"",
                                           "domain = \"desk.example.com\"", "oops ecret"}));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(config::to_string(errors[0]).find("sing key-valu"), std::string::npos)
        << config::to_string(errors[0]);
}

TEST(ConfigSecret, ASecretFromTheEnvironmentIsHiddenToo) {
    ::setenv("SB_TEST_SECRET_ECHO", "from-the-environment", 1);
    const auto errors =
        load_errors(lines({"[server]", "domain = \"from-the-environment@x\"",
                           "secret_env = \"SB_TEST_SECRET_ECHO\"", "[workgroups.support]"}));
    ::unsetenv("SB_TEST_SECRET_ECHO");
    ASSERT_FALSE(errors.empty());
    for (const auto& e : errors) {
        EXPECT_EQ(config::to_string(e).find("from-the-environment"), std::string::npos)
            << config::to_string(e);
    }
}

TEST(ConfigSecret, OverflowMessagesNeverShowTheSecret) {
    // The target and the workgroups an overflow message names are the file's text.
    const auto unknown =
        load_errors(lines({"[server]", "domain = \"desk.example.com\"", "secret = \"hunter22\"",
                           "[workgroups.support]", "overflow = \"hunter22\"",
                           "overflow_after = \"3m\"", "[workgroups.hunter22x]"}));
    ASSERT_EQ(unknown.size(), 1u) << config_test::dump(unknown);
    EXPECT_EQ(unknown[0].message,
              "\"***\" is not a workgroup of this file (the others are \"***x\")");
    const auto cycle = load_errors(
        lines({"[server]", "domain = \"desk.example.com\"", "secret = \"hunter22\"",
               "[workgroups.support]", "overflow = \"hunter22x\"", "overflow_after = \"3m\"",
               "[workgroups.hunter22x]", "overflow = \"support\"", "overflow_after = \"3m\""}));
    ASSERT_EQ(cycle.size(), 1u) << config_test::dump(cycle);
    EXPECT_EQ(cycle[0].line, 5);
    EXPECT_NE(cycle[0].message.find("\"support\" -> \"***x\" -> \"support\""), std::string::npos)
        << cycle[0].message;
    for (const auto& error : {unknown[0], cycle[0]}) {
        EXPECT_EQ(config::to_string(error).find("hunter22"), std::string::npos)
            << config::to_string(error);
    }
}

TEST(ConfigSecret, ASecretFileThatIsAFifoIsRefusedNotWaitedFor) {
    // Found from outside: reading a FIFO blocks for ever.
    TempDir dir;
    const auto fifo = dir.path() / "secret";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const auto errors = load_errors(server_with({"secret_file = \"" + fifo.string() + "\""}));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].message.find("is not a regular file"), std::string::npos);
}

TEST(ConfigSecret, ExactlyOneSource) {
    EXPECT_ONLY_ERROR(server_with({}), 1, "server.secret",
                      "set one of secret, secret_file or secret_env");
    EXPECT_ONLY_ERROR(server_with({"secret = \"a\"", "secret_env = \"HOME\""}), 4,
                      "server.secret_env", "only one of");
    EXPECT_ONLY_ERROR(server_with({"secret = \"\""}), 3, "server.secret", "must not be empty");
}

TEST(ConfigSecret, NeverAppearsInErrors) {
    const std::string secret = "hunter2-do-not-print";
    // Many mistakes around a valid secret.
    auto errors = load_errors(
        lines({"[server]", "domain = \"" + secret + "@x\"", "secret = \"" + secret + "\"",
               "secret_env = \"X\"", "port = \"" + secret + "\"", "[workgroups.support]"}));
    EXPECT_GE(errors.size(), 3u);
    // A syntax error on the secret's own line must not quote it either.
    // (tomlplusplus itself quotes a few characters: "expected 'false', saw 'fals3'").
    for (const auto* broken : {"secret = \"hunter2-do-not-print", "secret = fals3hunter2",
                               "secret = \"hunter2-do-not-print\" x"}) {
        auto more = load_errors(lines({"[server]", "domain = \"d.example\"", broken}));
        errors.insert(errors.end(), more.begin(), more.end());
    }
    for (const auto& error : errors) {
        const std::string line = config::to_string(error);
        EXPECT_EQ(line.find("hunter2"), std::string::npos) << line;
        EXPECT_EQ(line.find("fals3"), std::string::npos) << line;
    }
}

}  // namespace
