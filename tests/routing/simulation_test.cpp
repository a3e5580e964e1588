// The simulator (routing/simulation.hpp) on small days worked out by hand, and the
// generator's statistics for a fixed seed.

#include "routing/simulation.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <string>

#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

using namespace std::chrono_literals;
using simulation::Arrival;
using simulation::Shift;
using simulation::Trace;

Arrival chat(Duration at, const std::string& visitor, Duration handle, Duration patience = 0ms) {
    return Arrival{at, visitor, "en", "Hello", "", handle, patience};
}

simulation::Options options() {
    simulation::Options o;
    o.day_start = std::chrono::sys_days{std::chrono::year{2026} / std::chrono::November / 23};
    o.reaction = 10s;
    return o;
}

WorkgroupSettings desk(Mode mode, std::vector<AgentSettings> agents) {
    WorkgroupSettings s = workgroup(mode, std::move(agents));
    s.queue_timeout = 1h;  // nobody times out in these days unless a test says so
    s.max_queue = 100;
    return s;
}

TEST(Simulation, OneAgentWithFixedHandlingTimesGivesExactWaits) {
    // Alice takes one chat at a time; each lasts 10 minutes; she answers an offer 10 s
    // after it came. Chat 1 waits 10 s; chat 2 (09:01) is offered when chat 1 ends at
    // 09:10:10 and answered at 09:10:20; chat 3 (09:02) at 09:20:30.
    Trace day;
    day.arrivals = {chat(9h, "v1", 10min), chat(9h + 1min, "v2", 10min),
                    chat(9h + 2min, "v3", 10min)};
    day.shifts = {Shift{"alice@example.com", 8h, 17h, {}}};
    const auto f = simulation::run(desk(Mode::round_robin, {agent("Alice", 1)}), day, options());
    EXPECT_EQ(f.arrived, 3);
    EXPECT_EQ(f.served, 3);
    EXPECT_EQ(f.abandoned + f.missed, 0);
    EXPECT_EQ(f.waits, (std::vector<Duration>{10s, 9min + 20s, 18min + 30s}));
    EXPECT_EQ(f.wait_p50, 9min + 20s);
    ASSERT_EQ(f.agents.size(), 1u);
    EXPECT_EQ(f.agents[0].chats, 3);
    EXPECT_EQ(f.agents[0].chat_time, 30min);
    EXPECT_NEAR(f.agents[0].utilisation, 30.0 / (9 * 60), 1e-9);
}

TEST(Simulation, TwoAgentsInRoundRobinAlternate) {
    Trace day;
    for (int i = 0; i < 10; ++i) {
        day.arrivals.push_back(chat(9h + i * 10min, "v" + std::to_string(i), 1min));
    }
    day.shifts = {Shift{"alice@example.com", 8h, 17h, {}}, Shift{"bob@example.com", 8h, 17h, {}}};
    const auto f =
        simulation::run(desk(Mode::round_robin, {agent("Alice"), agent("Bob")}), day, options());
    EXPECT_EQ(f.served, 10);
    EXPECT_EQ(f.agents[0].chats, 5);
    EXPECT_EQ(f.agents[1].chats, 5);
    EXPECT_EQ(f.chats_min, 5);
    EXPECT_EQ(f.chats_max, 5);
    for (const auto wait : f.waits) {
        EXPECT_EQ(wait, 10s);  // always someone free: the reaction time alone
    }
}

TEST(Simulation, WeightedSharesFollowTheDailyLimits) {
    Trace day;
    for (int i = 0; i < 3000; ++i) {
        day.arrivals.push_back(chat(8h + i * 10s, "v" + std::to_string(i), 1s));
    }
    day.shifts = {Shift{"alice@example.com", 7h, 18h, {}}, Shift{"bob@example.com", 7h, 18h, {}}};
    auto alice = agent("Alice", 50);
    alice.daily_limit = 10000;
    auto bob = agent("Bob", 50);
    bob.daily_limit = 20000;
    const auto f = simulation::run(desk(Mode::weighted, {alice, bob}), day, options());
    EXPECT_EQ(f.served, 3000);
    EXPECT_NEAR(f.agents[0].chats / 3000.0, 1.0 / 3, 0.03);
    EXPECT_NEAR(f.agents[1].chats / 3000.0, 2.0 / 3, 0.03);
    EXPECT_EQ(f.capped, 0);
}

