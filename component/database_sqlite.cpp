// SqlDatabase on SQLite: a file (or ":memory:"), one connection.

#include <sqlite3.h>

#include <stdexcept>

#include "component/database.hpp"

namespace component {

namespace {

std::runtime_error failure(const std::string& name, std::string_view why) {
    return std::runtime_error("storage " + name + ": " + std::string(why));
}

class SqliteStatement final : public SqlStatement {
  public:
    SqliteStatement(sqlite3* db, const char* sql, const std::string& name, std::uint64_t& written)
        : db_(db), name_(name), written_(written) {
        if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
            throw failure(name, sqlite3_errmsg(db));
        }
    }
    ~SqliteStatement() override { sqlite3_finalize(stmt_); }

    SqlStatement& text(std::string_view v) override {
        sqlite3_bind_text(stmt_, next_++, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        written_ += v.size();
        return *this;
    }
    SqlStatement& blob(std::string_view v) override {
        sqlite3_bind_blob(stmt_, next_++, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        written_ += v.size();
        return *this;
    }
    SqlStatement& integer(std::int64_t v) override {
        sqlite3_bind_int64(stmt_, next_++, v);
        return *this;
    }
    SqlStatement& null() override {
        sqlite3_bind_null(stmt_, next_++);
        return *this;
    }
    bool row() override {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) {
            return true;
        }
        if (rc != SQLITE_DONE) {
            const std::string why = sqlite3_errmsg(db_);
            reset();
            throw failure(name_, why);
        }
        reset();
        return false;
    }
    void reset() override {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        next_ = 1;
    }
    std::int64_t col_int(int i) const override { return sqlite3_column_int64(stmt_, i); }
    bool col_null(int i) const override { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }
    std::string col_text(int i) const override {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
        return p == nullptr
                   ? std::string{}
                   : std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i)));
    }
    std::string_view col_blob(int i) const override {
        const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, i));
        return p == nullptr
                   ? std::string_view{}
                   : std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i)));
    }

  private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    const std::string& name_;
    std::uint64_t& written_;
    int next_ = 1;
};

class SqliteDatabase final : public SqlDatabase {
  public:
    explicit SqliteDatabase(const std::string& path) : SqlDatabase(path) {
        if (sqlite3_open_v2(path.c_str(), &db_,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                            nullptr) != SQLITE_OK) {
            const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close(db_);
            throw failure(path, "cannot open the database: " + why);
        }
        sqlite3_busy_timeout(db_, 5000);
    }
    ~SqliteDatabase() override {
        // Statements go before the connection they belong to.
        clear_statements();
        sqlite3_close(db_);
    }
    Engine engine() const override { return Engine::sqlite; }
    void exec(const char* sql) override {
        char* error = nullptr;
        if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
            const std::string why = error ? error : sqlite3_errmsg(db_);
            sqlite3_free(error);
            throw failure(name_, why);
        }
    }

  protected:
    std::unique_ptr<SqlStatement> make_statement(const char* sql) override {
        return std::make_unique<SqliteStatement>(db_, sql, name_, bytes_written_);
    }

  private:
    sqlite3* db_ = nullptr;
};

}  // namespace

std::unique_ptr<SqlDatabase> SqlDatabase::open_sqlite(const std::string& path) {
    return std::make_unique<SqliteDatabase>(path);
}

}  // namespace component
