#pragma once
// What the store's source files share: the prepared-statement wrapper and the error that
// names the database. Not for use outside the store.

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "component/store.hpp"

namespace component {

inline std::int64_t ms(routing::Time t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

/// Every storage error names the database, so the operator knows which file to look at.
inline std::runtime_error storage_error(const std::string& path, std::string_view why) {
    return std::runtime_error("storage " + path + ": " + std::string(why));
}

/// One prepared statement, reset after every use.
struct Store::Statement {
    sqlite3_stmt* stmt = nullptr;
    sqlite3* db = nullptr;
    std::uint64_t* written = nullptr;   ///< the store's byte count
    const std::string* path = nullptr;  ///< the store's database, for errors
    int next = 1;

    ~Statement() { sqlite3_finalize(stmt); }
    Statement& text(std::string_view v) {
        sqlite3_bind_text(stmt, next++, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        *written += v.size();
        return *this;
    }
    Statement& blob(std::string_view v) {
        sqlite3_bind_blob(stmt, next++, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        *written += v.size();
        return *this;
    }
    Statement& integer(std::int64_t v) {
        sqlite3_bind_int64(stmt, next++, v);
        return *this;
    }
    Statement& null() {
        sqlite3_bind_null(stmt, next++);
        return *this;
    }
    /// Steps once; true while a row is available.
    bool row() {
        const int rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            return true;
        }
        if (rc != SQLITE_DONE) {
            const std::string why = sqlite3_errmsg(db);
            reset();
            throw storage_error(*path, why);
        }
        reset();
        return false;
    }
    void run() {
        while (row()) {
        }
    }
    void reset() {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        next = 1;
    }
    std::int64_t col_int(int i) const { return sqlite3_column_int64(stmt, i); }
    bool col_null(int i) const { return sqlite3_column_type(stmt, i) == SQLITE_NULL; }
    std::string col_text(int i) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
        return p == nullptr ? std::string{} : std::string(p, sqlite3_column_bytes(stmt, i));
    }
    std::string_view col_blob(int i) const {
        const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, i));
        return p == nullptr ? std::string_view{}
                            : std::string_view(p, sqlite3_column_bytes(stmt, i));
    }
};

}  // namespace component
