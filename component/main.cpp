// switchboard: the command line (PRODUCT.md, "Command line").
//   switchboard --config FILE [--reset-state]  run the component
//   switchboard --check-config FILE            validate the file and exit
//   switchboard --version | --help

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <variant>
#include <vector>

#include "component/active_lock.hpp"
#include "component/local_clock.hpp"
#include "component/metrics.hpp"
#include "component/service.hpp"
#include "component/simulate.hpp"
#include "component/store.hpp"
#include "config/config.hpp"
#include "xmpp/component_connection.hpp"
#include "xmpp/context.hpp"

#ifndef SWITCHBOARD_VERSION
#define SWITCHBOARD_VERSION "0.0.0"
#endif

namespace {

constexpr int kExitOk = 0;
constexpr int kExitRefused = 1;
constexpr int kExitUsage = 2;
constexpr int kExitLostDatabase = 3;  ///< the active process lost PostgreSQL: restart as standby

/// The active lock went with the database session (or may have): a standby may be active
/// already. Nothing more is sent; the connection is given up at once, not closed politely.
[[noreturn]] void stop_lost_database(const std::string& why) {
    spdlog::critical(
        "lost the database, and with it the active lock ({}); "
        "stopping without sending anything more",
        why);
    std::fflush(nullptr);
    std::_Exit(kExitLostDatabase);
}

std::atomic<bool> g_stop{false};

void request_stop(int) {
    g_stop.store(true);
}

std::atomic<bool> g_reload{false};

void request_reload(int) {
    g_reload.store(true);
}

void print_help(std::ostream& out) {
    out << "Usage: switchboard --config FILE [--reset-state]\n"
           "       switchboard --check-config FILE\n"
           "       switchboard simulate --config FILE (--trace TRACE.csv | --arrivals PER_HOUR\n"
           "                            --agents N) [--compare] [--csv OUT] [...]\n"
           "       switchboard --version | --help\n\n"
           "Switchboard is an XMPP external component (XEP-0114) that routes website\n"
           "visitors' chats to human agents.\n\n"
           "  --config FILE        run the component with this TOML configuration\n"
           "  --reset-state        with --config: start even when the state database is an\n"
           "                       empty (0-byte) file, with no stored state (without it,\n"
           "                       such a file is refused: it may have been truncated)\n"
           "  --check-config FILE  validate the configuration, print each problem, and exit\n"
           "                       (0 when valid)\n"
           "  --version            print the version and exit\n"
           "  --help               print this help and exit\n\n"
           "simulate: replays a day of chats through the routing core (the code that routes\n"
           "live chats) with simulated time, for the first workgroup of FILE (or\n"
           "--workgroup NAME), and prints per mode: chats served, abandoned and missed\n"
           "(turned away full or closed, or timed out), the wait until an agent had the\n"
           "chat (p50/p90/p99), the share of the day the widget showed full or closed, the\n"
           "chats per agent (fewest-most), their utilisation and how many reached\n"
           "daily_limit. Nothing is sent anywhere; the state database is not opened.\n"
           "  --trace FILE         the day to replay (format below)\n"
           "  --arrivals PER_HOUR  instead of a trace: a generated day, Poisson arrivals with\n"
           "                       this mean per hour over the day, shaped by the hour\n"
           "  --profile FILE       24 weights, one per hour, for that shape (default: office\n"
           "                       hours with two peaks)\n"
           "  --agents N           generated agents, on shift 08:00-20:00, with the settings\n"
           "                       of the configured agents in turn\n"
           "  --handle-time MIN    mean handling time, log-normal (default 6)\n"
           "  --patience MIN       mean patience of a waiting visitor (default 4)\n"
           "  --seed N             for the generator and the modes' random choices\n"
           "  --reaction DURATION  how soon an agent answers, takes or pulls (default 10s)\n"
           "  --compare            every mode, and a recommendation\n"
           "  --target-wait DUR    recommend the mode with most chats answered within it\n"
           "                       (default: the fewest chats abandoned or missed)\n"
           "  --csv OUT            the figures, and each agent's, as CSV\n"
           "  --plot OUT.png       the chats waiting and the mean wait over the day, a line\n"
           "                       per mode\n\n"
        << component::kTraceFormat;
}

// Loads the file, printing every problem on its own line to stderr.
const config::Config* load_or_report(const std::string& path, config::LoadResult& result) {
    result = config::load_file(path);
    if (auto* errors = std::get_if<std::vector<config::Error>>(&result)) {
        for (const auto& e : *errors) {
            std::cerr << config::to_string(e) << "\n";
        }
        return nullptr;
    }
    return &std::get<config::Config>(result);
}

// SIGHUP: the file read again. One that does not validate is refused with the lines
// --check-config prints, and the running configuration stays; the keys that need a
// restart keep their running values and are named when they changed.
void reload(const std::string& path, config::Config& running, component::Service& service) {
    spdlog::info("SIGHUP: reading {} again", path);
    // storage.path needs a restart, and the database is open: it is not examined again.
    config::LoadResult result = config::load_file(path, config::StorageCheck::trust);
    if (auto* errors = std::get_if<std::vector<config::Error>>(&result)) {
        for (const auto& e : *errors) {
            spdlog::error("{}", config::to_string(e));
        }
        spdlog::error("reload refused: {} is not valid; the running configuration stays", path);
        return;
    }
    config::Config next = std::move(std::get<config::Config>(result));
    const config::Server& was = running.server;
    const std::pair<const char*, bool> restart_only[] = {
        {"server.host", next.server.host != was.host},
        {"server.port", next.server.port != was.port},
        {"server.hosts", next.server.nodes != was.nodes},
        {"server.domain", next.server.domain != was.domain},
        {"server.secret", next.server.secret != was.secret},  // never its value
        {"server.reconnect_max", next.server.reconnect_max != was.reconnect_max},
        {"storage.path", next.storage.path != running.storage.path},
        {"storage.url", next.storage.url != running.storage.url},
        {"storage.password", next.storage.password != running.storage.password},  // never its value
        {"storage.failover", next.storage.failover != running.storage.failover},
        {"metrics.listen", next.metrics.listen != running.metrics.listen},
    };
    for (const auto& [key, changed] : restart_only) {
        if (changed) {
            spdlog::warn("reload: {} changed; it needs a restart and keeps its running value", key);
        }
    }
    next.server = running.server;
    next.storage = running.storage;
    next.metrics = running.metrics;
    spdlog::set_level(spdlog::level::from_str(next.log.level));
    service.reload(next, component::Instant::read());
    running = std::move(next);
    spdlog::info("reload: {} applied ({} workgroups)", path, running.workgroups.size());
}

int run(const config::Config& loaded, const std::string& path, bool reset_state) {
    config::Config cfg = loaded;  // what runs: a reload replaces it
    // The operator's time zone before the first log line and before any thread starts
    // (the metrics server's): the C library's time zone is the process's.
    const component::LocalClock zone(cfg.timezone);
    spdlog::set_default_logger(spdlog::stderr_color_mt("switchboard"));
    spdlog::set_level(spdlog::level::from_str(cfg.log.level));
    spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
    if (reset_state && cfg.storage.url.empty()) {
        if (component::Store::reset_if_empty(cfg.storage.path)) {
            spdlog::warn(
                "storage {}: the file was empty (0 bytes); starting with no stored "
                "state (--reset-state)",
                cfg.storage.path);
        } else {
            spdlog::info("storage {}: not an empty file, nothing to reset (--reset-state)",
                         cfg.storage.path);
        }
    }

    struct sigaction sa {};
    sa.sa_handler = request_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    struct sigaction hup {};
    hup.sa_handler = request_reload;
    sigemptyset(&hup.sa_mask);
    sigaction(SIGHUP, &hup, nullptr);  // `systemctl reload`: never the default, which ends it
    std::signal(SIGPIPE, SIG_IGN);

    // [storage] url: a standby until this process holds the domain's lock; only then is the
    // state loaded and the XMPP server connected to.
    std::unique_ptr<component::SqlDatabase> database;
    std::unique_ptr<component::ActiveLock> active;
    if (!cfg.storage.url.empty()) {
        for (bool said = false; !database;) {
            try {
                database =
                    component::SqlDatabase::open_postgres(cfg.storage.url, cfg.storage.password);
            } catch (const std::exception& e) {
                if (!said) {
                    spdlog::warn("{}; trying again every second", e.what());
                    said = true;
                }
                std::this_thread::sleep_for(std::chrono::seconds{1});
                if (g_stop.load()) {
                    return kExitOk;
                }
            }
        }
        active = std::make_unique<component::ActiveLock>(
            *database, cfg.server.domain,
            std::chrono::duration_cast<std::chrono::milliseconds>(cfg.storage.failover));
        sd_notify(0, "STATUS=standby: waiting for the active process's lock");
        try {
            if (!active->wait(g_stop)) {
                spdlog::info("stopped while standing by");
                return kExitOk;
            }
        } catch (const std::exception& e) {
            spdlog::critical("lost the database while standing by: {}", e.what());
            return kExitLostDatabase;
        }
    }

    xmpp::Context ctx;
    xmpp::ComponentOptions options;
    options.host = cfg.server.host;
    options.port = cfg.server.port;
    for (const auto& node : cfg.server.nodes) {
        options.nodes.push_back({node.host, node.port});
    }
    options.domain = cfg.server.domain;
    options.secret = cfg.server.secret;
    options.retry_max = cfg.server.reconnect_max;
    xmpp::ComponentConnection connection(ctx, options);
    // [metrics]: served from prometheus-cpp's thread; the loop below only updates figures.
    std::unique_ptr<component::Metrics> metrics;
    if (!cfg.metrics.listen.empty()) {
        metrics = std::make_unique<component::Metrics>(cfg.metrics.listen);
        metrics->set_connected(false);
        spdlog::info("metrics: serving http://{}/metrics", cfg.metrics.listen);
    }
    // The only place that reads the clocks: everything below takes the time as an input.
    using component::Instant;
    component::Service service(
        ctx, cfg,
        [&](const xmpp::Stanza& s) {
            connection.send(s);
            if (metrics) {
                metrics->stanza_sent();
            }
        },
        std::random_device{}(), Instant::read(), metrics.get(), std::move(database));
    service.sync_in_background();
    connection.on_stanza([&](const xmpp::Stanza& s) {
        if (metrics) {
            metrics->stanza_received();
        }
        service.handle(s, Instant::read());
    });
    connection.on_offline([&] {
        if (metrics) {
            metrics->set_connected(false);
        }
    });
    connection.on_online([&] {
        if (metrics) {
            metrics->set_connected(true);
        }
        service.on_online(Instant::read());
        // systemd (Type=notify): started once serving; harmless without systemd.
        sd_notifyf(0, "READY=1\nSTATUS=serving %s", cfg.server.domain.c_str());
    });
    connection.on_stopping([&] {
        sd_notify(0, "STOPPING=1");
        service.shutdown();
    });

    if (active) {
        // A partition (the database silent, libpq waiting) ends this process before the
        // server can free the lock, even while the main thread waits on a commit.
        try {
            active->guard([] { stop_lost_database("no answer in two fifths of the failover"); });
        } catch (const std::exception& e) {
            spdlog::critical("lost the database before connecting: {}", e.what());
            return kExitLostDatabase;
        }
    }
    spdlog::info("Switchboard {} starting for {} ({} workgroups)", SWITCHBOARD_VERSION,
                 cfg.server.domain, cfg.workgroups.size());
    const auto result = connection.run(g_stop, [&] {
        if (active && active->ping_due(std::chrono::steady_clock::now())) {
            try {
                active->ping(std::chrono::steady_clock::now());
            } catch (const std::exception& e) {
                stop_lost_database(e.what());
            }
        }
        if (g_reload.exchange(false)) {
            sd_notify(0, "RELOADING=1");
            reload(path, cfg, service);
            sd_notify(0, "READY=1");
        }
        service.tick(Instant::read());
        if (service.sending_pending()) {
            // The disk is syncing a commit: with more to read, read it meanwhile (it joins
            // the next commit) and send as soon as the sync is done; with nothing to read,
            // wait for the sync, then commit what was read meanwhile and come back soon
            // for its sync.
            if (!connection.input_waiting()) {
                service.finish_sending();
            }
            if (service.sending_pending()) {
                connection.wake_soon();
            }
        }
    });
    active.reset();  // its watchdog reads the database, which the service owns
    if (result == xmpp::RunResult::refused) {
        spdlog::critical("{}", connection.fatal_reason());
        return kExitRefused;
    }
    spdlog::info("stopped");
    return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::string_view(argv[1]) == "--help") {
        print_help(std::cout);
        return kExitOk;
    }
    if (argc == 2 && std::string_view(argv[1]) == "--version") {
        std::cout << "switchboard " << SWITCHBOARD_VERSION << "\n";
        return kExitOk;
    }
    // --reset-state goes with --config, before or after it.
    std::vector<std::string_view> args(argv + 1, argv + argc);
    if (!args.empty() && args[0] == "simulate") {
        try {
            return component::simulate_main({args.begin() + 1, args.end()}, std::cout, std::cerr);
        } catch (const std::exception& e) {
            std::cerr << "switchboard simulate: " << e.what() << "\n";
            return kExitRefused;
        }
    }
    const auto reset = std::find(args.begin(), args.end(), "--reset-state");
    const bool reset_state = reset != args.end();
    if (reset_state) {
        args.erase(reset);
    }
    if (args.size() == 2 &&
        (args[0] == "--config" || (args[0] == "--check-config" && !reset_state))) {
        const bool check_only = args[0] == "--check-config";
        config::LoadResult loaded;
        const std::string file(args[1]);
        const config::Config* cfg = load_or_report(file, loaded);
        if (cfg == nullptr) {
            return kExitUsage;
        }
        if (check_only) {
            std::cout << file << ": configuration is valid\n";
            return kExitOk;
        }
        try {
            return run(*cfg, file, reset_state);
        } catch (const std::exception& e) {
            std::cerr << "switchboard: " << e.what() << "\n";
            return kExitRefused;
        }
    }
    std::cerr << "switchboard: unrecognised arguments\n\n";
    print_help(std::cerr);
    return kExitUsage;
}
