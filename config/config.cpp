#include "config/config.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/redact.hpp"
#include "config/storage_path.hpp"
#include "config/table_reader.hpp"
#include "config/values.hpp"
#include "config/workgroups.hpp"

namespace config {

namespace {

// Relative paths in the file are relative to the file's own directory, so the file can be
// moved together with what it refers to, whatever the working directory is.
std::string resolve(const std::filesystem::path& base, const std::string& path) {
    const std::filesystem::path p(path);
    if (p.is_relative() && !base.empty()) {
        return (base / p).lexically_normal().string();
    }
    return path;
}

constexpr std::size_t kMaxSecretFile = 4096;
constexpr std::size_t kMaxConfigFile = 16 * 1024 * 1024;

// The whole content of the file at `path` (at most `limit` bytes), or nullopt and `why`.
// The limit keeps a mistake like secret_file = "/dev/zero" from eating all memory.
std::optional<std::string> read_whole_file(const std::filesystem::path& path, std::string& why,
                                           std::size_t limit) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
        why = "is a directory";
        return std::nullopt;
    }
    // A FIFO or a device would block or never end: regular files only.
    if (std::filesystem::exists(path, error) && !std::filesystem::is_regular_file(path, error)) {
        why = "is not a regular file";
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        why = std::strerror(errno);
        return std::nullopt;
    }
    std::string text;
    char chunk[4096];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
        text.append(chunk, static_cast<std::size_t>(in.gcount()));
        if (text.size() > limit) {
            why = "larger than " + std::to_string(limit) + " bytes";
            return std::nullopt;
        }
    }
    if (in.bad()) {
        why = "read error";
        return std::nullopt;
    }
    return text;
}

// Collects the string value of every key named "secret" anywhere in `table`: in a
// misspelled table ([sever]) it is still the operator's secret.
void collect_secrets(const toml::table& table, std::vector<std::string>& secrets) {
    for (const auto& [key, node] : table) {
        if (const auto* value = node.as_string(); value != nullptr && key.str() == "secret") {
            secrets.push_back(value->get());
        } else if (const auto* child = node.as_table()) {
            collect_secrets(*child, secrets);
        } else if (const auto* array = node.as_array()) {
            for (const auto& element : *array) {
                if (const auto* t = element.as_table()) {
                    collect_secrets(*t, secrets);
                }
            }
        }
    }
}

// The values written after `secret =` (or `"secret" =`, `server.secret =`) on any line of
// the raw text, read without a parser: a file that does not parse has no tree to collect
// them from, and the parser's own words may happen to contain one.
std::vector<std::string> secrets_written_in(std::string_view text) {
    std::vector<std::string> secrets;
    for (std::size_t start = 0; start < text.size();) {
        const auto end = std::min(text.find('\n', start), text.size());
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        const auto equals = line.find('=');
        if (equals == std::string_view::npos) {
            continue;
        }
        std::string_view key = line.substr(0, equals);
        while (!key.empty() && (key.back() == ' ' || key.back() == '\t' || key.back() == '"' ||
                                key.back() == '\'')) {
            key.remove_suffix(1);
        }
        if (key.size() < 6 || key.substr(key.size() - 6) != "secret") {
            continue;
        }
        std::string_view value = line.substr(equals + 1);
        value.remove_prefix(std::min(value.find_first_not_of(" \t"), value.size()));
        if (!value.empty() && (value.front() == '"' || value.front() == '\'')) {
            // "...", '...', or the first line of """...""" and '''...'''.
            const std::string_view quote =
                value.substr(0, value.find_first_not_of(value.front()) == 3 ? 3 : 1);
            value.remove_prefix(quote.size());
            value = value.substr(0, value.find(quote));
        } else {
            value = value.substr(0, value.find('#'));
        }
        while (!value.empty() &&
               (value.back() == ' ' || value.back() == '\t' || value.back() == '\r')) {
            value.remove_suffix(1);
        }
        if (!value.empty()) {
            secrets.emplace_back(value);
        }
    }
    return secrets;
}

