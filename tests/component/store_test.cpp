// The state database: what goes in comes back, mapped onto today's configuration.

#include "component/store.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "component/state_codec.hpp"

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

TEST_F(StoreTest, AChatComesBackWithItsAgentEvenWhenTheAgentListWasReordered) {
    {
        routing::Workgroup wg(desk({agent("alice"), agent("bob")}), 1);
        wg.handle(routing::AgentPresence{"bob@example.com", "r", routing::Presence::online}, now_);
        wg.handle(routing::VisitorMessage{"v@x.org", "Vera", "Hello", "en"}, now_);
        wg.handle(routing::VisitorMessage{"w@x.org", "Walt", "Hi", "en"}, now_);
        Store store(path());  // creates the missing directory
        store.save_all(wg.settings(), wg.snapshot(), {"fan@x.org"}, {"widget@anon/1"});
        store.commit();
    }
    // Alice was removed and Carol added after Bob: Bob was agent 1 and is agent 0 now.
    const auto today = desk({agent("bob"), agent("carol")});
    Store store(path());
    const auto stored = store.load(today);
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

TEST_F(StoreTest, NothingStoredYetIsNotAnError) {
    Store store(path());
    EXPECT_FALSE(store.load(desk({agent("alice")})));
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
    const std::string bytes = encode(c);
    const auto back = decode_conversation(bytes);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->id, 42u);
    EXPECT_EQ(back->agent, 3u);
    EXPECT_EQ(back->skills, c.skills);
    EXPECT_EQ(back->backlog.at(0).body, "Hallo");
    EXPECT_EQ(back->deadline, c.deadline);
    EXPECT_EQ(back->queue_order, -7);
    EXPECT_TRUE(back->notified_many) << "broadcast chats told to more than 64 agents";
    EXPECT_EQ(back->visitor_id, "browser-7");
    EXPECT_TRUE(back->handed_over);
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
        EXPECT_FALSE(decode_conversation(bytes.substr(0, cut))) << "truncated at " << cut;
    }
}

}  // namespace
}  // namespace component
