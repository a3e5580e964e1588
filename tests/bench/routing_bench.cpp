// Throughput and memory of the routing core (see README.md for the figures).
//
// BM_Queue:  every agent at capacity and 100,000 chats waiting; each round is 3 events:
//            a new visitor writes (joins the back), an agent closes a chat (the front chat is
//            routed to them), the agent answers it (or pulls it with `next` in queue/broadcast).
// BM_Assign: agents have room and nothing waits; each round is 3 events: a new visitor writes
//            (the mode picks among all eligible agents), the agent answers (or takes it), and
//            closes it.
// BM_MemoryPerWaitingChat: heap bytes held per waiting conversation.
// rules:1 turns on the rules for a chat that waits too long: every chat needs a skill (that
//            every agent holds) which relaxes after an hour, one in ten is urgent (chat
//            priority 1, served first), chats overflow after an hour (each waiting chat has
//            that timer), and broadcast is adaptive above 50,000 waiting (so BM_Queue's
//            broadcast behaves as queue).

#include <benchmark/benchmark.h>
#include <malloc.h>

#include <atomic>
#include <charconv>
#include <cstdlib>
#include <deque>
#include <new>
#include <string>
#include <vector>

#include "routing/workgroup.hpp"

// --- heap accounting (this binary only) ---------------------------------------------------

namespace {
std::atomic<long long> g_heap_bytes{0};
std::atomic<long long> g_heap_blocks{0};
bool g_count_heap = false;  // only BM_MemoryPerWaitingChat pays for the accounting
}  // namespace

void* operator new(std::size_t size) {
    void* p = std::malloc(size == 0 ? 1 : size);
    if (p == nullptr) {
        throw std::bad_alloc();
    }
    if (g_count_heap) {
        g_heap_bytes += static_cast<long long>(malloc_usable_size(p));
        ++g_heap_blocks;
    }
    return p;
}
// GCC cannot see that every pointer freed here came from the malloc in operator new above.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept {
    if (p != nullptr && g_count_heap) {
        g_heap_bytes -= static_cast<long long>(malloc_usable_size(p));
        --g_heap_blocks;
    }
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    operator delete(p);
}
#pragma GCC diagnostic pop

namespace {

using namespace routing;

constexpr std::size_t kWaiting = 100'000;
constexpr auto kStep = std::chrono::microseconds{10};  // simulated time between events

const Mode kModes[] = {Mode::broadcast, Mode::queue, Mode::round_robin, Mode::least_busy,
                       Mode::weighted};

WorkgroupSettings make_settings(Mode mode, int agents, int max_chats, bool rules = false) {
    WorkgroupSettings s;
    s.name = "support";
    s.mode = mode;
    s.max_queue = 1'000'000;
    s.queue_timeout = std::chrono::hours{24};
    s.offer_timeout = std::chrono::seconds{60};
    for (int i = 0; i < agents; ++i) {
        AgentSettings a;
        a.jid = "agent" + std::to_string(i) + "@example.com";
        a.name = "Agent " + std::to_string(i);
        a.max_chats = max_chats;
        a.priority = 1 + i % 5;
        a.daily_limit = 1'000'000'000 / (1 + i % 3);
        if (rules) {
            a.skills = {"en"};
        }
        s.agents.push_back(std::move(a));
    }
    if (rules) {
        SkillRule english{"en", "", "en"};
        english.relax_after = std::chrono::hours{1};
        SkillRule urgent{"", "urgent", ""};
        urgent.chat_priority = 1;
        s.rules = {english, urgent};
        s.overflow = "sales";
        s.overflow_after = std::chrono::hours{1};
        if (mode == Mode::broadcast) {
            s.adaptive_queue_above = 50'000;
        }
    }
    return s;
}

/// A desk driven as fast as possible, with a simulated clock.
struct Driver {
    Driver(Mode mode, int agents, int max_chats, bool rules = false)
        : wg(make_settings(mode, agents, max_chats, rules), 12345), mode(mode), chats(agents) {
        now = Now::at_offset(
            std::chrono::sys_days{std::chrono::year{2026} / std::chrono::November / 23} +
            std::chrono::hours{10});
        for (const auto& a : wg.settings().agents) {
            jids.push_back(a.jid);
        }
        for (const auto& jid : jids) {
            handle(AgentPresence{jid, "laptop", Presence::online});
        }
    }

    Effects handle(const Event& event) {
        now.at += kStep;
        ++events;
        Effects fx = wg.handle(event, now);
        for (const auto& e : fx) {
            if (const auto* a = std::get_if<Assign>(&e)) {
                chats[a->agent].push_back(a->conversation);
                last_assigned = *a;
            }
        }
        return fx;
    }

    void visitor_writes() {
        visitor.resize(8);
        char buf[24];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, ++visitors);
        (void)ec;
        visitor.append(buf, end);
        visitor += "@anon.desk.example.com";
        last_assigned.conversation = 0;
        handle(VisitorMessage{visitor, "Visitor",
                              visitors % 10 == 0 ? "urgent: a question about my order"
                                                 : "Hello, I have a question about my order",
                              "en"});
    }

    /// The agent answers a chat just offered to them (auto modes) or pulls one (others).
    void agent_gets_chat(AgentId agent, ConversationId offered) {
        if (mode == Mode::queue || mode == Mode::broadcast) {
            handle(AgentMessage{jids[agent], std::nullopt, "next"});
        } else if (offered != 0) {
            handle(AgentMessage{jids[agent], offered, "Hello, how can I help?"});
        }
    }

