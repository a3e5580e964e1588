// The transcript in the state database: lines of many chats written together, each chat's
// lines found again (after a restart too), nothing of a rolled-back turn left behind; on
// both engines.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "component/store.hpp"
#include "tests/component/sql_engines.hpp"

namespace component {
namespace {

using Engine = SqlDatabase::Engine;

class StoreTranscriptTest : public ::testing::TestWithParam<Engine> {
  protected:
    StoreTranscriptTest() {
        settings_.name = "support";
        settings_.mode = routing::Mode::round_robin;
        settings_.agents.push_back({});
        settings_.agents.back().jid = "alice@example.com";
        settings_.agents.back().name = "Alice";
        // Two open chats, as the component has them when their visitors write.
        routing::Workgroup wg(settings_, 1);
        wg.handle(routing::AgentPresence{"alice@example.com", "r", routing::Presence::online},
                  now_);
        wg.handle(routing::VisitorMessage{"v@x.org", "Vera", "Hello", "en"}, now_);
        wg.handle(routing::VisitorMessage{"w@x.org", "Walt", "Hi", "en"}, now_);
        vera_ = wg.conversation_of("v@x.org")->id;
        walt_ = wg.conversation_of("w@x.org")->id;
        auto store = database_.open();
        store->save_all(settings_, wg.snapshot(), {}, {});
        store->commit();
    }
    std::string path() const { return database_.sqlite_path(); }

    static std::vector<std::string> bodies(const TranscriptExcerpt& excerpt) {
        std::vector<std::string> out;
        for (const auto& line : excerpt.lines) {
            out.push_back(line.body);
        }
        return out;
    }
    std::vector<std::string> lines_of(Store& store, routing::ConversationId id) {
        return bodies(store.transcript_excerpt("support", id, 200, 64 * 1024));
    }
    void say(Store& store, routing::ConversationId id, const std::string& body) {
        store.append_line("support", id, now_.at, id == vera_ ? "v@x.org" : "w@x.org", body);
    }

    const routing::Now now_ = routing::Now::at_offset(
        std::chrono::sys_days{std::chrono::year{2026} / 12 / 1} + std::chrono::hours{10});
    sql_engines::StoreDatabase database_{GetParam()};
    routing::WorkgroupSettings settings_;
    routing::ConversationId vera_ = 0;
    routing::ConversationId walt_ = 0;
};

TEST_P(StoreTranscriptTest, InterleavedLinesComeBackByChatAfterARestart) {
    {
        auto store = database_.open();
        say(*store, vera_, "v1");
        say(*store, walt_, "w1");
        say(*store, vera_, "v2");
        say(*store, walt_, "w2");
        say(*store, vera_, "v3");
        EXPECT_EQ(lines_of(*store, vera_), (std::vector<std::string>{"Hello", "v1", "v2", "v3"}));
        store->commit();
    }
    auto store = database_.open();
    EXPECT_EQ(lines_of(*store, vera_), (std::vector<std::string>{"Hello", "v1", "v2", "v3"}));
    EXPECT_EQ(lines_of(*store, walt_), (std::vector<std::string>{"Hi", "w1", "w2"}));
    say(*store, walt_, "w3");
    EXPECT_EQ(lines_of(*store, walt_), (std::vector<std::string>{"Hi", "w1", "w2", "w3"}));
}

TEST_P(StoreTranscriptTest, TheExcerptKeepsTheFirstLineAndTheLatest) {
    auto store = database_.open();
    for (int i = 1; i <= 6; ++i) {
        say(*store, vera_, "v" + std::to_string(i));
        say(*store, walt_, "w" + std::to_string(i));
    }
    const auto excerpt = store->transcript_excerpt("support", vera_, 3, 64 * 1024);
    EXPECT_EQ(bodies(excerpt), (std::vector<std::string>{"Hello", "v5", "v6"}));
    EXPECT_EQ(excerpt.left_out, 4u);  // Hello, v1 ... v6: the first and the latest two
    EXPECT_EQ(excerpt.gap_at, 1u);
}

TEST_P(StoreTranscriptTest, AClosedChatIsNoLongerLookedUpButItsTranscriptStays) {
    {
        auto store = database_.open();
        say(*store, vera_, "v1");
        say(*store, walt_, "w1");
        store->close_transcript("support", routing::Closed{vera_, "v@x.org", 0},
                                "alice@example.com", now_.at);
        store->forget_conversation("support", vera_);
        EXPECT_TRUE(lines_of(*store, vera_).empty());
        store->commit();
    }
    auto store = database_.open();
    EXPECT_TRUE(lines_of(*store, vera_).empty());
    EXPECT_EQ(store->transcript("support", vera_),
              (std::vector<std::string>{"v@x.org: Hello", "v@x.org: v1"}));
    EXPECT_EQ(lines_of(*store, walt_), (std::vector<std::string>{"Hi", "w1"}));
}

TEST_P(StoreTranscriptTest, ARolledBackTurnLeavesNoLineBehind) {
    auto store = database_.open();
    say(*store, vera_, "kept");
    store->commit();
    say(*store, vera_, "undone");
    say(*store, walt_, "undone too");
    store->rollback();
    EXPECT_EQ(lines_of(*store, vera_), (std::vector<std::string>{"Hello", "kept"}));
    EXPECT_EQ(lines_of(*store, walt_), std::vector<std::string>{"Hi"});
    say(*store, walt_, "w1");
    EXPECT_EQ(lines_of(*store, walt_), (std::vector<std::string>{"Hi", "w1"}));
}

INSTANTIATE_TEST_SUITE_P(Both, StoreTranscriptTest,
                         ::testing::Values(Engine::sqlite, Engine::postgres),
                         sql_engines::engine_name);

// A migration of SQLite's: PostgreSQL databases began with the schema of today.
class StoreTranscriptSqliteTest : public StoreTranscriptTest {};

TEST_P(StoreTranscriptSqliteTest, ADatabaseWithTheOldIndexByChatIsTakenOver) {
    {
        auto store = database_.open();
        say(*store, vera_, "v1");
        say(*store, walt_, "w1");
        say(*store, vera_, "v2");
        store->commit();
    }
    // As a database of the previous version has it: an index, and no open_transcripts.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "DELETE FROM open_transcripts; CREATE INDEX "
                           "transcript_lines_by_conversation ON transcript_lines (workgroup, "
                           "conversation);",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);

    auto store = database_.open();
    EXPECT_EQ(lines_of(*store, vera_), (std::vector<std::string>{"Hello", "v1", "v2"}));
    EXPECT_EQ(lines_of(*store, walt_), (std::vector<std::string>{"Hi", "w1"}));
    ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
    int indexes = -1;
    sqlite3_exec(
        db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'transcript_lines_by_conversation'",
        [](void* out, int, char** values, char**) {
            *static_cast<int*>(out) = std::stoi(values[0]);
            return 0;
        },
        &indexes, nullptr);
    sqlite3_close(db);
    EXPECT_EQ(indexes, 0) << "every line paid for that index";
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreTranscriptSqliteTest, ::testing::Values(Engine::sqlite),
                         sql_engines::engine_name);

}  // namespace
}  // namespace component