// Fills `out` from exactly one of secret, secret_file, secret_env. No message here may
// contain the secret itself.
// A secret kept outside the file: `value` names an environment variable (`from_env`) or a
// file (its content, trailing white space dropped). Problems are reported on key `name`.
void read_secret_from(TableReader& reader, const std::filesystem::path& base, std::string_view name,
                      const std::string& value, bool from_env, std::string& out) {
    if (from_env) {
        const char* env = std::getenv(value.c_str());
        if (env == nullptr) {
            reader.invalid(name, "environment variable " + quote_input(value) + " is not set");
        } else if (*env == '\0') {
            reader.invalid(name, "environment variable " + quote_input(value) + " is empty");
        } else {
            out = env;
        }
        return;
    }
    const std::string path = resolve(base, value);
    std::string why;
    auto text = read_whole_file(path, why, kMaxSecretFile);
    if (!text) {
        reader.invalid(name, "cannot read " + quote_input(path) + ": " + why);
        return;
    }
    while (!text->empty() && std::isspace(static_cast<unsigned char>(text->back()))) {
        text->pop_back();
    }
    if (text->empty()) {
        reader.invalid(name, quote_input(path) + " is empty");
        return;
    }
    out = std::move(*text);
}

void read_secret(TableReader& server, const std::filesystem::path& base, std::string& out) {
    static constexpr std::array<std::string_view, 3> names{"secret", "secret_file", "secret_env"};
    std::vector<std::pair<int, std::string_view>> given;  // (line, key)
    for (const auto name : names) {
        if (const toml::node* node = server.find(name)) {
            given.emplace_back(line_of(*node), name);
        }
    }
    if (given.empty()) {
        server.missing("secret", "missing: set one of secret, secret_file or secret_env");
        return;
    }
    if (given.size() > 1) {
        std::sort(given.begin(), given.end());
        for (std::size_t i = 1; i < given.size(); ++i) {
            server.invalid(given[i].second,
                           "give only one of secret, secret_file and secret_env (" +
                               std::string(given[0].second) + " is already set)");
        }
        return;
    }
    const std::string_view name = given.front().second;
    const auto value = server.string(name);
    if (!value) {
        return;
    }
    if (value->empty()) {
        server.invalid(name, "must not be empty");
        return;
    }
    if (name == "secret") {
        out = *value;
    } else {
        read_secret_from(server, base, name, *value, name == "secret_env", out);
    }
}

// True when a PostgreSQL URL or connection string carries a password of its own.
bool names_a_password(std::string_view url) {
    if (url.find("password=") != std::string_view::npos) {
        return true;
    }
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) {
        return false;
    }
    const auto rest = url.substr(scheme + 3);
    const auto at = rest.find('@');
    return at != std::string_view::npos && rest.substr(0, at).find(':') != std::string_view::npos;
}

