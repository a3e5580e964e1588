// switchboard: the command line (PRODUCT.md, "Command line").
//   switchboard --config FILE        run the component
//   switchboard --check-config FILE  validate the file and exit
//   switchboard --version | --help

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <random>
#include <string>
#include <string_view>
#include <variant>

#include "component/service.hpp"
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

std::atomic<bool> g_stop{false};

void request_stop(int) {
    g_stop.store(true);
}

void print_help(std::ostream& out) {
    out << "Usage: switchboard --config FILE\n"
           "       switchboard --check-config FILE\n"
           "       switchboard --version | --help\n\n"
           "Switchboard is an XMPP external component (XEP-0114) that routes website\n"
           "visitors' chats to human agents.\n\n"
           "  --config FILE        run the component with this TOML configuration\n"
           "  --check-config FILE  validate the configuration, print each problem, and exit\n"
           "                       (0 when valid)\n"
           "  --version            print the version and exit\n"
           "  --help               print this help and exit\n";
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

int run(const config::Config& cfg) {
    spdlog::set_default_logger(spdlog::stderr_color_mt("switchboard"));
    spdlog::set_level(spdlog::level::from_str(cfg.log.level));
    spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");

    struct sigaction sa {};
    sa.sa_handler = request_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    xmpp::Context ctx;
    xmpp::ComponentOptions options;
    options.host = cfg.server.host;
    options.port = cfg.server.port;
    options.domain = cfg.server.domain;
    options.secret = cfg.server.secret;
    options.retry_max = cfg.server.reconnect_max;
    xmpp::ComponentConnection connection(ctx, options);
    // The only place that reads the clocks: everything below takes the time as an input.
    using component::Instant;
    component::Service service(
        ctx, cfg, [&](const xmpp::Stanza& s) { connection.send(s); }, std::random_device{}(),
        Instant::read());
    connection.on_stanza([&](const xmpp::Stanza& s) { service.handle(s, Instant::read()); });
    connection.on_online([&] { service.on_online(Instant::read()); });
    connection.on_stopping([&] { service.shutdown(); });

    spdlog::info("Switchboard {} starting for {} ({} workgroups)", SWITCHBOARD_VERSION,
                 cfg.server.domain, cfg.workgroups.size());
    const auto result = connection.run(g_stop, [&] { service.tick(Instant::read()); });
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
    if (argc == 3 && (std::string_view(argv[1]) == "--config" ||
                      std::string_view(argv[1]) == "--check-config")) {
        const bool check_only = std::string_view(argv[1]) == "--check-config";
        config::LoadResult loaded;
        const config::Config* cfg = load_or_report(argv[2], loaded);
        if (cfg == nullptr) {
            return kExitUsage;
        }
        if (check_only) {
            std::cout << argv[2] << ": configuration is valid\n";
            return kExitOk;
        }
        try {
            return run(*cfg);
        } catch (const std::exception& e) {
            std::cerr << "switchboard: " << e.what() << "\n";
            return kExitRefused;
        }
    }
    std::cerr << "switchboard: unrecognised arguments\n\n";
    print_help(std::cerr);
    return kExitUsage;
}
