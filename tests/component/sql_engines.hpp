#pragma once
// Both SQL engines for tests: SQLite (in memory, or a file), and PostgreSQL — the server of the
// ctest fixture `postgres` ($SB_POSTGRES_STATE/url), or one this process starts itself with
// tests/postgres/server.sh when run alone. Each PostgreSQL database handed out is a
// schema of its own, dropped with it, so that tests never see each other's tables.

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "component/database.hpp"
#include "component/store.hpp"

namespace sql_engines {

/// The first line of the file at `path`, without its line end; "" when there is none.
inline std::string first_line(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "r");
    if (f == nullptr) {
        return "";
    }
    char line[512] = {};
    const bool read = std::fgets(line, sizeof line, f) != nullptr;
    std::fclose(f);
    std::string out(read ? line : "");
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) {
        out.pop_back();
    }
    return out;
}

inline std::string postgres_url() {
    // Started once for this process (and stopped when it exits), unless the fixture's
    // server is there: $SB_POSTGRES_STATE/url.
    static const std::string started = []() -> std::string {
        if (const char* fixture = std::getenv("SB_POSTGRES_STATE"); fixture != nullptr) {
            if (std::string url = first_line(std::string(fixture) + "/url"); !url.empty()) {
                return url;
            }
        }
        static const std::string state = "/tmp/sb-pg-state-" + std::to_string(::getpid());
        const std::string script =
            std::string(SWITCHBOARD_SOURCE_DIR) + "/tests/postgres/server.sh";
        if (std::system((script + " start " + state + " > /dev/null").c_str()) != 0) {
            throw std::runtime_error(script + " could not start PostgreSQL");
        }
        std::atexit([] {
            const std::string stop =
                std::string(SWITCHBOARD_SOURCE_DIR) + "/tests/postgres/server.sh stop " + state;
            [[maybe_unused]] const int rc = std::system(stop.c_str());
        });
        std::string url = first_line(state + "/url");
        if (url.empty()) {
            throw std::runtime_error("no URL from " + script);
        }
        return url;
    }();
    return started;
}

/// One test's database of `engine`: a SQLite file in a directory of its own, or a
/// PostgreSQL schema of its own; removed with this object. Opened again and again, as
/// restarts do.
class StoreDatabase {
  public:
    explicit StoreDatabase(component::SqlDatabase::Engine engine) {
        static int count = 0;
        const std::string tag = std::to_string(::getpid()) + "_" + std::to_string(++count);
        if (engine == component::SqlDatabase::Engine::sqlite) {
            dir_ = std::filesystem::temp_directory_path() / ("switchboard-store-" + tag);
            std::filesystem::remove_all(dir_);
            return;
        }
        schema_ = "store_" + tag;
        component::SqlDatabase::open_postgres(postgres_url())
            ->exec(("CREATE SCHEMA " + schema_).c_str());
    }
    ~StoreDatabase() {
        if (schema_.empty()) {
            std::filesystem::remove_all(dir_);
            return;
        }
        try {
            component::SqlDatabase::open_postgres(postgres_url())
                ->exec(("DROP SCHEMA " + schema_ + " CASCADE").c_str());
        } catch (...) {
        }
    }
    StoreDatabase(const StoreDatabase&) = delete;
    StoreDatabase& operator=(const StoreDatabase&) = delete;

    /// The SQLite file (SQLite only).
    std::string sqlite_path() const { return (dir_ / "state.db").string(); }
    /// A connection to the PostgreSQL schema (PostgreSQL only), nothing set up.
    std::unique_ptr<component::SqlDatabase> connect_postgres() const {
        auto db = component::SqlDatabase::open_postgres(postgres_url());
        db->exec(("SET search_path TO " + schema_).c_str());
        return db;
    }
    std::unique_ptr<component::Store> open() const {
        if (schema_.empty()) {
            return std::make_unique<component::Store>(sqlite_path());
        }
        return std::make_unique<component::Store>(connect_postgres());
    }

  private:
    std::filesystem::path dir_;
    std::string schema_;
};

/// A bare database of `engine`, empty, nothing set up: SQLite in memory, or a PostgreSQL
/// schema of its own (tests of the SQL alone, without the store).
class Fresh {
  public:
    explicit Fresh(component::SqlDatabase::Engine engine)
        : place_(engine),
          db(engine == component::SqlDatabase::Engine::sqlite
                 ? component::SqlDatabase::open_sqlite(":memory:")
                 : place_.connect_postgres()) {}

  private:
    StoreDatabase place_;  // before db: dropped after db is closed

  public:
    std::unique_ptr<component::SqlDatabase> db;
};

/// The name of a test's engine, for INSTANTIATE_TEST_SUITE_P.
inline std::string engine_name(
    const ::testing::TestParamInfo<component::SqlDatabase::Engine>& info) {
    return info.param == component::SqlDatabase::Engine::sqlite ? "sqlite" : "postgres";
}

}  // namespace sql_engines
