// The state database: what goes in comes back, mapped onto today's configuration.

#include "component/store.hpp"

#include <gtest/gtest.h>

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "component/state_codec.hpp"
#include "tests/component/sql_engines.hpp"

namespace component {
namespace {

routing::AgentSettings agent(const std::string& local) {
    routing::AgentSettings a;
    a.jid = local + "@example.com";
    a.name = local;
    return a;
}

routing::WorkgroupSettings desk(std::vector<routing::AgentSettings> agents) {
    routing::WorkgroupSettings s;
    s.name = "support";
    s.mode = routing::Mode::round_robin;
    s.agents = std::move(agents);
    return s;
}

class StoreTest : public ::testing::Test {
  protected:
    // One directory per test and process: ctest runs tests in parallel.
    StoreTest()
        : dir_(std::filesystem::temp_directory_path() /
               ("switchboard-store-test-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
        std::filesystem::remove_all(dir_);
    }
    ~StoreTest() override { std::filesystem::remove_all(dir_); }
    std::string path() const { return (dir_ / "nested" / "state.db").string(); }

    const routing::Now now_ = routing::Now::at_offset(
        std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + std::chrono::hours{10});
    std::filesystem::path dir_;
};

/// What a restart finds, on both engines (`[storage] path` and `url`).
class StoreRestartTest : public ::testing::TestWithParam<SqlDatabase::Engine> {
  protected:
    const routing::Now now_ = routing::Now::at_offset(
        std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + std::chrono::hours{10});
    sql_engines::StoreDatabase database_{GetParam()};
};

TEST_P(StoreRestartTest, AChatComesBackWithItsAgentEvenWhenTheAgentListWasReordered) {
    {
        routing::Workgroup wg(desk({agent("alice"), agent("bob")}), 1);
        wg.handle(routing::AgentPresence{"bob@example.com", "r", routing::Presence::online}, now_);
        wg.handle(routing::VisitorMessage{"v@x.org", "Vera", "Hello", "en"}, now_);
        wg.handle(routing::VisitorMessage{"w@x.org", "Walt", "Hi", "en"}, now_);
        auto store = database_.open();  // SQLite: creates the missing directory
        store->save_all(wg.settings(), wg.snapshot(), {"fan@x.org"}, {"widget@anon/1"});
        store->commit();
    }
    // Alice was removed and Carol added after Bob: Bob was agent 1 and is agent 0 now.
    const auto today = desk({agent("bob"), agent("carol")});
    auto store = database_.open();
    const auto stored = store->load(today);
    ASSERT_TRUE(stored);
    ASSERT_EQ(stored->state.conversations.size(), 2u);
    for (const auto& c : stored->state.conversations) {
        ASSERT_TRUE(c.agent) << c.visitor;
        EXPECT_EQ(today.agents[*c.agent].jid, "bob@example.com");
    }
    EXPECT_EQ(stored->subscribers, std::vector<std::string>{"fan@x.org"});
    EXPECT_EQ(stored->directed, std::vector<std::string>{"widget@anon/1"});

    routing::Workgroup restored(today, 1);
    restored.restore(stored->state);
    ASSERT_NE(restored.conversation_of("v@x.org"), nullptr);
    EXPECT_EQ(restored.conversation_of("v@x.org")->first_message, "Hello");
    EXPECT_EQ(restored.agent(0).chats.size(), 2u);
}

TEST_P(StoreRestartTest, NothingStoredYetIsNotAnError) {
    auto store = database_.open();
    EXPECT_FALSE(store->load(desk({agent("alice")})));
}

// The message of the std::runtime_error that opening `path` throws, or "" when it opens.
std::string open_error(const std::string& path) {
    try {
        Store store(path);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "";
}

void write_file(const std::string& path, const std::string& content) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

TEST_F(StoreTest, AnEmptyFileIsRefusedAndKeptWithTheLogBesideIt) {
    // SQLite would take a truncated database for a new one, and delete its -wal file.
    const std::string log = "what the truncated database still had";
    write_file(path(), "");
    write_file(path() + "-wal", log);
    EXPECT_EQ(open_error(path()), "storage " + path() +
                                      ": file is empty (0 bytes): it may have been truncated; "
                                      "start with --reset-state to begin with no stored state");
    EXPECT_EQ(std::filesystem::file_size(path()), 0u);
    EXPECT_EQ(std::filesystem::file_size(path() + "-wal"), log.size());
}

TEST_F(StoreTest, ResetStateBeginsAnEmptyFileAnewAndNeverTouchesADatabase) {
    write_file(path(), "");
    write_file(path() + "-wal", "stale");
    EXPECT_TRUE(Store::reset_if_empty(path()));
    EXPECT_FALSE(std::filesystem::exists(path()));
    EXPECT_FALSE(std::filesystem::exists(path() + "-wal"));
    {
        Store store(path());
        EXPECT_FALSE(store.load(desk({agent("alice")})));
        routing::Workgroup wg(desk({agent("alice")}), 1);
        store.save_all(wg.settings(), wg.snapshot(), {"fan@x.org"}, {});
        store.commit();
    }
    EXPECT_FALSE(Store::reset_if_empty(path()));
    EXPECT_FALSE(Store::reset_if_empty(":memory:"));
    EXPECT_FALSE(Store::reset_if_empty(path() + ".missing"));
    Store store(path());
    const auto stored = store.load(desk({agent("alice")}));
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->subscribers, std::vector<std::string>{"fan@x.org"});
}

TEST_F(StoreTest, EveryStorageErrorNamesTheDatabase) {
    write_file(path(), "these are my notes, not a database");
    EXPECT_EQ(open_error(path()), "storage " + path() + ": file is not a database");

    std::filesystem::remove(path());
    Store store(path());
    store.pretend_full(true);
    const std::string body(64 * 1024, 'x');
    std::string error;
    try {
        for (int i = 0; i < 100; ++i) {
            store.append_line("support", 1, now_.at, "v@x.org", body);
        }
        store.commit();
    } catch (const std::runtime_error& e) {
        error = e.what();
    }
    EXPECT_EQ(error, "storage " + path() + ": database or disk is full");
}

TEST(StateCodec, AConversationSurvivesTheRoundTripAndDamageIsRefused) {
    routing::Conversation c;
    c.id = 42;
    c.visitor = "v@x.org";
    c.visitor_name = "Vera";
    c.state = routing::ConversationState::offered;
    c.agent = 3;
    c.skills = {"de", "refund"};
    c.backlog = {{routing::Time{} + std::chrono::seconds{5}, "Hallo"}};
    c.deadline = routing::Time{} + std::chrono::seconds{65};
    c.queue_order = -7;
    c.notified_many = true;
    c.visitor_id = "browser-7";
    c.handed_over = true;
    c.priority = 1;
    c.relaxed = {{"fr", routing::Time{} + std::chrono::seconds{95}}};
    c.via = "support";
    const std::string bytes = encode(c);
    const auto back = decode_conversation(bytes);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->id, 42u);
    EXPECT_EQ(back->agent, 3u);
    EXPECT_EQ(back->skills, c.skills);
    EXPECT_TRUE(back->backlog.empty()) << "the backlog is rows of the transcript, not here";
    EXPECT_EQ(back->deadline, c.deadline);
    EXPECT_EQ(back->queue_order, -7);
    EXPECT_TRUE(back->notified_many) << "broadcast chats told to more than 64 agents";
    EXPECT_EQ(back->visitor_id, "browser-7");
    EXPECT_TRUE(back->handed_over);
    EXPECT_EQ(back->priority, 1);
    EXPECT_EQ(back->relaxed, c.relaxed);
    EXPECT_EQ(back->via, "support");
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
        EXPECT_FALSE(decode_conversation(bytes.substr(0, cut))) << "truncated at " << cut;
    }
}

TEST_P(StoreRestartTest, AnAdaptiveWorkgroupThatBehavesAsQueueStillDoesAfterARestart) {
    auto settings = desk({agent("alice")});
    settings.mode = routing::Mode::broadcast;
    settings.adaptive_queue_above = 2;
    routing::WorkgroupState state;
    state.adaptive_queueing = true;
    {
        auto store = database_.open();
        store->save_header(settings.name, state);
        store->commit();
    }
    auto store = database_.open();
    const auto stored = store->load(settings);
    ASSERT_TRUE(stored);
    EXPECT_TRUE(stored->state.adaptive_queueing);
}

TEST(StateCodec, AChatsAddressesSurviveTheRoundTripAndDamageIsRefused) {
    const ChatAddresses a{"v@x.org/phone", true, true, "Vera", "Alice", "support-4.desk.x.org"};
    const std::string bytes = encode(a);
    EXPECT_EQ(decode_addresses(bytes), a);
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
        EXPECT_FALSE(decode_addresses(bytes.substr(0, cut))) << "truncated at " << cut;
    }
    EXPECT_FALSE(decode_addresses(bytes + "x"));
}