void read_storage(TableReader& reader, const std::filesystem::path& base, StorageCheck check,
                  Storage& storage) {
    if (const auto url = reader.non_empty_string("url")) {
        const bool is_url =
            url->rfind("postgresql://", 0) == 0 || url->rfind("postgres://", 0) == 0;
        if (reader.find("path") != nullptr) {
            reader.invalid("url",
                           "url keeps the state in PostgreSQL instead of path: set one or the "
                           "other, not both");
        } else if (!is_url && url->find('=') == std::string::npos) {
            reader.invalid("url",
                           "is not a PostgreSQL URL (\"postgresql://USER@HOST/DATABASE\") "
                           "nor a connection string (\"host=... dbname=...\")");
        } else if (names_a_password(*url)) {
            // Not quoted: it holds the password.
            reader.invalid("url",
                           "holds a password; give it in password_file or password_env instead, "
                           "so that it never shows where the URL does");
        } else {
            storage.url = *url;
        }
    } else if (const auto path = reader.non_empty_string("path")) {
        const bool special = !names_a_file(*path);
        storage.path = special ? *path : resolve(base, *path);
        if (const auto problem = special || check == StorageCheck::trust
                                     ? std::nullopt
                                     : storage_path_problem(storage.path)) {
            reader.invalid("path", *problem);
        }
    }
    const bool postgres = reader.find("url") != nullptr;
    for (const std::string_view name : {"password_file", "password_env", "failover"}) {
        if (!postgres && reader.find(name) != nullptr) {
            reader.invalid(name, std::string(name) +
                                     " goes with url (PostgreSQL); the SQLite file "
                                     "of path needs none");
        }
    }
    if (!postgres) {
        return;
    }
    if (reader.find("password_file") != nullptr && reader.find("password_env") != nullptr) {
        reader.invalid("password_env", "give only one of password_file and password_env");
    } else {
        for (const std::string_view name : {"password_file", "password_env"}) {
            if (const auto value = reader.non_empty_string(name)) {
                read_secret_from(reader, base, name, *value, name == "password_env",
                                 storage.password);
            }
        }
    }
    if (const auto failover = reader.duration("failover")) {
        if (failover->count() == 0) {
            reader.invalid("failover", "must be more than \"0s\"");
        } else {
            storage.failover = *failover;
        }
    }
}

void read_server(TableReader& reader, const std::filesystem::path& base, Server& server) {
    if (const auto host = reader.non_empty_string("host")) {
        if (host->find_first_of(" \t\r\n") != std::string::npos) {
            reader.invalid("host", quote_input(*host) + " is not a host name or address");
        } else {
            server.host = *host;
        }
    }
    if (const auto port = reader.integer("port", 1, 65535)) {
        server.port = static_cast<std::uint16_t>(*port);
    }
    // `hosts`: a cluster's nodes, instead of `host` and `port`.
    if (reader.find("hosts") != nullptr) {
        if (reader.find("host") != nullptr || reader.find("port") != nullptr) {
            reader.invalid("hosts",
                           "hosts lists the nodes instead of host and port: set one or the "
                           "other, not both");
        } else if (const auto list = reader.string_list("hosts")) {
            if (list->empty()) {
                reader.invalid("hosts",
                               "lists no node; give at least one, e.g. hosts = "
                               "[\"node1.example.com:5347\"]");
            }
            for (const auto& item : *list) {
                const auto parsed = parse_host_port(item.value);
                if (!parsed.value) {
                    reader.problems().add(item.line, item.key, parsed.error);
                    continue;
                }
                const Endpoint node{parsed.value->host, parsed.value->port};
                if (std::find(server.nodes.begin(), server.nodes.end(), node) !=
                    server.nodes.end()) {
                    reader.problems().add(item.line, item.key,
                                          quote_input(item.value) + " is listed twice");
                    continue;
                }
                server.nodes.push_back(node);
            }
        }
    }
    if (server.nodes.empty()) {
        server.nodes.push_back(Endpoint{server.host, server.port});
    }
    if (const auto domain = reader.string("domain")) {
        const auto parsed = parse_domain(*domain);
        if (parsed.value) {
            server.domain = *parsed.value;
        } else {
            reader.invalid("domain", parsed.error);
        }
    } else if (reader.find("domain") == nullptr) {
        reader.missing("domain",
                       "missing: the component's domain, e.g. domain = "
                       "\"desk.example.com\"");
    }
    read_secret(reader, base, server.secret);
    if (const auto cap = reader.duration("reconnect_max")) {
        if (cap->count() == 0) {
            reader.invalid("reconnect_max", "must be more than \"0s\"");
        } else {
            server.reconnect_max = *cap;
        }
    }
    reader.report_unknown_keys();
}

