// [storage] url: the state in PostgreSQL instead of a SQLite file, with the password kept
// out of the file and out of every message (PRODUCT.md, "More than one machine").

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

#include "config/config.hpp"
#include "tests/config/load_helpers.hpp"

namespace {

using namespace std::chrono_literals;
using config_test::dump;
using config_test::has_error;
using config_test::lines;
using config_test::load_errors;
using config_test::load_ok;
using config_test::server_line1;
using config_test::server_line2;
using config_test::server_line3;

std::string with_storage(std::initializer_list<std::string_view> storage) {
    std::string text = lines({server_line1, server_line2, server_line3, "[storage]"});
    text += lines(storage);
    return text + lines({"[workgroups.support]", "[[workgroups.support.agents]]",
                         "jid = \"alice@example.com\""});
}

TEST(PostgresStorage, AUrlWithAPasswordFromTheEnvironmentAndAFailover) {
    ::setenv("SB_TEST_PG_PASSWORD", "pg-s3cret", 1);
    const auto cfg =
        load_ok(with_storage({"url = \"postgresql://switchboard@db.example.com/desk\"",
                              "password_env = \"SB_TEST_PG_PASSWORD\"", "failover = \"2s\""}));
    EXPECT_EQ(cfg.storage.url, "postgresql://switchboard@db.example.com/desk");
    EXPECT_EQ(cfg.storage.password, "pg-s3cret");
    EXPECT_EQ(cfg.storage.failover, 2s);
}

TEST(PostgresStorage, AConnectionStringAndTheDefaultFailover) {
    const auto cfg = load_ok(with_storage({"url = \"host=db.example.com dbname=desk\""}));
    EXPECT_EQ(cfg.storage.url, "host=db.example.com dbname=desk");
    EXPECT_TRUE(cfg.storage.password.empty());
    EXPECT_EQ(cfg.storage.failover, 5s);
}

TEST(PostgresStorage, APasswordFileIsRead) {
    const std::string path = ::testing::TempDir() + "/pg-password";
    std::ofstream(path) << "from-a-file\n";
    const auto cfg = load_ok(with_storage(
        {"url = \"postgresql://switchboard@db/desk\"", "password_file = \"" + path + "\""}));
    EXPECT_EQ(cfg.storage.password, "from-a-file");
}

TEST(PostgresStorage, MistakesAreNamed) {
    EXPECT_TRUE(has_error(
        load_errors(with_storage({"path = \"/tmp/x.db\"", "url = \"postgresql://sb@db/desk\""})), 6,
        "storage.url", "set one or the other"));
    EXPECT_TRUE(has_error(load_errors(with_storage({"url = \"db.example.com\""})), 5, "storage.url",
                          "is not a PostgreSQL URL"));
    EXPECT_TRUE(has_error(load_errors(with_storage({"failover = \"3s\""})), 5, "storage.failover",
                          "goes with url"));
    EXPECT_TRUE(has_error(
        load_errors(with_storage({"url = \"postgresql://sb@db/desk\"", "failover = \"0s\""})), 6,
        "storage.failover", "more than"));
    EXPECT_TRUE(has_error(load_errors(with_storage({"url = \"postgresql://sb@db/desk\"",
                                                    "password_env = \"SB_TEST_UNSET_VARIABLE\""})),
                          6, "storage.password_env", "is not set"));
    EXPECT_TRUE(
        has_error(load_errors(with_storage({"url = \"postgresql://sb@db/desk\"",
                                            "password_file = \"/a\"", "password_env = \"B\""})),
                  7, "storage.password_env", "only one of"));
}

TEST(PostgresStorage, APasswordInTheUrlIsRefusedAndNeverQuoted) {
    for (const char* url : {"postgresql://sb:hunter2@db/desk", "host=db password=hunter2"}) {
        const auto errors = load_errors(with_storage({std::string("url = \"") + url + "\""}));
        EXPECT_TRUE(has_error(errors, 5, "storage.url", "password_file or password_env"))
            << dump(errors);
        EXPECT_EQ(dump(errors).find("hunter2"), std::string::npos) << dump(errors);
    }
}

TEST(PostgresStorage, ThePasswordReadIsKeptOutOfOtherMessages) {
    ::setenv("SB_TEST_PG_PASSWORD2", "pasted-twice", 1);
    const auto errors = load_errors(
        with_storage({"url = \"postgresql://sb@db/desk\"",
                      "password_env = \"SB_TEST_PG_PASSWORD2\"", "failover = \"pasted-twice\""}));
    ASSERT_FALSE(errors.empty());
    EXPECT_EQ(dump(errors).find("pasted-twice"), std::string::npos) << dump(errors);
}

}  // namespace