TEST_P(StoreRestartTest, AChatsAddressesGoWithItsRowThroughSavesAndARestart) {
    routing::Workgroup wg(desk({agent("alice")}), 1);
    wg.handle(routing::AgentPresence{"alice@example.com", "r", routing::Presence::online}, now_);
    wg.handle(routing::VisitorMessage{"v@x.org", "Vera", "Hello", "en"}, now_);
    const routing::ConversationId id = wg.snapshot().conversations.at(0).id;
    const ChatAddresses a{"v@x.org/phone", false, true, "Vera", "", ""};
    {
        auto store = database_.open();
        store->save_all(wg.settings(), wg.snapshot(), {}, {});
        store->save_addresses("support", id, a);
        store->commit();
        // The core changes the chat, and a reload writes everything again: the row's
        // addresses stay.
        store->save_conversation("support", wg.snapshot().conversations.at(0));
        store->save_all(wg.settings(), wg.snapshot(), {}, {});
        store->commit();
    }
    {
        auto store = database_.open();
        const auto stored = store->load(wg.settings());
        ASSERT_TRUE(stored);
        ASSERT_EQ(stored->addresses.count(id), 1u);
        EXPECT_EQ(stored->addresses.at(id), a);
        store->forget_conversation("support", id);
        store->commit();
    }
    auto store = database_.open();
    EXPECT_TRUE(store->load(wg.settings())->addresses.empty()) << "closed: gone with its row";
}

