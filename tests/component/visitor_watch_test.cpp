// Which silent visitors are pinged, when, and what the answers mean.

#include "component/visitor_watch.hpp"

#include <gtest/gtest.h>

namespace component {
namespace {

using namespace std::chrono_literals;

const routing::Time kStart{std::chrono::hours{500000}};

TEST(VisitorWatchTest, AVisitorSilentForAThirdOfTheGraceIsPingedOnceAtTheAddressTheyWroteFrom) {
    VisitorWatch watch(30s);
    EXPECT_EQ(watch.interval(), 10s);
    watch.heard("v@anon", "v@anon/page", kStart);
    EXPECT_TRUE(watch.due(kStart + 9s).empty());
    const auto pings = watch.due(kStart + 10s);
    ASSERT_EQ(pings.size(), 1u);
    EXPECT_EQ(pings[0].full, "v@anon/page");
    EXPECT_FALSE(pings[0].id.empty());
    EXPECT_TRUE(watch.due(kStart + 15s).empty()) << "one ping pending at a time";
}

TEST(VisitorWatchTest, AnAnsweredPingKeepsTheVisitorAndAnUnansweredOneSaysTheyAreGone) {
    VisitorWatch watch(30s);
    watch.heard("a@anon", "a@anon/1", kStart);
    watch.heard("b@anon", "b@anon/1", kStart);
    auto pings = watch.due(kStart + 10s);
    ASSERT_EQ(pings.size(), 2u);
    const auto& ping_a = pings[0].full == "a@anon/1" ? pings[0] : pings[1];
    EXPECT_EQ(watch.answered(ping_a.id, "a@anon/1"), "a@anon");
    watch.heard("a@anon", "a@anon/1", kStart + 10s);

    EXPECT_TRUE(watch.unanswered(kStart + 19s).empty());
    EXPECT_EQ(watch.unanswered(kStart + 20s), std::vector<std::string>{"b@anon"});
    EXPECT_TRUE(watch.unanswered(kStart + 40s).empty()) << "gone once, not again";
    // b is offline now: never pinged again until heard from; a is pinged again.
    pings = watch.due(kStart + 20s);
    ASSERT_EQ(pings.size(), 1u);
    EXPECT_EQ(pings[0].full, "a@anon/1");
}

TEST(VisitorWatchTest, ALateAnswerStillCountsAndAStrangersAnswerNever) {
    VisitorWatch watch(3s);
    EXPECT_EQ(watch.interval(), 1s);
    watch.heard("v@anon", "v@anon/1", kStart);
    const auto ping = watch.due(kStart + 1s).at(0);
    EXPECT_FALSE(watch.answered(ping.id, "mallory@evil/1")) << "another address";
    EXPECT_FALSE(watch.answered("sb-ping-999", "v@anon/1")) << "no such ping";
    EXPECT_EQ(watch.unanswered(kStart + 2s), std::vector<std::string>{"v@anon"});
    EXPECT_EQ(watch.answered(ping.id, "v@anon/1"), "v@anon");
    EXPECT_FALSE(watch.answered(ping.id, "v@anon/1")) << "one answer per ping";
}

TEST(VisitorWatchTest, WritingAgainOrFromANewAddressMovesThePingOn) {
    VisitorWatch watch(30s);
    watch.heard("v@anon", "v@anon/1", kStart);
    const auto old = watch.due(kStart + 10s).at(0);
    watch.heard("v@anon", "v@anon/2", kStart + 12s);
    EXPECT_FALSE(watch.answered(old.id, "v@anon/1")) << "the new message answered for them";
    EXPECT_TRUE(watch.unanswered(kStart + 30s).empty());
    EXPECT_TRUE(watch.due(kStart + 21s).empty());
    EXPECT_EQ(watch.due(kStart + 22s).at(0).full, "v@anon/2");
}

TEST(VisitorWatchTest, OfflineVisitorsAreNotPingedAndForgottenOnesAreGone) {
    VisitorWatch watch(30s);
    watch.heard("a@anon", "a@anon/1", kStart);
    watch.heard("b@anon", "b@anon/1", kStart);
    watch.offline("a@anon");
    watch.forget("b@anon");
    EXPECT_TRUE(watch.due(kStart + 1h).empty());
    EXPECT_EQ(watch.size(), 1u);
    watch.heard("a@anon", "a@anon/1", kStart + 1h);  // wrote again
    EXPECT_EQ(watch.due(kStart + 1h + 10s).size(), 1u);
}

TEST(VisitorWatchTest, TenThousandSilentVisitorsArePingedAtTheBoundedRateSilentLongestFirst) {
    VisitorWatch watch(30s);
    for (int i = 0; i < 10000; ++i) {
        const std::string bare = "v" + std::to_string(i) + "@anon";
        watch.heard(bare, bare + "/r", kStart + std::chrono::milliseconds(i));
    }
    const auto first = watch.due(kStart + 20s);
    ASSERT_EQ(first.size(), static_cast<std::size_t>(VisitorWatch::kMaxPingsPerSecond));
    EXPECT_EQ(first.front().full, "v0@anon/r");
    EXPECT_TRUE(watch.due(kStart + 20s).empty()) << "the second's budget is spent";
    EXPECT_EQ(watch.due(kStart + 20s + 100ms).size(), 10u);
    std::size_t sent = first.size() + 10;
    for (int s = 1; s <= 200; ++s) {
        sent += watch.due(kStart + 20s + std::chrono::seconds(s)).size();
        EXPECT_LE(sent, VisitorWatch::kMaxPingsPerSecond * (s + 1.1));
    }
    EXPECT_EQ(sent, 10000u) << "every one of them, in time";
}

TEST(VisitorWatchTest, AfterARollBackTheWatchFollowsTheRoutingState) {
    VisitorWatch watch(30s);
    watch.heard("a@anon", "a@anon/1", kStart);
    watch.heard("b@anon", "b@anon/1", kStart);
    watch.heard("c@anon", "c@anon/1", kStart);
    watch.offline("a@anon");
    watch.align([](const std::string& bare) -> std::optional<bool> {
        if (bare == "c@anon") {
            return std::nullopt;  // its chat was never committed
        }
        return bare == "a@anon";  // a online again, b offline
    });
    EXPECT_EQ(watch.size(), 2u);
    const auto pings = watch.due(kStart + 10s);
    ASSERT_EQ(pings.size(), 1u);
    EXPECT_EQ(pings[0].full, "a@anon/1");
}

}  // namespace
}  // namespace component
