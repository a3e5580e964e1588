#include "component/store.hpp"

#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <unordered_set>

#include "component/state_codec.hpp"
#include "component/store_internal.hpp"
#include "config/storage_path.hpp"
#include "routing/remap.hpp"

namespace component {
namespace {

constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS workgroups (
  name TEXT PRIMARY KEY, next_id INTEGER NOT NULL, day INTEGER NOT NULL,
  missed_today INTEGER NOT NULL, rotation_last INTEGER, estimated_wait_ms INTEGER NOT NULL,
  adaptive_queueing INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS agent_ids (
  workgroup TEXT NOT NULL, id INTEGER NOT NULL, jid TEXT NOT NULL, PRIMARY KEY (workgroup, id));
CREATE TABLE IF NOT EXISTS agents (
  workgroup TEXT NOT NULL, id INTEGER NOT NULL, state BLOB NOT NULL, PRIMARY KEY (workgroup, id));
CREATE TABLE IF NOT EXISTS conversations (
  workgroup TEXT NOT NULL, id INTEGER NOT NULL, state BLOB NOT NULL, addresses BLOB,
  PRIMARY KEY (workgroup, id));
CREATE TABLE IF NOT EXISTS sticky (
  workgroup TEXT NOT NULL, visitor TEXT NOT NULL, agent INTEGER NOT NULL,
  PRIMARY KEY (workgroup, visitor));
CREATE TABLE IF NOT EXISTS subscribers (
  workgroup TEXT NOT NULL, jid TEXT NOT NULL, PRIMARY KEY (workgroup, jid));
CREATE TABLE IF NOT EXISTS directed (
  workgroup TEXT NOT NULL, jid TEXT NOT NULL, PRIMARY KEY (workgroup, jid));
CREATE TABLE IF NOT EXISTS transcript_lines (
  workgroup TEXT NOT NULL, conversation INTEGER NOT NULL, at_ms INTEGER NOT NULL,
  sender TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS open_transcripts (
  workgroup TEXT NOT NULL, conversation INTEGER NOT NULL, first_line INTEGER NOT NULL,
  PRIMARY KEY (workgroup, conversation));
CREATE TABLE IF NOT EXISTS transcripts (
  workgroup TEXT NOT NULL, conversation INTEGER NOT NULL, visitor TEXT NOT NULL,
  agent TEXT, reason TEXT NOT NULL, missed INTEGER NOT NULL, closed_at_ms INTEGER NOT NULL,
  PRIMARY KEY (workgroup, conversation));
)";

// The same tables in PostgreSQL: kSchema with 64-bit integers and bytea, and the
// transcript's line numbers as a column of their own (SQLite's rowid), so that one SQL
// text serves both; the columns SQLite databases got later are there from the start.
std::string postgres_schema() {
    std::string out;
    const std::string_view from(kSchema);
    for (std::size_t i = 0; i < from.size();) {
        if (from.substr(i, 7) == "INTEGER") {
            out += "BIGINT";
            i += 7;
        } else if (from.substr(i, 4) == "BLOB") {
            out += "BYTEA";
            i += 4;
        } else {
            out += from[i++];
        }
    }
    const std::string lines = "CREATE TABLE IF NOT EXISTS transcript_lines (";
    out.insert(out.find(lines) + lines.size(), "\n  rowid BIGSERIAL PRIMARY KEY,");
    return out +
           "ALTER TABLE transcript_lines ADD COLUMN IF NOT EXISTS backlog BIGINT NOT NULL "
           "DEFAULT 0;\n"
           "CREATE INDEX IF NOT EXISTS backlog_lines ON transcript_lines (workgroup, "
           "conversation) WHERE backlog = 1;\n";
}

// An existing file of 0 bytes. SQLite takes it for a new database (and deletes a -wal
// file beside it), so a database truncated by accident would lose every stored chat.
bool is_empty_file(const std::string& path) {
    std::error_code error;
    return std::filesystem::is_regular_file(path, error) &&
           std::filesystem::file_size(path, error) == 0 && !error;
}

}  // namespace

Store::Store(const std::string& path) : path_(path) {
    if (config::names_a_file(path)) {
        if (is_empty_file(path)) {
            throw storage_error(path,
                                "file is empty (0 bytes): it may have been truncated; start "
                                "with --reset-state to begin with no stored state");
        }
        // A fresh install may not have the directory yet; SQLite reports what else fails.
        std::error_code ignored;
        std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ignored);
    }
    db_ = SqlDatabase::open_sqlite(path);
    set_up();
}

Store::Store(std::unique_ptr<SqlDatabase> database)
    : path_(database->name()), db_(std::move(database)) {
    set_up();
}

void Store::set_up() {
    if (postgres()) {
        exec(postgres_schema().c_str());
        return;
    }
    // WAL: readers never block the writer. NORMAL: a commit does not wait for the disk;
    // `sync` does, and Service sends a turn's stanzas only after it (the durability
    // promise), from another thread while the next turn is handled. In WAL mode with
    // NORMAL, SQLite itself syncs the log before each checkpoint and the database after.
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL");
    exec(kSchema);
    migrate_transcripts();
    migrate_workgroups();
    migrate_conversations();
}

bool Store::reset_if_empty(const std::string& path) {
    if (!config::names_a_file(path) || !is_empty_file(path)) {
        return false;
    }
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::error_code ignored;  // the -wal and -shm files may well be absent
        std::filesystem::remove(path + suffix, ignored);
    }
    return true;
}

