#pragma once
// The SQL database under the store: one interface, two engines — SQLite (a file, the
// embedded default) and PostgreSQL (`[storage] url`, shared by an active process and its
// standbys). The store's SQL is written once, in what both engines accept: `?`
// placeholders (rewritten to `$1`, `$2`, ... for PostgreSQL), `INSERT ... ON CONFLICT`,
// `RETURNING`; only the schema and SQLite's own file handling differ by engine.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace component {

/// One prepared statement, reset after every use: bind with text/blob/integer/null in
/// order, then `row()` until it is false (or `run()`).
class SqlStatement {
  public:
    virtual ~SqlStatement() = default;
    virtual SqlStatement& text(std::string_view v) = 0;
    virtual SqlStatement& blob(std::string_view v) = 0;
    virtual SqlStatement& integer(std::int64_t v) = 0;
    virtual SqlStatement& null() = 0;
    /// Runs the statement on the first call; true while a row is available. Throws
    /// std::runtime_error naming the database on failure (the statement is reset then).
    virtual bool row() = 0;
    /// Forgets bindings and any rows not read.
    virtual void reset() = 0;
    virtual std::int64_t col_int(int i) const = 0;
    virtual bool col_null(int i) const = 0;
    virtual std::string col_text(int i) const = 0;
    /// Valid until the next row() or reset().
    virtual std::string_view col_blob(int i) const = 0;

    void run() {
        while (row()) {
        }
    }
};

/// A connection to one database.
class SqlDatabase {
  public:
    enum class Engine { sqlite, postgres };

    virtual ~SqlDatabase() = default;
    virtual Engine engine() const = 0;
    /// The statement for `sql`, prepared once and kept (keyed by the text's address: pass
    /// string literals).
    SqlStatement& prepare(const char* sql);
    /// Runs statements without results (several, separated by ';').
    virtual void exec(const char* sql) = 0;
    /// What errors name: the file, or the URL without its password.
    const std::string& name() const { return name_; }
    /// Bytes of the values bound since the connection opened (tests, metrics).
    std::uint64_t bytes_written() const { return bytes_written_; }
    /// When the latest statement that succeeded was sent: the server saw this session busy
    /// at that moment or later (PostgreSQL; the active lock's watchdog reads it from its
    /// own thread). The epoch of the steady clock until a statement has succeeded.
    std::chrono::steady_clock::time_point answered_since() const {
        return std::chrono::steady_clock::time_point(
            std::chrono::steady_clock::duration(answered_.load()));
    }

    /// Opens the SQLite database at `path` (":memory:" for tests) with nothing set up.
    static std::unique_ptr<SqlDatabase> open_sqlite(const std::string& path);
    /// Connects to PostgreSQL: a URL ("postgresql://user@host/db") or a libpq connection
    /// string; `password` (from password_file or password_env) is never logged nor named.
    static std::unique_ptr<SqlDatabase> open_postgres(const std::string& url,
                                                      const std::string& password = "");

  protected:
    explicit SqlDatabase(std::string name) : name_(std::move(name)) {}
    virtual std::unique_ptr<SqlStatement> make_statement(const char* sql) = 0;
    /// Finalises every kept statement (before the connection closes).
    void clear_statements() { statements_.clear(); }

    std::string name_;
    std::uint64_t bytes_written_ = 0;
    /// answered_since(), as the steady clock's count (stored by the engine).
    std::atomic<std::chrono::steady_clock::rep> answered_{0};

  private:
    std::map<const char*, std::unique_ptr<SqlStatement>> statements_;
};

/// `sql` with each `?` outside quotes as `$1`, `$2`, ... (PostgreSQL's placeholders).
std::string numbered_placeholders(std::string_view sql);

/// A URL or connection string as errors may show it: any password replaced by "***".
std::string without_password(std::string_view url);

}  // namespace component