TEST(Simulation, APatientlessVisitorAbandonsAndAChatOutsideShiftsIsMissed) {
    Trace day;
    // Alice is busy with v1 for an hour; v2 gives up after 2 minutes; v3 writes at 18:00,
    // when nobody is on shift.
    day.arrivals = {chat(9h, "v1", 1h), chat(9h + 1min, "v2", 5min, 2min), chat(18h, "v3", 5min)};
    day.shifts = {Shift{"alice@example.com", 8h, 17h, {}}};
    auto s = desk(Mode::round_robin, {agent("Alice", 1)});
    s.visitor_grace = 5s;
    const auto f = simulation::run(s, day, options());
    EXPECT_EQ(f.served, 1);
    EXPECT_EQ(f.abandoned, 1);
    EXPECT_EQ(f.missed, 1);
    EXPECT_GT(f.closed_share, 0.0);  // before 08:00 and after 17:00
}

TEST(Simulation, QueueAndBroadcastAgentsPullTheirChats) {
    for (const Mode mode : {Mode::queue, Mode::broadcast}) {
        Trace day;
        for (int i = 0; i < 6; ++i) {
            day.arrivals.push_back(chat(9h + i * 1min, "v" + std::to_string(i), 3min));
        }
        day.shifts = {Shift{"alice@example.com", 8h, 17h, {}},
                      Shift{"bob@example.com", 8h, 17h, {}}};
        const auto f =
            simulation::run(desk(mode, {agent("Alice", 1), agent("Bob", 1)}), day, options());
        EXPECT_EQ(f.served, 6) << to_string(mode);
        EXPECT_EQ(f.agents[0].chats + f.agents[1].chats, 6) << to_string(mode);
        EXPECT_GE(f.waits.front(), 10s) << to_string(mode);
    }
}

TEST(Simulation, TheSameInputsGiveTheSameFigures) {
    simulation::Traffic t;
    t.per_hour = 40;
    t.agents = 3;
    const Trace day = simulation::generate(t);
    auto agents = std::vector<AgentSettings>{};
    for (int i = 1; i <= 3; ++i) {
        AgentSettings a;
        a.jid = simulation::agent_jid(i);
        a.daily_limit = 100 * i;
        agents.push_back(a);
    }
    const auto a = simulation::run(desk(Mode::weighted, agents), day, options());
    const auto b = simulation::run(desk(Mode::weighted, agents), day, options());
    EXPECT_EQ(a.waits, b.waits);
    EXPECT_EQ(a.agents[0].chats, b.agents[0].chats);
    EXPECT_EQ(a.queue, b.queue);
}

TEST(SimulationTraffic, MeanRateAndHandlingTimeFollowTheRequest) {
    simulation::Traffic t;
    t.per_hour = 500;
    t.handle = 6min;
    t.seed = 7;
    const Trace day = simulation::generate(t);
    EXPECT_NEAR(day.arrivals.size() / 24.0, 500, 500 * 0.03);
    double handle = 0;
    for (const auto& a : day.arrivals) {
        handle += std::chrono::duration<double>(a.handle).count();
    }
    EXPECT_NEAR(handle / day.arrivals.size() / 60, 6.0, 6.0 * 0.05);
    EXPECT_EQ(day.shifts.size(), 5u);
    EXPECT_EQ(simulation::generate(t).arrivals.size(), day.arrivals.size()) << "same seed";
}

}  // namespace
}  // namespace routing::testing