Store::~Store() {
    try {
        commit();
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
    }
    db_.reset();
    if (wal_fd_ >= 0) {
        ::close(wal_fd_);
    }
}

void Store::exec(const char* sql) {
    db_->exec(sql);
}

Store::Statement& Store::prepare(const char* sql) {
    auto& statement = db_->prepare(sql);
    statement.reset();
    return statement;
}

void Store::begin() {
    if (!in_transaction_) {
        exec(postgres() ? "BEGIN" : "BEGIN IMMEDIATE");
        in_transaction_ = true;
    }
}

bool Store::commit() {
    if (!in_transaction_) {
        return false;
    }
    try {
        exec("COMMIT");
    } catch (...) {
        rollback();
        throw;
    }
    in_transaction_ = false;
    return true;
}

void Store::sync() {
    if (postgres() || !config::names_a_file(path_)) {
        return;  // in memory, or a PostgreSQL commit: nothing more to make durable
    }
    const std::string wal = path_ + "-wal";
    if (wal_fd_ >= 0) {
        // SQLite keeps its log while the database is open; should it ever make a new one,
        // the descriptor would sync a file nobody reads: open the new one.
        struct stat open_file {};
        struct stat named_file {};
        if (::fstat(wal_fd_, &open_file) != 0 || ::stat(wal.c_str(), &named_file) != 0 ||
            open_file.st_ino != named_file.st_ino || open_file.st_dev != named_file.st_dev) {
            ::close(wal_fd_);
            wal_fd_ = -1;
        }
    }
    if (wal_fd_ < 0) {
        // The log exists once anything was written; before that there is nothing to sync.
        wal_fd_ = ::open(wal.c_str(), O_RDONLY | O_CLOEXEC);
        if (wal_fd_ < 0) {
            if (errno == ENOENT) {
                return;
            }
            throw storage_error(path_, std::string("cannot open the log: ") + std::strerror(errno));
        }
    }
    if (::fdatasync(wal_fd_) != 0) {
        throw storage_error(path_, std::string("cannot sync the log: ") + std::strerror(errno));
    }
}

void Store::rollback() {
    if (in_transaction_) {
        try {
            exec("ROLLBACK");
        } catch (const std::exception&) {
            // SQLite may have rolled it back itself (a full disk): nothing is left open.
        }
    }
    in_transaction_ = false;
    lines_known_ = false;  // read again from what the database kept
}

