// The store on both engines (SQLite and PostgreSQL, `[storage] path` and `url`): the same
// SQL, the same turns, and what a restart finds — chats with their agents, the queue's
// order, the backlog, sticky memory, addresses, transcripts, a rolled-back turn.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "component/store.hpp"
#include "tests/component/sql_engines.hpp"

namespace component {
namespace {

using Engine = SqlDatabase::Engine;

routing::AgentSettings agent(const std::string& local) {
    routing::AgentSettings a;
    a.jid = local + "@example.com";
    a.name = local;
    return a;
}

/// Opens the same database again and again, as restarts do.
class StoreEngines : public ::testing::TestWithParam<Engine> {
  protected:
    StoreEngines() {
        settings_.name = "support";
        settings_.mode = routing::Mode::queue;
        settings_.agents = {agent("alice"), agent("bob")};
    }
    std::unique_ptr<Store> open() { return database_.open(); }
    void handle(routing::Workgroup& wg, const routing::Event& e) { wg.handle(e, now_); }

    const routing::Now now_ = routing::Now::at_offset(
        std::chrono::sys_days{std::chrono::year{2026} / 12 / 2} + std::chrono::hours{10});
    sql_engines::StoreDatabase database_{GetParam()};
    routing::WorkgroupSettings settings_;
};

TEST_P(StoreEngines, WaitingChatsComeBackInTheirOrderWithTheirBacklog) {
    routing::ConversationId first = 0;
    {
        routing::Workgroup wg(settings_, 1);
        handle(wg, routing::AgentPresence{"alice@example.com", "r", routing::Presence::online});
        handle(wg, routing::VisitorMessage{"v@x.org", "Vera", "Hello", "en"});
        handle(wg, routing::VisitorMessage{"w@x.org", "Walt", "Hi", "en"});
        first = wg.conversation_of("v@x.org")->id;
        auto store = open();
        store->save_all(settings_, wg.snapshot(), {"fan@x.org"}, {"widget@anon/1"});
        store->append_line("support", first, now_.at, "v@x.org", "Anyone there? \xe2\x9c\x8b",
                           true);
        store->commit();
        store->sync();
    }
    auto store = open();
    const auto stored = store->load(settings_);
    ASSERT_TRUE(stored);
    routing::Workgroup restored(settings_, 1);
    restored.restore(stored->state);
    EXPECT_EQ(stored->subscribers, std::vector<std::string>{"fan@x.org"});
    EXPECT_EQ(stored->directed, std::vector<std::string>{"widget@anon/1"});
    const auto* vera = restored.conversation_of("v@x.org");
    ASSERT_NE(vera, nullptr);
    ASSERT_NE(restored.conversation_of("w@x.org"), nullptr);
    EXPECT_LT(vera->queue_order, restored.conversation_of("w@x.org")->queue_order);
    ASSERT_EQ(vera->backlog.size(), 2u);
    EXPECT_EQ(vera->backlog[1].body, "Anyone there? \xe2\x9c\x8b");
}

TEST_P(StoreEngines, AnAssignedChatKeepsItsAgentAndTheVisitorIsRemembered) {
    settings_.mode = routing::Mode::round_robin;
    {
        routing::Workgroup wg(settings_, 1);
        handle(wg, routing::AgentPresence{"bob@example.com", "r", routing::Presence::online});
        handle(wg, routing::VisitorMessage{"v@x.org", "Vera", "Hello", "en"});
        auto store = open();
        store->save_all(settings_, wg.snapshot(), {}, {});
        store->save_sticky("support", "v@x.org", 1);
        store->save_sticky("support", "v@x.org", 1);  // written twice: one memory
        store->commit();
    }
    auto store = open();
    const auto stored = store->load(settings_);
    ASSERT_TRUE(stored);
    ASSERT_EQ(stored->state.conversations.size(), 1u);
    ASSERT_TRUE(stored->state.conversations[0].agent);
    EXPECT_EQ(*stored->state.conversations[0].agent, 1u);
    EXPECT_EQ(stored->state.last_agent_of,
              (std::vector<std::pair<std::string, routing::AgentId>>{{"v@x.org", 1}}));
}

TEST_P(StoreEngines, AddressesAndTranscriptsGoWithTheirRows) {
    routing::Workgroup wg(settings_, 1);
    handle(wg, routing::AgentPresence{"alice@example.com", "r", routing::Presence::online});
    handle(wg, routing::VisitorMessage{"v@x.org", "Vera", "Hello", "en"});
    const routing::ConversationId id = wg.conversation_of("v@x.org")->id;
    const ChatAddresses a{"v@x.org/phone", false, true, "Vera", "", ""};
    {
        auto store = open();
        store->save_all(settings_, wg.snapshot(), {}, {});
        store->save_addresses("support", id, a);
        store->append_line("support", id, now_.at, "alice@example.com", "Hi Vera");
        store->commit();
    }
    {
        auto store = open();
        const auto stored = store->load(settings_);
        ASSERT_TRUE(stored);
        ASSERT_EQ(stored->addresses.count(id), 1u);
        EXPECT_EQ(stored->addresses.at(id), a);
        EXPECT_EQ(store->transcript_excerpt("support", id, 10, 1024).lines.size(), 2u);
        store->close_transcript("support", routing::Closed{id, "v@x.org", 0}, "alice@example.com",
                                now_.at);
        store->close_transcript("support", routing::Closed{id, "v@x.org", 0}, "alice@example.com",
                                now_.at);  // twice: one record
        store->forget_conversation("support", id);
        store->commit();
    }
    auto store = open();
    EXPECT_TRUE(store->load(settings_)->addresses.empty());
    EXPECT_EQ(store->transcript("support", id),
              (std::vector<std::string>{"v@x.org: Hello", "alice@example.com: Hi Vera"}));
}

TEST_P(StoreEngines, ARolledBackTurnLeavesNothingAndTheNextTurnWorks) {
    routing::Workgroup wg(settings_, 1);
    handle(wg, routing::AgentPresence{"alice@example.com", "r", routing::Presence::online});
    handle(wg, routing::VisitorMessage{"v@x.org", "Vera", "Hello", "en"});
    const routing::ConversationId id = wg.conversation_of("v@x.org")->id;
    auto store = open();
    store->save_all(settings_, wg.snapshot(), {}, {});
    store->commit();
    store->append_line("support", id, now_.at, "v@x.org", "undone");
    store->save_subscriber("support", "gone@x.org", true);
    store->rollback();
    store->append_line("support", id, now_.at, "v@x.org", "kept");
    store->commit();
    auto again = open();
    EXPECT_EQ(again->transcript("support", id),
              (std::vector<std::string>{"v@x.org: Hello", "v@x.org: kept"}));
    EXPECT_TRUE(again->load(settings_)->subscribers.empty());
}

INSTANTIATE_TEST_SUITE_P(Both, StoreEngines, ::testing::Values(Engine::sqlite, Engine::postgres),
                         sql_engines::engine_name);

}  // namespace
}  // namespace component