    void agent_closes_oldest(AgentId agent) {
        const ConversationId id = chats[agent].front();
        chats[agent].pop_front();
        last_assigned.conversation = 0;
        handle(AgentMessage{jids[agent], id, "close"});
    }

    Workgroup wg;
    Mode mode;
    Now now;
    std::vector<std::string> jids;
    std::vector<std::deque<ConversationId>> chats;
    std::string visitor = "visitor-";
    std::uint64_t visitors = 0;
    std::uint64_t events = 0;
    Assign last_assigned;
};

void BM_Queue(benchmark::State& state) {
    const Mode mode = kModes[state.range(0)];
    const int agents = static_cast<int>(state.range(1));
    Driver d(mode, agents, 3, state.range(2) != 0);
    // Fill every agent to capacity, then the queue.
    for (int round = 0; round < 3; ++round) {
        for (AgentId a = 0; a < static_cast<AgentId>(agents); ++a) {
            d.visitor_writes();
            if (mode == Mode::queue || mode == Mode::broadcast) {
                d.agent_gets_chat(a, 0);
            } else {
                d.agent_gets_chat(d.last_assigned.agent, d.last_assigned.conversation);
            }
        }
    }
    while (d.wg.waiting_count() < kWaiting) {
        d.visitor_writes();
    }
    const std::uint64_t before = d.events;
    AgentId agent = 0;
    for (auto _ : state) {
        d.visitor_writes();
        d.agent_closes_oldest(agent);
        d.agent_gets_chat(agent, d.last_assigned.conversation);
        agent = (agent + 1) % static_cast<AgentId>(agents);
    }
    state.counters["events/s"] =
        benchmark::Counter(static_cast<double>(d.events - before), benchmark::Counter::kIsRate);
    state.counters["waiting"] = static_cast<double>(d.wg.waiting_count());
    state.SetLabel(std::string(to_string(mode)) + (state.range(2) != 0 ? " +rules" : ""));
}

void BM_Assign(benchmark::State& state) {
    const Mode mode = kModes[state.range(0)];
    const int agents = static_cast<int>(state.range(1));
    Driver d(mode, agents, 3, state.range(2) != 0);
    const std::uint64_t before = d.events;
    AgentId puller = 0;
    for (auto _ : state) {
        d.visitor_writes();
        AgentId agent = puller;
        if (mode == Mode::queue) {
            d.handle(AgentMessage{d.jids[agent], std::nullopt, "next"});
        } else if (mode == Mode::broadcast) {
            std::string take = "take " + std::to_string(d.wg.conversation_of(d.visitor)->id);
            d.handle(AgentMessage{d.jids[agent], std::nullopt, take});
        } else {
            agent = d.last_assigned.agent;
            d.agent_gets_chat(agent, d.last_assigned.conversation);
        }
        d.agent_closes_oldest(agent);
        puller = (puller + 1) % static_cast<AgentId>(agents);
    }
    state.counters["events/s"] =
        benchmark::Counter(static_cast<double>(d.events - before), benchmark::Counter::kIsRate);
    state.SetLabel(std::string(to_string(mode)) + (state.range(2) != 0 ? " +rules" : ""));
}

void BM_MemoryPerWaitingChat(benchmark::State& state) {
    const bool with_text = state.range(0) != 0;
    for (auto _ : state) {
        g_count_heap = true;
        WorkgroupSettings s = make_settings(Mode::round_robin, 10, 3);
        Workgroup wg(s, 1);
        Now now = Now::at_offset(
            std::chrono::sys_days{std::chrono::year{2026} / std::chrono::November / 23} +
            std::chrono::hours{10});
        for (const auto& a : s.agents) {
            wg.handle(AgentPresence{a.jid, "laptop", Presence::online}, now);
            wg.handle(AgentMessage{a.jid, std::nullopt, "pause"}, now);  // present, takes none
        }
        const long long bytes0 = g_heap_bytes;
        const long long blocks0 = g_heap_blocks;
        std::string visitor;
        for (std::size_t i = 0; i < kWaiting; ++i) {
            visitor = "visitor-" + std::to_string(i) + "@anon.desk.example.com";
            now.at += kStep;
            wg.handle(VisitorMessage{visitor, "Visitor",
                                     with_text ? "Hello, I have a question "
                                                 "about my order"
                                               : "Hi",
                                     "en"},
                      now);
        }
        const double n = static_cast<double>(wg.waiting_count());
        state.counters["bytes/chat"] = static_cast<double>(g_heap_bytes - bytes0) / n;
        state.counters["blocks/chat"] = static_cast<double>(g_heap_blocks - blocks0) / n;
        g_count_heap = false;
    }
}

void modes_and_agents(benchmark::internal::Benchmark* b) {
    for (int rules : {0, 1}) {
        for (int mode = 0; mode < 5; ++mode) {
            for (int agents : {10, 1000, 10000}) {
                b->Args({mode, agents, rules});
            }
        }
    }
    b->ArgNames({"mode", "agents", "rules"});
}

BENCHMARK(BM_Queue)->Apply(modes_and_agents)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Assign)->Apply(modes_and_agents)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_MemoryPerWaitingChat)
    ->Arg(0)
    ->Arg(1)
    ->ArgName("text")
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