std::optional<StoredWorkgroup> Store::load(const routing::WorkgroupSettings& settings) {
    const std::string& wg = settings.name;
    auto& header = prepare(
        "SELECT next_id, day, missed_today, rotation_last, estimated_wait_ms, adaptive_queueing "
        "FROM workgroups WHERE name = ?");
    header.text(wg);
    if (!header.row()) {
        return std::nullopt;
    }
    StoredWorkgroup out;
    routing::WorkgroupState& state = out.state;
    state.next_id = static_cast<routing::ConversationId>(header.col_int(0));
    state.day = header.col_int(1);
    state.missed_today = static_cast<std::uint32_t>(header.col_int(2));
    std::optional<std::int64_t> rotation;
    if (!header.col_null(3)) {
        rotation = header.col_int(3);
    }
    state.estimated_wait_ms = header.col_int(4);
    state.adaptive_queueing = header.col_int(5) != 0;
    header.reset();

    // The agents as they were stored (their JIDs by stored id); mapped onto today's
    // configuration through their JIDs once everything is read.
    std::vector<std::string> stored_jids;
    auto& ids = prepare("SELECT id, jid FROM agent_ids WHERE workgroup = ?");
    ids.text(wg);
    while (ids.row()) {
        const std::int64_t id = ids.col_int(0);
        if (id >= 0 && id < (std::int64_t{1} << 20)) {  // ids are indexes of an agent list
            if (static_cast<std::size_t>(id) >= stored_jids.size()) {
                stored_jids.resize(static_cast<std::size_t>(id) + 1);
            }
            stored_jids[static_cast<std::size_t>(id)] = ids.col_text(1);
        }
    }
    const auto stored_id = [&](std::int64_t id) -> std::optional<routing::AgentId> {
        return id >= 0 && static_cast<std::size_t>(id) < stored_jids.size()
                   ? std::optional(static_cast<routing::AgentId>(id))
                   : std::nullopt;
    };
    if (rotation) {
        state.rotation_last = stored_id(*rotation);
    }

    auto& agents = prepare("SELECT id, state FROM agents WHERE workgroup = ?");
    agents.text(wg);
    while (agents.row()) {
        auto agent = decode_agent(agents.col_blob(1));
        auto id = stored_id(agents.col_int(0));
        if (!agent || !id) {
            continue;
        }
        agent->id = *id;
        // Which resources are online is learned again from the server's answers to our
        // probes; the last known overall presence stays so a change is still a change.
        agent->resources.clear();
        state.agents.push_back(std::move(*agent));
    }

    auto& conversations = prepare("SELECT id, state FROM conversations WHERE workgroup = ?");
    conversations.text(wg);
    while (conversations.row()) {
        auto c = decode_conversation(conversations.col_blob(1));
        if (!c) {
            spdlog::error("{}: conversation {} in the state database is damaged; skipped", wg,
                          conversations.col_int(0));
            continue;
        }
        state.conversations.push_back(std::move(*c));
    }
    for (auto& c : state.conversations) {
        auto& lines = prepare(
            "SELECT at_ms, body FROM transcript_lines WHERE workgroup = ? AND conversation = ? "
            "AND backlog = 1 ORDER BY rowid");
        lines.text(wg).integer(static_cast<std::int64_t>(c.id));
        std::vector<routing::BacklogLine> backlog;
        while (lines.row()) {
            backlog.push_back(
                {routing::Time{std::chrono::milliseconds{lines.col_int(0)}}, lines.col_text(1)});
        }
        if (!backlog.empty()) {  // else: none kept, or a row of version 4 brought its own
            c.backlog = std::move(backlog);
        }
    }

    auto& sticky = prepare("SELECT visitor, agent FROM sticky WHERE workgroup = ?");
    sticky.text(wg);
    while (sticky.row()) {
        if (auto id = stored_id(sticky.col_int(1))) {
            state.last_agent_of.emplace_back(sticky.col_text(0), *id);
        }
    }
    routing::remap_agents(state, routing::agent_ids_by_jid(stored_jids, settings));

    auto& subs = prepare("SELECT jid FROM subscribers WHERE workgroup = ?");
    subs.text(wg);
    while (subs.row()) {
        out.subscribers.push_back(subs.col_text(0));
    }
    auto& directed = prepare("SELECT jid FROM directed WHERE workgroup = ?");
    directed.text(wg);
    while (directed.row()) {
        out.directed.push_back(directed.col_text(0));
    }
    load_addresses(wg, out);
    return out;
}

void Store::save_all(const routing::WorkgroupSettings& settings,
                     const routing::WorkgroupState& state,
                     const std::vector<std::string>& subscribers,
                     const std::vector<std::string>& directed) {
    begin();
    const std::string& wg = settings.name;
    // Conversations are rewritten in place below (their addresses stay); the ones gone go.
    std::unordered_set<std::int64_t> open;
    for (const auto& c : state.conversations) {
        open.insert(static_cast<std::int64_t>(c.id));
    }
    std::vector<std::int64_t> gone;
    auto& stored = prepare("SELECT id FROM conversations WHERE workgroup = ?");
    stored.text(wg);
    while (stored.row()) {
        if (open.count(stored.col_int(0)) == 0) {
            gone.push_back(stored.col_int(0));
        }
    }
    for (const std::int64_t id : gone) {
        prepare("DELETE FROM conversations WHERE workgroup = ? AND id = ?")
            .text(wg)
            .integer(id)
            .run();
    }
    for (const char* sql :
         {"DELETE FROM agent_ids WHERE workgroup = ?", "DELETE FROM agents WHERE workgroup = ?",
          "DELETE FROM sticky WHERE workgroup = ?", "DELETE FROM subscribers WHERE workgroup = ?",
          "DELETE FROM directed WHERE workgroup = ?"}) {
        prepare(sql).text(wg).run();
    }
    for (routing::AgentId i = 0; i < settings.agents.size(); ++i) {
        prepare("INSERT INTO agent_ids (workgroup, id, jid) VALUES (?, ?, ?)")
            .text(wg)
            .integer(i)
            .text(settings.agents[i].jid)
            .run();
    }
    save_header(wg, state);
    for (const auto& agent : state.agents) {
        save_agent(wg, agent);
    }
    for (const auto& c : state.conversations) {
        save_conversation(wg, c);
        if (!c.backlog.empty() && !has_backlog_rows(wg, c.id)) {
            // A snapshot that never went through the rows (a row of version 4, a test).
            for (const auto& line : c.backlog) {
                append_line(wg, c.id, line.at, c.visitor, line.body, true);
            }
        }
    }
    for (const auto& [visitor, agent] : state.last_agent_of) {
        save_sticky(wg, visitor, agent);
    }
    for (const auto& jid : subscribers) {
        save_subscriber(wg, jid, true);
    }
    for (const auto& jid : directed) {
        save_directed(wg, jid, true);
    }
}

