// The workgroup's presence for widgets: open, full, closed, and the queue figures.

#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

std::optional<AvailabilityChanged> last_report(const Effects& fx) {
    auto reports = all<AvailabilityChanged>(fx);
    if (reports.empty()) {
        return std::nullopt;
    }
    return reports.back();
}

TEST(Availability, ClosedWhileNoAgentIsOnlineAndVisitorsGetTheOfflineText) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice")})};
    auto first = last_report(desk.wait(std::chrono::seconds{1}));
    ASSERT_TRUE(first);
    EXPECT_EQ(first->availability, Availability::closed);
    EXPECT_EQ(first->status, desk.wg.settings().offline);
    auto fx = desk.visitor_writes("v1", "hi");
    EXPECT_EQ(Desk::told(fx, "v1"), std::vector<std::string>{desk.wg.settings().offline});
    EXPECT_EQ(desk.wg.conversation_of("v1"), nullptr);  // not queued
}

TEST(Availability, OpenAsSoonAsAnAgentWithRoomComesOnline) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice")})};
    desk.wait(std::chrono::seconds{1});
    auto report = last_report(desk.online("Alice"));
    ASSERT_TRUE(report);
    EXPECT_EQ(report->availability, Availability::open);
    EXPECT_EQ(report->status, "");
}

TEST(Availability, FullWhenEveryAgentIsAtCapacityAndTheQueueLimitIsReached) {
    auto s = workgroup(Mode::round_robin, {agent("Alice", 1)});
    s.max_queue = 1;
    Desk desk{s};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    auto report = last_report(desk.visitor_writes("v2", "hi"));
    ASSERT_TRUE(report);
    EXPECT_EQ(report->availability, Availability::full);
    EXPECT_EQ(report->status, s.not_available);
    EXPECT_EQ(report->figures.count, 1u);
    EXPECT_EQ(report->figures.oldest, desk.now.at);
    EXPECT_EQ(Desk::told(desk.visitor_writes("v3", "hi"), "v3"),
              std::vector<std::string>{s.not_available});
    // Alice closes v1 and gets v2: the queue has room again.
    EXPECT_EQ(last_report(desk.types("Alice", "close"))->availability, Availability::open);
}

TEST(Availability, InQueueAndBroadcastMaxQueueWaitingChatsAloneMakeTheWorkgroupFull) {
    // Found from outside: 600 visitors all waited although max_queue was 20.
    for (Mode mode : {Mode::queue, Mode::broadcast}) {
        auto s = workgroup(mode, {agent("Alice", 10)});
        s.max_queue = 2;
        Desk desk{s};
        desk.online("Alice");  // plenty of room, but chats wait for next / take
        desk.visitor_writes("v1", "hi");
        EXPECT_EQ(last_report(desk.visitor_writes("v2", "hi"))->availability, Availability::full)
            << to_string(mode);
        EXPECT_EQ(Desk::told(desk.visitor_writes("v3", "hi"), "v3"),
                  std::vector<std::string>{s.not_available});
        EXPECT_EQ(desk.wg.conversation_of("v3"), nullptr) << "not queued";
        EXPECT_EQ(desk.wg.waiting_count(), 2u);
        // Alice pulls one: there is room in the queue again.
        const Effects pulled = desk.types("Alice", mode == Mode::queue ? "next" : "take 1");
        EXPECT_EQ(last_report(pulled)->availability, Availability::open) << to_string(mode);
    }
}

TEST(Availability, ClosedOutsideBusinessHours) {
    auto s = workgroup(Mode::round_robin, {agent("Alice")});
    s.hours.push_back(HoursWindow{0b0011111, 9 * 60, 17 * 60 + 30});  // mon-fri 09:00-17:30
    Desk desk{s};                                                     // Monday 10:00
    desk.online("Alice");
    EXPECT_EQ(desk.wg.availability(), Availability::open);
    // The workgroup asks to be woken at 17:30 and closes then.
    EXPECT_EQ(Now::at_offset(*desk.wg.next_deadline()).minute_of_day, 17 * 60 + 30);
    auto report = last_report(desk.wait(std::chrono::minutes{7 * 60 + 30}));
    ASSERT_TRUE(report);
    EXPECT_EQ(report->availability, Availability::closed);
    EXPECT_EQ(Desk::told(desk.visitor_writes("v1", "hi"), "v1"),
              std::vector<std::string>{s.offline});
}

TEST(Availability, ReportedOnlyWhenItChanges) {
    Desk desk{workgroup(Mode::round_robin, {agent("Alice"), agent("Bob")})};
    EXPECT_TRUE(last_report(desk.online("Alice")));
    EXPECT_FALSE(last_report(desk.online("Bob")));  // still open, same figures
    EXPECT_FALSE(last_report(desk.types("Bob", "status")));
}

TEST(Availability, QueueFiguresCountWaitingChatsAndEstimateTheWait) {
    Desk desk{workgroup(Mode::queue, {agent("Alice")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.visitor_writes("v2", "hi");
    EXPECT_EQ(desk.wg.figures().count, 2u);
    desk.wait(std::chrono::seconds{40});
    desk.types("Alice", "next");
    EXPECT_EQ(desk.wg.figures().count, 1u);
    EXPECT_EQ(desk.wg.figures().estimated_wait, std::chrono::seconds{40});
}

}  // namespace
}  // namespace routing::testing
