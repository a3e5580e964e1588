// What durability costs: visitor messages handled by a whole in-process Service (stanza
// parsing aside), with the state in SQLite on disk versus in memory, committed once per
// event-loop turn of N stanzas.

#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

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

}  // namespace

BENCHMARK_MAIN();