void Store::save_directed(const std::string& workgroup, const std::string& jid, bool present) {
    begin();
    if (present) {
        prepare("INSERT INTO directed (workgroup, jid) VALUES (?, ?) ON CONFLICT DO NOTHING")
            .text(workgroup)
            .text(jid)
            .run();
    } else {
        prepare("DELETE FROM directed WHERE workgroup = ? AND jid = ?")
            .text(workgroup)
            .text(jid)
            .run();
    }
}

void Store::migrate_workgroups() {
    // Since issue 15 a workgroup remembers whether its adaptive mode behaves as queue.
    bool present = false;
    auto& columns = prepare("PRAGMA table_info(workgroups)");
    while (columns.row()) {
        present = present || columns.col_text(1) == "adaptive_queueing";
    }
    if (!present) {
        exec("ALTER TABLE workgroups ADD COLUMN adaptive_queueing INTEGER NOT NULL DEFAULT 0");
    }
}

void Store::save_header(const std::string& workgroup, const routing::WorkgroupState& header) {
    begin();
    auto& s = prepare(
        "INSERT INTO workgroups (name, next_id, day, missed_today, rotation_last, "
        "estimated_wait_ms, adaptive_queueing) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) "
        "DO UPDATE SET next_id = excluded.next_id, day = excluded.day, "
        "missed_today = excluded.missed_today, rotation_last = excluded.rotation_last, "
        "estimated_wait_ms = excluded.estimated_wait_ms, "
        "adaptive_queueing = excluded.adaptive_queueing");
    s.text(workgroup)
        .integer(static_cast<std::int64_t>(header.next_id))
        .integer(header.day)
        .integer(header.missed_today);
    if (header.rotation_last) {
        s.integer(*header.rotation_last);
    } else {
        s.null();
    }
    s.integer(header.estimated_wait_ms).integer(header.adaptive_queueing ? 1 : 0).run();
}

void Store::save_conversation(const std::string& workgroup, const routing::Conversation& c) {
    begin();
    // An upsert, not a replace: the row's addresses stay.
    prepare(
        "INSERT INTO conversations (workgroup, id, state) VALUES (?, ?, ?) "
        "ON CONFLICT (workgroup, id) DO UPDATE SET state = excluded.state")
        .text(workgroup)
        .integer(static_cast<std::int64_t>(c.id))
        .blob(encode(c))
        .run();
}

void Store::forget_conversation(const std::string& workgroup, routing::ConversationId id) {
    begin();
    prepare("DELETE FROM conversations WHERE workgroup = ? AND id = ?")
        .text(workgroup)
        .integer(static_cast<std::int64_t>(id))
        .run();
    forget_lines(workgroup, id);
}

void Store::save_agent(const std::string& workgroup, const routing::AgentStatus& agent) {
    begin();
    prepare(
        "INSERT INTO agents (workgroup, id, state) VALUES (?, ?, ?) "
        "ON CONFLICT (workgroup, id) DO UPDATE SET state = excluded.state")
        .text(workgroup)
        .integer(agent.id)
        .blob(encode(agent))
        .run();
}

void Store::save_sticky(const std::string& workgroup, const std::string& visitor,
                        routing::AgentId agent) {
    begin();
    prepare(
        "INSERT INTO sticky (workgroup, visitor, agent) VALUES (?, ?, ?) "
        "ON CONFLICT (workgroup, visitor) DO UPDATE SET agent = excluded.agent")
        .text(workgroup)
        .text(visitor)
        .integer(agent)
        .run();
}

void Store::save_subscriber(const std::string& workgroup, const std::string& jid, bool subscribed) {
    begin();
    if (subscribed) {
        prepare("INSERT INTO subscribers (workgroup, jid) VALUES (?, ?) ON CONFLICT DO NOTHING")
            .text(workgroup)
            .text(jid)
            .run();
    } else {
        prepare("DELETE FROM subscribers WHERE workgroup = ? AND jid = ?")
            .text(workgroup)
            .text(jid)
            .run();
    }
}

void Store::pretend_full(bool full) {
    if (postgres()) {
        throw storage_error(path_, "pretend_full is for SQLite (tests play a full disk with it)");
    }
    std::int64_t pages = 1073741823;  // SQLite's largest max_page_count
    if (full) {
        auto& s = prepare("PRAGMA page_count");
        pages = s.row() ? s.col_int(0) : 1;
        s.run();
    }
    exec(("PRAGMA max_page_count = " + std::to_string(pages)).c_str());
}

}  // namespace component
