#pragma once
// The operator's TOML file, read once into one typed, validated struct (PRODUCT.md,
// "Configuration"). Nothing else in Switchboard reads the file or looks keys up by name.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "routing/settings.hpp"

namespace config {

/// One place a server's component port listens: a host name or address, and a port.
struct Endpoint {
    std::string host;
    std::uint16_t port = 0;
    bool operator==(const Endpoint&) const = default;
};

/// Where the component's XMPP server listens and who the component is.
struct Server {
    std::string host = "127.0.0.1";
    std::uint16_t port = 5347;
    /// Where to connect, in order of preference: `hosts` (a cluster's nodes), or else
    /// `host` and `port` alone. Never empty once loaded.
    std::vector<Endpoint> nodes;
    std::string domain;
    /// The component secret, already resolved from `secret`, `secret_file` or `secret_env`.
    /// Never log it.
    std::string secret;
    /// Upper bound of the reconnection backoff (`reconnect_max`, default "30s").
    routing::Duration reconnect_max = std::chrono::seconds{30};
};

/// Where durable state lives (`[storage]`): a SQLite file (`path`), or PostgreSQL (`url`),
/// shared by an active process and its standbys.
struct Storage {
    std::string path = "/var/lib/switchboard/state.db";
    /// PostgreSQL: a URL ("postgresql://switchboard@db.example.com/switchboard") or a libpq
    /// connection string, without a password; empty: `path`.
    std::string url;
    /// From `password_file` or `password_env`; never logged.
    std::string password;
    /// How soon a standby takes over when the active process is gone (`failover`).
    routing::Duration failover = std::chrono::seconds{5};
};

/// `[log]`: one of trace, debug, info, warn, error.
struct Log {
    std::string level = "info";
};

/// `[limits]`: protection against visitors who flood the desk.
struct Limits {
    /// Messages a visitor may send per second, sustained (token bucket rate).
    int messages_per_second = 5;
    /// Messages a visitor may send at once before the rate applies.
    int burst = 20;
    /// Open chats one visitor (bare JID) may have across all workgroups.
    int conversations_per_visitor = 3;
};

/// `[metrics]`: Prometheus /metrics over HTTP; off (empty `listen`) when the table is absent.
struct Metrics {
    /// "HOST:PORT" ("127.0.0.1:9464", "[::1]:9464"); the host is a name or an address.
    std::string listen;
};

/// The whole validated file.
struct Config {
    std::string timezone = "UTC";
    Server server;
    Storage storage;
    Log log;
    Limits limits;
    Metrics metrics;
    std::vector<routing::WorkgroupSettings> workgroups;  ///< in the order of the file
};

/// One problem in the file, with where it is.
struct Error {
    std::string file;
    int line = 0;     ///< 1-based; 0 when the problem has no single place (a missing key)
    std::string key;  ///< dotted path, e.g. "workgroups.support.agents[1].jid"
    std::string message;
    bool syntax = false;  ///< the file is not valid TOML (the message is the parser's)
};

/// "FILE:LINE: KEY: MESSAGE" — the single line shown to the operator.
std::string to_string(const Error& error);

/// Either a valid configuration or every problem found (never just the first).
using LoadResult = std::variant<Config, std::vector<Error>>;

/// What `load_file` looks at besides the file itself.
enum class StorageCheck {
    /// storage.path is examined: what is there, whether it can be written, its header.
    examine,
    /// storage.path is taken as written. For a process whose database is open (a reload):
    /// opening the file again, even only to read its header, and closing it would drop
    /// every POSIX lock the process holds on it, SQLite's included (the pitfall SQLite
    /// documents for POSIX advisory locks), and another process, e.g. `sqlite3 .backup`,
    /// could then checkpoint and delete the WAL this one is still writing to. Also for
    /// `simulate`, which never opens the store.
    trust,
};

/// Reads and validates the TOML file at `path`.
LoadResult load_file(const std::filesystem::path& path,
                     StorageCheck storage = StorageCheck::examine);

/// Reads and validates TOML text; `source_name` names it in errors.
LoadResult load_string(std::string_view text, const std::string& source_name);

}  // namespace config
