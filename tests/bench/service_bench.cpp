// What durability costs: visitor messages handled by a whole in-process Service (stanza
// parsing aside), with the state in SQLite on disk versus in memory, committed once per
// event-loop turn of N stanzas.

#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <variant>

#include "component/service.hpp"
#include "config/config.hpp"
#include "xmpp/context.hpp"

namespace {

std::string desk(const std::string& storage) {
    std::string text = "[server]\ndomain = \"desk.example.com\"\nsecret = \"bench-secret\"\n";
    text += "[storage]\npath = \"" + storage + "\"\n[log]\nlevel = \"error\"\n";
    text += "[limits]\nmessages_per_second = 10000\nburst = 10000\n";
    text += "[workgroups.support]\nmode = \"round_robin\"\nmax_queue = 1000000\n";
    for (int i = 0; i < 100; ++i) {
        text += "[[workgroups.support.agents]]\njid = \"agent" + std::to_string(i) +
                "@example.com\"\nmax_chats = 1000000\n";
    }
    return text;
}

// One visitor message per iteration, each from a new visitor (a new conversation, routed
// and assigned); the Service commits and sends every `turn` messages.
void BM_VisitorMessages(benchmark::State& state) {
    spdlog::set_level(spdlog::level::off);  // one log line per decision is not the point here
    const bool on_disk = state.range(0) != 0;
    const int turn = static_cast<int>(state.range(1));
    const auto dir = std::filesystem::temp_directory_path() / "switchboard-bench";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string path = on_disk ? (dir / "state.db").string() : ":memory:";
    auto config = std::get<config::Config>(config::load_string(desk(path), "bench.toml"));

    xmpp::Context ctx;
    std::size_t sent = 0;
    using component::Instant;
    component::Service service(
        ctx, config, [&](const xmpp::Stanza&) { ++sent; }, 1, Instant::read());
    for (int i = 0; i < 100; ++i) {
        service.handle(xmpp::parse(ctx, "<presence from='agent" + std::to_string(i) +
                                            "@example.com/r' to='support@desk.example.com'/>"),
                       Instant::read());
    }
    service.flush();

    std::int64_t n = 0;
    for (auto _ : state) {
        state.PauseTiming();
        const xmpp::Stanza m = xmpp::parse(
            ctx, "<message type='chat' from='v" + std::to_string(n) +
                     "@anon.example.com/w' to='support@desk.example.com'><body>Hello, I need "
                     "help with my order</body></message>");
        state.ResumeTiming();
        service.handle(m, Instant::read());
        if (++n % turn == 0) {
            service.flush();
        }
    }
    service.flush();
    state.counters["messages/s"] =
        benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsRate);
    state.SetLabel(std::string(on_disk ? "SQLite on disk" : "SQLite in memory") +
                   ", commit every " + std::to_string(turn));
    std::filesystem::remove_all(dir);
}

BENCHMARK(BM_VisitorMessages)
    ->ArgsProduct({{0, 1}, {1, 10, 100}})
    ->ArgNames({"disk", "turn"})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();  // fsync waits count: they are what durability costs

// What pushing the availability costs (issue 10, item 2): `widgets` directed-presence
// senders (10,000 is the cap per workgroup); each iteration the only agent goes offline or
// comes back, and the event loop turns (Service::tick) until the push has reached every
// widget. Each stanza is serialised, as the connection does before writing it.
void BM_PresencePush(benchmark::State& state) {
    spdlog::set_level(spdlog::level::off);
    const auto widgets = static_cast<int>(state.range(0));
    const std::string text =
        "[server]\ndomain = \"desk.example.com\"\nsecret = \"bench-secret\"\n"
        "[storage]\npath = \":memory:\"\n[log]\nlevel = \"error\"\n"
        "[workgroups.support]\nmode = \"round_robin\"\n"
        "[[workgroups.support.agents]]\njid = \"alice@example.com\"\n";
    auto config = std::get<config::Config>(config::load_string(text, "bench.toml"));

    xmpp::Context ctx;
    std::size_t sent = 0;
    std::size_t bytes = 0;
    using component::Instant;
    Instant now = Instant::read();  // simulated from here on
    component::Service service(
        ctx, config,
        [&](const xmpp::Stanza& s) {
            ++sent;
            bytes += s.to_string().size();
        },
        1, now);
    for (int i = 0; i < widgets; ++i) {
        service.handle(xmpp::parse(ctx, "<presence from='w" + std::to_string(i) +
                                            "@anon.example.com/widget' "
                                            "to='support@desk.example.com'/>"),
                       now);
    }
    service.flush();
    const xmpp::Stanza online =
        xmpp::parse(ctx, "<presence from='alice@example.com/r' to='support@desk.example.com'/>");
    const xmpp::Stanza offline = xmpp::parse(
        ctx,
        "<presence type='unavailable' from='alice@example.com/r' to='support@desk.example.com'/>");

    bool up = false;
    std::size_t pushed = 0;
    int turns = 0;
    double worst_turn = 0;
    for (auto _ : state) {
        up = !up;
        now.wall += component::Service::kPresenceInterval;
        now.steady += component::Service::kPresenceInterval;
        service.handle(up ? online : offline, now);
        for (;;) {
            const std::size_t before = sent;
            const auto t0 = std::chrono::steady_clock::now();
            service.tick(now);
            const std::chrono::duration<double, std::milli> took =
                std::chrono::steady_clock::now() - t0;
            if (sent == before) {
                break;
            }
            worst_turn = std::max(worst_turn, took.count());
            pushed += sent - before;
            ++turns;
            now.wall += std::chrono::milliseconds{50};  // the event loop's longest wait
            now.steady += std::chrono::milliseconds{50};
        }
    }
    const auto pushes = static_cast<double>(state.iterations());
    state.counters["stanzas/push"] = static_cast<double>(pushed) / pushes;
    state.counters["turns/push"] = turns / pushes;
    state.counters["worst turn ms"] = worst_turn;
    state.counters["bytes/stanza"] = static_cast<double>(bytes) / static_cast<double>(sent);
}

BENCHMARK(BM_PresencePush)
    ->Arg(1000)
    ->Arg(10000)
    ->ArgName("widgets")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
