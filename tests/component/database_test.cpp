// The SQL under the store, on both engines: what is written reads back the same (text,
// bytes with zeros, 64-bit integers, NULL), the dialect both accept, and errors that
// name the database but never a password.

#include <gtest/gtest.h>

#include "component/database.hpp"
#include "tests/component/sql_engines.hpp"

namespace {

using component::SqlDatabase;
using Engine = SqlDatabase::Engine;

class SqlEngines : public ::testing::TestWithParam<Engine> {
  protected:
    void SetUp() override {
        fresh_ = std::make_unique<sql_engines::Fresh>(GetParam());
        db = fresh_->db.get();
        const bool pg = GetParam() == Engine::postgres;
        db->exec(pg ? "CREATE TABLE t (k TEXT PRIMARY KEY, n BIGINT, b BYTEA, rowid BIGSERIAL)"
                    : "CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER, b BLOB)");
    }
    std::unique_ptr<sql_engines::Fresh> fresh_;
    SqlDatabase* db = nullptr;
};

TEST_P(SqlEngines, WhatIsWrittenReadsBackTheSame) {
    const std::string bytes("a\0b\xff\x01", 5);
    const std::string text = "Grüße, 'quoted' \"and\" ?";
    db->prepare("INSERT INTO t (k, n, b) VALUES (?, ?, ?)")
        .text(text)
        .integer(-(std::int64_t{1} << 62))
        .blob(bytes)
        .run();
    db->prepare("INSERT INTO t (k, n, b) VALUES (?, ?, ?)").text("empty").null().null().run();
    EXPECT_EQ(db->bytes_written(), text.size() + bytes.size() + 5);  // what was bound
    auto& read = db->prepare("SELECT k, n, b FROM t WHERE k = ?");
    ASSERT_TRUE(read.text(text).row());
    EXPECT_EQ(read.col_text(0), text);
    EXPECT_EQ(read.col_int(1), -(std::int64_t{1} << 62));
    EXPECT_EQ(std::string(read.col_blob(2)), bytes);
    EXPECT_FALSE(read.row());
    ASSERT_TRUE(read.text("empty").row());
    EXPECT_TRUE(read.col_null(1));
    EXPECT_TRUE(read.col_null(2));
    EXPECT_FALSE(read.row());
}

TEST_P(SqlEngines, OnConflictAndReturningMeanTheSameOnBoth) {
    auto& upsert = db->prepare(
        "INSERT INTO t (k, n) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET n = excluded.n");
    upsert.text("a").integer(1).run();
    upsert.text("a").integer(2).run();
    db->prepare("INSERT INTO t (k, n) VALUES (?, ?) ON CONFLICT DO NOTHING")
        .text("a")
        .integer(3)
        .run();
    auto& n = db->prepare("SELECT n FROM t WHERE k = ?");
    ASSERT_TRUE(n.text("a").row());
    EXPECT_EQ(n.col_int(0), 2);
    n.reset();
    auto& add = db->prepare("INSERT INTO t (k) VALUES (?) RETURNING rowid");
    ASSERT_TRUE(add.text("b").row());
    const auto first = add.col_int(0);
    add.reset();
    ASSERT_TRUE(add.text("c").row());
    EXPECT_GT(add.col_int(0), first);
    add.reset();
    auto& count = db->prepare("SELECT COUNT(*) FROM t WHERE k <> '?'");
    ASSERT_TRUE(count.row());
    EXPECT_EQ(count.col_int(0), 3);
    count.reset();
}

TEST_P(SqlEngines, ATransactionRolledBackLeavesNothing) {
    db->exec("BEGIN");
    db->prepare("INSERT INTO t (k) VALUES (?)").text("gone").run();
    db->exec("ROLLBACK");
    auto& count = db->prepare("SELECT COUNT(*) FROM t");
    ASSERT_TRUE(count.row());
    EXPECT_EQ(count.col_int(0), 0);
    count.reset();
}

TEST_P(SqlEngines, AFailedStatementSaysWhyAndTheNextOneWorks) {
    auto& insert = db->prepare("INSERT INTO t (k) VALUES (?)");
    insert.text("once").run();
    try {
        insert.text("once").run();
        FAIL() << "a duplicate key was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("storage "), std::string::npos) << e.what();
    }
    insert.text("twice").run();  // the statement was reset
    EXPECT_THROW(db->prepare("SELECT nothing FROM nowhere"), std::runtime_error);
}

INSTANTIATE_TEST_SUITE_P(Both, SqlEngines, ::testing::Values(Engine::sqlite, Engine::postgres),
                         [](const auto& info) {
                             return info.param == Engine::sqlite ? "sqlite" : "postgres";
                         });

TEST(SqlDialect, PlaceholdersOutsideQuotesAreNumbered) {
    EXPECT_EQ(component::numbered_placeholders("SELECT a FROM t WHERE b = ? AND c = '?' AND d = ?"),
              "SELECT a FROM t WHERE b = $1 AND c = '?' AND d = $2");
    EXPECT_EQ(component::numbered_placeholders("VALUES (?, 'it''s ?', ?)"),
              "VALUES ($1, 'it''s ?', $2)");
}

TEST(SqlDialect, APasswordNeverAppearsInWhatErrorsName) {
    EXPECT_EQ(component::without_password("postgresql://sb:s3cret@db.example.com/desk"),
              "postgresql://sb:***@db.example.com/desk");
    EXPECT_EQ(component::without_password("host=db user=sb password=s3cret dbname=desk"),
              "host=db user=sb password=*** dbname=desk");
    EXPECT_EQ(component::without_password("postgresql://db/desk?password=s3cret&sslmode=require"),
              "postgresql://db/desk?password=***&sslmode=require");
    EXPECT_EQ(component::without_password("password='a b' host=db"), "password=*** host=db");
}

TEST(SqlDialect, AServerThatIsNotThereIsAClearErrorWithoutThePassword) {
    try {
        SqlDatabase::open_postgres("postgresql://sb@127.0.0.1:1/desk", "s3cret");
        FAIL() << "connected to nothing";
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("storage postgresql://sb@127.0.0.1:1/desk: cannot connect"),
                  std::string::npos)
            << what;
        EXPECT_EQ(what.find("s3cret"), std::string::npos) << what;
    }
}

}  // namespace
