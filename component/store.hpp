#pragma once
// Durable state in SQLite (WAL): open conversations with their backlog and queue order,
// agents' state, sticky memory, presence subscribers, and closed conversations as
// transcripts. Writes of one event-loop turn go into one transaction, committed before
// any stanza announcing them is sent.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "component/database.hpp"
#include "component/state_codec.hpp"
#include "routing/workgroup.hpp"

namespace component {

/// What was stored for one workgroup, with agents named by JID (ids are re-derived from
/// the configuration at load, so a reordered or edited agent list stays consistent).
struct StoredWorkgroup {
    routing::WorkgroupState state;  ///< agent ids already mapped to the current config
    std::vector<std::string> subscribers;
    std::vector<std::string> directed;  ///< full JIDs that sent directed presence
    /// The open conversations' addresses, where any were kept (store_addresses.cpp).
    std::map<routing::ConversationId, ChatAddresses> addresses;
};

/// One line of a conversation's transcript.
struct TranscriptLine {
    routing::Time at;
    std::string sender;  ///< the bare JID of who said it (the visitor or an agent)
    std::string body;
};

/// A bounded part of a transcript: the latest lines (and the first, when it fits), with
/// `left_out` lines before `lines[gap_at]` not included.
struct TranscriptExcerpt {
    std::vector<TranscriptLine> lines;  ///< oldest first
    std::size_t left_out = 0;
    std::size_t gap_at = 0;
};

/// The SQLite database behind Switchboard.
class Store {
  public:
    /// Opens (creating if needed) the database at `path`; ":memory:" for tests.
    /// Throws std::runtime_error with a readable message naming `path` when it cannot,
    /// and when the file exists but is empty (0 bytes): it may have been truncated, and
    /// SQLite would start on it with no stored state (see reset_if_empty).
    explicit Store(const std::string& path);
    /// The store on an open database of either engine (PostgreSQL: `[storage] url`); its
    /// tables are made if missing.
    explicit Store(std::unique_ptr<SqlDatabase> database);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    /// `--reset-state`: when `path` is an existing empty (0-byte) file, removes it and any
    /// -wal and -shm file beside it, so that the next Store begins a new database with no
    /// stored state; true when it did. A database with content is never touched.
    static bool reset_if_empty(const std::string& path);

    /// Everything stored for `settings.name`, mapped onto the configured agents; nullopt
    /// when nothing was stored yet.
    std::optional<StoredWorkgroup> load(const routing::WorkgroupSettings& settings);

    // Writes: each opens the turn's transaction if needed.

    /// Rewrites everything stored for the workgroup from a full snapshot, with agent ids
    /// of the current configuration (at start, after `load`).
    void save_all(const routing::WorkgroupSettings& settings, const routing::WorkgroupState& state,
                  const std::vector<std::string>& subscribers,
                  const std::vector<std::string>& directed);
    /// The workgroup's counters (next id, day, missed today, rotation, estimated wait).
    void save_header(const std::string& workgroup, const routing::WorkgroupState& header);
    void save_conversation(const std::string& workgroup, const routing::Conversation& c);
    void forget_conversation(const std::string& workgroup, routing::ConversationId id);
    /// The addresses of open conversation `id` (saved with it: after `save_conversation`).
    void save_addresses(const std::string& workgroup, routing::ConversationId id,
                        const ChatAddresses& addresses);
    void save_agent(const std::string& workgroup, const routing::AgentStatus& agent);
    void save_sticky(const std::string& workgroup, const std::string& visitor,
                     routing::AgentId agent);
    void save_subscriber(const std::string& workgroup, const std::string& jid, bool subscribed);
    /// A full JID that sent directed presence (`present`) or left (`!present`).
    void save_directed(const std::string& workgroup, const std::string& jid, bool present);
    /// One line of a conversation's transcript; with `backlog`, it is also one of the lines
    /// kept for the agent who gets the chat (`load` puts those back into the backlog).
    void append_line(const std::string& workgroup, routing::ConversationId id, routing::Time at,
                     const std::string& sender, std::string_view body, bool backlog = false);
    /// The conversation's backlog was handed over (or the chat closed): its lines stay in
    /// the transcript and are no longer its backlog.
    void release_backlog(const std::string& workgroup, routing::ConversationId id);
    /// The conversation ended: record how, for the transcript.
    void close_transcript(const std::string& workgroup, const routing::Closed& closed,
                          const std::string& agent_jid, routing::Time at);

    /// Commits the turn's transaction, if one is open (true then); not yet durable: see
    /// `sync`. Throws on failure, after rolling the transaction back.
    bool commit();
    /// Makes every commit so far durable (fdatasync of the write-ahead log). May run on
    /// another thread than the other calls. Throws when it fails.
    void sync();
    /// Abandons the turn's transaction, if one is open.
    void rollback();

    /// A conversation's transcript, both sides, as a hand-over gives it: at most
    /// `max_lines` lines of at most `max_bytes` of text in all (but always the latest).
    TranscriptExcerpt transcript_excerpt(const std::string& workgroup, routing::ConversationId id,
                                         std::size_t max_lines, std::size_t max_bytes);
    /// With `full`, the database may grow no more, as on a full disk (tests play the
    /// disk-full case with it); without, it grows as the disk allows.
    void pretend_full(bool full);
    /// The connection under the store (the active lock lives in its session).
    SqlDatabase& database() { return *db_; }
    /// Bytes of the values handed to the database since the store opened (tests, metrics).
    std::uint64_t bytes_written() const { return db_->bytes_written(); }

    /// Transcript lines of a conversation as "sender: body" (tests, tools).
    std::vector<std::string> transcript(const std::string& workgroup, routing::ConversationId id);

  private:
    using Statement = SqlStatement;
    bool postgres() const { return db_->engine() == SqlDatabase::Engine::postgres; }
    /// Makes the tables (and brings an older SQLite database up to date).
    void set_up();
    void exec(const char* sql);
    /// Brings a database of an older version up to today's schema.
    /// Brings an older database's transcript tables up to date (store_transcripts.cpp).
    void migrate_transcripts();
    void migrate_workgroups();
    /// Gives a database from before conversations kept their addresses the column, and
    /// its open conversations the names their rooms had then (store_addresses.cpp).
    void migrate_conversations();
    /// The addresses kept for the workgroup's open conversations, into `out`.
    void load_addresses(const std::string& workgroup, StoredWorkgroup& out);
    bool has_backlog_rows(const std::string& workgroup, routing::ConversationId id);
    /// Makes `lines_` what the database holds (after opening, and after a rollback).
    void know_lines();
    /// A conversation's lines are no longer looked up (it closed or went).
    void forget_lines(const std::string& workgroup, routing::ConversationId id);
    void begin();
    Statement& prepare(const char* sql);

    std::string path_;  ///< as given (a URL without its password), named in every error
    std::unique_ptr<SqlDatabase> db_;
    int wal_fd_ = -1;  ///< SQLite's write-ahead log, opened by the first `sync`
    bool in_transaction_ = false;
    /// Each open conversation's transcript rows (rowids, oldest first): the table has no
    /// index by conversation, so that a turn's lines are written together.
    using LineKey = std::pair<std::string, std::int64_t>;
    std::map<LineKey, std::vector<std::int64_t>> lines_;
    bool lines_known_ = false;
};

}  // namespace component
