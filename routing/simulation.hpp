#pragma once
// A day of chats replayed through the real routing core (`Workgroup`, the code the
// component runs) with simulated time: the engine of `switchboard simulate` (PRODUCT.md,
// "Operating it"). Pure: the trace, the settings and the seed in, the figures out; the
// same inputs always give the same figures.
//
// The simulated people: agents come online at the start of their shift (away during
// their away periods, offline after), answer an offer, `take` a broadcast chat or pull one
// with `next` `reaction` after they could, and close each chat its handling time after it
// became theirs; a visitor writes at their arrival time (and answers the menu with their
// choice) and leaves after their patience if no agent has taken the chat by then.

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "routing/effects.hpp"
#include "routing/events.hpp"
#include "routing/now.hpp"
#include "routing/settings.hpp"

namespace routing::simulation {

/// One chat of the day. Times are from the day's midnight.
struct Arrival {
    Duration at{0};
    std::string visitor;   ///< an id, unique in the trace
    std::string language;  ///< "en", "de", ... (language rules)
    std::string text;      ///< the first message (keyword rules)
    std::string choice;    ///< the answer to the menu, if the workgroup asks one
    Duration handle{0};    ///< from the moment an agent has the chat until they close it
    Duration patience{0};  ///< the visitor leaves if no agent has it by then (0: never)
};

/// When one agent (a JID of the workgroup) works: online from `start` to `end`, away in
/// each of `away`.
struct Shift {
    std::string agent;
    Duration start{0};
    Duration end{0};
    std::vector<std::pair<Duration, Duration>> away;
};

struct Trace {
    std::vector<Arrival> arrivals;  ///< in any order
    std::vector<Shift> shifts;
};

struct Options {
    Time day_start{};  ///< the simulated day's midnight, in the configured time zone
    std::chrono::minutes utc_offset{0};            ///< of that time zone on that day
    Duration reaction = std::chrono::seconds{10};  ///< how soon an agent acts on a chat
    std::uint64_t seed = 1;                        ///< for the modes' random choices
    /// Sees every event given to the workgroup, when, and what it caused (tests replay
    /// the same events through the live component and compare).
    std::function<void(Duration, const Event&, const Effects&)> watch;
};

struct AgentFigures {
    std::string agent;
    int chats = 0;          ///< chats they served
    Duration on_shift{0};   ///< online (or away) time
    Duration chat_time{0};  ///< the sum of their chats' durations
    /// chat_time over (on_shift x max_chats): how much of their capacity was used.
    double utilisation = 0;
    bool capped = false;  ///< reached daily_limit (weighted mode, where it is a cap)
};

struct Figures {
    Mode mode = Mode::round_robin;
    /// The mode's name in reports: "adaptive" for broadcast with `adaptive_queue_above`.
    std::string label;
    int arrived = 0;
    int served = 0;     ///< an agent had it
    int abandoned = 0;  ///< the visitor left first
    int missed = 0;     ///< turned away (full, closed) or timed out in the queue
    std::vector<Duration>
        waits;  ///< of the served chats, from arrival until an agent had it; sorted
    Duration wait_p50{0}, wait_p90{0}, wait_p99{0};
    Duration span{0};                  ///< the part of the day measured (first to last event)
    double full_share = 0;             ///< of `span` the widget showed full
    double closed_share = 0;           ///< ... or closed
    std::vector<AgentFigures> agents;  ///< in configuration order
    int chats_min = 0, chats_max = 0;  ///< served per agent, among those with a shift
    int capped = 0;                    ///< agents who reached daily_limit
    /// Chats waiting, sampled every `kSample` from midnight.
    std::vector<int> queue;
    /// The mean wait of the chats that became an agent's in each sample interval.
    std::vector<Duration> wait_by_time;
    static constexpr Duration kSample = std::chrono::minutes{5};
};

/// Replays `trace` through a `Workgroup` with `settings` (their mode).
Figures run(const WorkgroupSettings& settings, const Trace& trace, const Options& options);

/// Generated traffic: Poisson arrivals whose rate follows `profile` (relative weights per
/// hour of the day, scaled so the day's mean is `per_hour`), log-normal handling times
/// with mean `handle`, exponential patience with mean `patience`, and `agents` agents on
/// shift from `shift_start` to `shift_end`.
struct Traffic {
    double per_hour = 60;
    std::array<double, 24> profile{};  ///< all zero: busier in office hours (a default shape)
    Duration handle = std::chrono::minutes{6};
    double handle_sigma = 0.6;  ///< of the underlying normal
    Duration patience = std::chrono::minutes{4};
    int agents = 5;
    Duration shift_start = std::chrono::hours{8};
    Duration shift_end = std::chrono::hours{20};
    std::uint64_t seed = 1;
};

/// The generated day, its agents named agent1@sim.invalid ... (`agent_jid`).
Trace generate(const Traffic& traffic);
std::string agent_jid(int n);

/// The percentile `p` (0..100) of sorted `values` (nearest rank); zero when empty.
Duration percentile(const std::vector<Duration>& sorted, double p);

}  // namespace routing::simulation
