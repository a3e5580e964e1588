// The Prometheus figures, checked in-process against known queue states: what a scrape
// of /metrics would read after each step (component/metrics.hpp).

#include "component/metrics.hpp"

#include <gtest/gtest.h>
#include <prometheus/counter.h>

#include <cstdlib>
#include <string>

#include "tests/component/service_harness.hpp"

namespace component {
namespace {

using namespace std::chrono_literals;

// One agent with room for one chat; chats wait at most a minute.
const char* kWorkgroups = R"(
[workgroups.support]
mode = "round_robin"
queue_timeout = "1m"
[[workgroups.support.agents]]
jid = "alice@example.com"
max_chats = 1
)";

class MetricsTest : public ::testing::Test {
  protected:
    // The value of the series `series` (name and labels as exposed); fails when absent.
    double value(const std::string& series) const {
        const std::string text = metrics_.text();
        const auto at = text.find("\n" + series + " ");
        EXPECT_NE(at, std::string::npos) << series << " not in:\n" << text;
        return at == std::string::npos
                   ? -1
                   : std::strtod(text.c_str() + at + series.size() + 2, nullptr);
    }
    double support(const std::string& name) const {
        return value(name + "{workgroup=\"support\"}");
    }
    double state(const char* s) const {
        return value(std::string("switchboard_workgroup_availability{state=\"") + s +
                     "\",workgroup=\"support\"}");
    }
    void visitor_writes(const std::string& visitor) {
        desk_.deliver("<message type='chat' from='" + visitor +
                      "' to='support@desk.example.com'><body>Hello?</body></message>");
    }

    Metrics metrics_;
    testing::ServiceHarness desk_{kWorkgroups, &metrics_};
};

TEST_F(MetricsTest, FollowTheQueue) {
    desk_.tick_after(0ms);
    EXPECT_EQ(support("switchboard_agents_online"), 0);
    EXPECT_EQ(state("closed"), 1);  // nobody online, nobody to queue for
    EXPECT_EQ(state("open"), 0);

    desk_.deliver("<presence from='alice@example.com/a' to='support@desk.example.com'/>");
    desk_.tick_after(0ms);
    EXPECT_EQ(support("switchboard_agents_online"), 1);
    EXPECT_EQ(support("switchboard_agents_eligible"), 1);
    EXPECT_EQ(state("open"), 1);
    EXPECT_EQ(state("closed"), 0);

    visitor_writes("v1@anon.example.com/p");  // offered to alice at once
    desk_.tick_after(0ms);
    EXPECT_EQ(support("switchboard_chats_routed_total"), 1);
    EXPECT_EQ(support("switchboard_conversations_open"), 1);
    EXPECT_EQ(support("switchboard_chats_waiting"), 0);
    EXPECT_EQ(support("switchboard_agents_eligible"), 0);  // her one chat

    visitor_writes("v2@anon.example.com/p");  // waits: alice is full
    desk_.tick_after(0ms);
    EXPECT_EQ(support("switchboard_chats_waiting"), 1);
    EXPECT_EQ(support("switchboard_conversations_open"), 2);
    EXPECT_EQ(support("switchboard_chats_routed_total"), 1);

    // alice closes the first chat after 12 s: the second, which waited 12 s, is hers.
    desk_.tick_after(12s);
    desk_.deliver(
        "<message type='chat' from='alice@example.com/a' to='support@desk.example.com'>"
        "<body>close 1</body></message>");
    desk_.tick_after(0ms);
    EXPECT_EQ(support("switchboard_chats_routed_total"), 2);
    EXPECT_EQ(support("switchboard_conversations_open"), 1);
    EXPECT_EQ(support("switchboard_chats_waiting"), 0);
    EXPECT_EQ(value("switchboard_chat_wait_seconds_count{workgroup=\"support\"}"), 2);
    EXPECT_EQ(value("switchboard_chat_wait_seconds_bucket{workgroup=\"support\",le=\"10\"}"), 1);
    EXPECT_EQ(value("switchboard_chat_wait_seconds_bucket{workgroup=\"support\",le=\"20\"}"), 2);
    EXPECT_EQ(value("switchboard_chat_wait_seconds_sum{workgroup=\"support\"}"), 12);

    // A third visitor waits a minute for nobody: missed, not abandoned.
    visitor_writes("v3@anon.example.com/p");
    desk_.tick_after(61s);
    EXPECT_EQ(support("switchboard_chats_missed_total"), 1);
    EXPECT_EQ(support("switchboard_chats_abandoned_total"), 0);
    EXPECT_EQ(support("switchboard_chats_waiting"), 0);
    EXPECT_GE(value("switchboard_store_commit_seconds_count"), 1);
}

TEST_F(MetricsTest, AVisitorWhoLeavesWhileWaitingIsAbandoned) {
    desk_.deliver("<presence from='alice@example.com/a' to='support@desk.example.com'/>");
    visitor_writes("v1@anon.example.com/p");
    visitor_writes("v2@anon.example.com/p");
    desk_.deliver(
        "<presence type='unavailable' from='v2@anon.example.com/p' "
        "to='support@desk.example.com'/>");
    desk_.tick_after(2min);
    EXPECT_EQ(support("switchboard_chats_abandoned_total"), 1);
    EXPECT_EQ(support("switchboard_chats_missed_total"), 0);
    EXPECT_EQ(support("switchboard_conversations_open"), 1);
}

TEST(Metrics, AWorkgroupRemovedIsNoLongerServed) {
    Metrics metrics;
    metrics.workgroup("support");
    metrics.workgroup("sales").routed->Increment();
    metrics.remove_workgroup("sales");
    const std::string text = metrics.text();
    EXPECT_NE(text.find("switchboard_chats_routed_total{workgroup=\"support\"} 0"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("sales"), std::string::npos) << text;
}

TEST(Metrics, AnAddressInUseIsAClearError) {
    Metrics first("127.0.0.1:0");
    ASSERT_EQ(first.ports().size(), 1u);
    const std::string taken = "127.0.0.1:" + std::to_string(first.ports().front());
    try {
        Metrics second(taken);
        FAIL() << "a second server on " << taken;
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("metrics: cannot listen on " + taken),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace component