TEST_F(StoreTest, ChatsOpenInADatabaseFromBeforeKeepTheRoomNamesOfThen) {
    routing::Workgroup wg(desk({agent("alice")}), 1);
    wg.handle(routing::AgentPresence{"alice@example.com", "r", routing::Presence::online}, now_);
    wg.handle(routing::VisitorMessage{"v@x.org", "Vera", "Hello", "en"}, now_);
    const routing::ConversationId id = wg.snapshot().conversations.at(0).id;
    {
        Store store(path());
        store.save_all(wg.settings(), wg.snapshot(), {}, {});
        store.commit();
    }
    // As the previous version left it: no addresses column.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "ALTER TABLE conversations DROP COLUMN addresses", nullptr, nullptr,
                           nullptr),
              SQLITE_OK);
    sqlite3_close(db);

    Store store(path());
    const auto stored = store.load(wg.settings());
    ASSERT_TRUE(stored);
    ASSERT_EQ(stored->addresses.count(id), 1u);
    EXPECT_EQ(stored->addresses.at(id).room, "support-" + std::to_string(id));
    EXPECT_TRUE(stored->addresses.at(id).widget) << "relayed as then, never invited";
    EXPECT_EQ(stored->addresses.at(id).visitor_full, "");
}

INSTANTIATE_TEST_SUITE_P(Both, StoreRestartTest,
                         ::testing::Values(SqlDatabase::Engine::sqlite,
                                           SqlDatabase::Engine::postgres),
                         sql_engines::engine_name);

}  // namespace
}  // namespace component