// A syntax error from tomlplusplus as an Error, reworded where the parser's words are
// unclear, and never quoting a line that sets a secret.
Error syntax_error(const toml::parse_error& error, std::string_view text, const std::string& file) {
    const int line = static_cast<int>(error.source().begin.line);
    Error out{file, line, "", std::string(error.description()), true};

    // The lines around the error: a broken string may be reported a line later.
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start <= text.size();) {
        const auto end = std::min(text.find('\n', start), text.size());
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    for (int n = line - 1; n <= line; ++n) {
        if (n < 1 || n > static_cast<int>(lines.size())) {
            continue;
        }
        std::string_view l = lines[static_cast<std::size_t>(n - 1)];
        l.remove_prefix(std::min(l.find_first_not_of(" \t\"'"), l.size()));
        if (l.rfind("secret", 0) == 0) {
            out.message =
                "TOML syntax error near a secret (details hidden so the secret is not "
                "shown); check the quotes of that value";
            return out;
        }
    }

    // "cannot redefine existing table 'workgroups.NAME'": the same workgroup twice.
    const std::string_view prefix = "cannot redefine existing table 'workgroups.";
    const std::string_view description = error.description();
    if (const auto at = description.find(prefix); at != std::string_view::npos) {
        const auto name_start = at + prefix.size();
        const auto name_end = description.find('\'', name_start);
        const std::string_view name = description.substr(name_start, name_end - name_start);
        if (name_end != std::string_view::npos && name.find('.') == std::string_view::npos) {
            out.key = join_key("workgroups", name);
            out.message = "workgroup \"" + std::string(name) +
                          "\" is defined twice (each [workgroups.NAME] table may appear only "
                          "once; merge the two)";
        }
    }
    return out;
}

// The first line with more dots outside strings than any real file needs, or 0.
// tomlplusplus recurses once per part of a dotted key (a.b.c..., in a key, a table
// header or an inline table): tens of thousands of parts overflow the stack.
int line_with_too_deep_key(std::string_view text) {
    constexpr int kMostDots = 256;
    int line = 1;
    int dots = 0;
    char quote = 0;  // inside a string: its quote character (strings may span lines)
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (ch == '\n') {
            ++line;
            dots = 0;
        } else if (quote != 0) {
            if (ch == '\\' && quote == '"') {
                ++i;  // an escaped character, perhaps a quote
            } else if (ch == quote) {
                quote = 0;
            }
        } else if (ch == '"' || ch == '\'') {
            quote = ch;
        } else if (ch == '#') {
            while (i + 1 < text.size() && text[i + 1] != '\n') {
                ++i;  // a comment: to the end of the line
            }
        } else if (ch == '.' && ++dots > kMostDots) {
            return line;
        }
    }
    return 0;
}

// Reads and validates; every secret it meets (written in the file, or read from a file
// or the environment) is added to `secrets` so that `load` can keep it out of errors.
LoadResult load_unredacted(std::string_view text, const std::string& file,
                           const std::filesystem::path& base, std::vector<std::string>& secrets,
                           StorageCheck check) {
    if (const int line = line_with_too_deep_key(text)) {
        return std::vector<Error>{Error{
            file, line, "", "a key with more than 256 dotted parts; no setting is that deep"}};
    }
    toml::table root;
    try {
        root = toml::parse(text, std::string_view(file));
    } catch (const toml::parse_error& error) {
        return std::vector<Error>{syntax_error(error, text, file)};
    }

    Problems problems(file);
    Config config;
    TableReader reader(root, "", problems);

    if (const auto timezone = reader.string("timezone")) {
        const auto parsed = parse_timezone(*timezone);
        if (parsed.value) {
            config.timezone = *parsed.value;
        } else {
            reader.invalid("timezone", parsed.error);
        }
    }
    if (const auto* server = reader.table("server")) {
        TableReader server_reader(*server, "server", problems);
        read_server(server_reader, base, config.server);
    } else if (reader.find("server") == nullptr) {
        problems.add(0, "server",
                     "missing: add a [server] table with domain and one of secret, "
                     "secret_file or secret_env");
    }
    if (const auto* storage = reader.table("storage")) {
        TableReader storage_reader(*storage, "storage", problems);
        read_storage(storage_reader, base, check, config.storage);
        if (!config.storage.password.empty()) {
            secrets.push_back(config.storage.password);
        }
        storage_reader.report_unknown_keys();
    }
    if (const auto* metrics = reader.table("metrics")) {
        TableReader metrics_reader(*metrics, "metrics", problems);
        if (const auto listen = metrics_reader.string("listen")) {
            const auto parsed = parse_listen(*listen);
            if (parsed.value) {
                config.metrics.listen = *parsed.value;
            } else {
                metrics_reader.invalid("listen", parsed.error);
            }
        } else if (metrics_reader.find("listen") == nullptr) {
            problems.add(line_of(*metrics), "metrics.listen",
                         "missing: where /metrics is served, e.g. listen = \"127.0.0.1:9464\" "
                         "(leave out [metrics] to serve no metrics)");
        }
        metrics_reader.report_unknown_keys();
    }
    if (const auto* log = reader.table("log")) {
        TableReader log_reader(*log, "log", problems);
        static const std::vector<std::string_view> levels{"trace", "debug", "info", "warn",
                                                          "error"};
        if (const auto level = log_reader.choice("level", levels)) {
            config.log.level = std::string(levels[*level]);
        }
        log_reader.report_unknown_keys();
    }
    if (const auto* limits = reader.table("limits")) {
        TableReader limits_reader(*limits, "limits", problems);
        if (const auto v = limits_reader.integer("messages_per_second", 1, 10000)) {
            config.limits.messages_per_second = static_cast<int>(*v);
        }
        if (const auto v = limits_reader.integer("burst", 1, 100000)) {
            config.limits.burst = static_cast<int>(*v);
        }
        if (const auto v = limits_reader.integer("conversations_per_visitor", 1, 1000)) {
            config.limits.conversations_per_visitor = static_cast<int>(*v);
        }
        limits_reader.report_unknown_keys();
    }
    const auto* workgroups = reader.table("workgroups");
    if (workgroups != nullptr) {
        config.workgroups = read_workgroups(*workgroups, config.server.domain, problems);
    }
    if (reader.find("workgroups") == nullptr || (workgroups != nullptr && workgroups->empty())) {
        problems.add(workgroups != nullptr ? line_of(*workgroups) : 0, "workgroups",
                     "missing: add at least one workgroup, e.g. [workgroups.support]");
    }
    reader.report_unknown_keys();

    if (!problems.empty()) {
        // A secret pasted into another key (say, domain) would be quoted by its message.
        secrets.push_back(config.server.secret);
        collect_secrets(root, secrets);
        return problems.take();
    }
    return config;
}

// The one way errors leave the loader: whatever produced them (the TOML parser, a
// check of a value, a file that cannot be read), no secret is quoted.
LoadResult load(std::string_view text, const std::string& file, const std::filesystem::path& base,
                StorageCheck storage = StorageCheck::examine) {
    std::vector<std::string> secrets = secrets_written_in(text);
    auto result = load_unredacted(text, file, base, secrets, storage);
    if (auto* errors = std::get_if<std::vector<Error>>(&result)) {
        redact(*errors, secrets);
    }
    return result;
}

}  // namespace

std::string to_string(const Error& error) {
    std::string out = error.file;
    if (error.line > 0) {
        out += ":" + std::to_string(error.line);
    }
    if (!out.empty()) {
        out += ": ";
    }
    if (!error.key.empty()) {
        out += error.key + ": ";
    }
    return out + error.message;
}

LoadResult load_file(const std::filesystem::path& path, StorageCheck storage) {
    std::string why;
    const auto text = read_whole_file(path, why, kMaxConfigFile);
    if (!text) {
        return std::vector<Error>{Error{path.string(), 0, "", "cannot read the file: " + why}};
    }
    return load(*text, path.string(), path.parent_path(), storage);
}

LoadResult load_string(std::string_view text, const std::string& source_name) {
    return load(text, source_name, {});
}

}  // namespace config
