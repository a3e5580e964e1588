#pragma once
// Both SQL engines for tests: SQLite in memory, and PostgreSQL — the server of the ctest
// fixture `postgres` ($SB_POSTGRES_STATE/url), or one this process starts itself with
// tests/postgres/server.sh when run alone. Each PostgreSQL database handed out is a
// schema of its own, dropped with it, so that tests never see each other's tables.

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include "component/database.hpp"

namespace sql_engines {

inline std::string postgres_url() {
    // Started once for this process (and stopped when it exits), unless the fixture's
    // server is there: $SB_POSTGRES_STATE/url.
    static const std::string started = []() -> std::string {
        if (const char* fixture = std::getenv("SB_POSTGRES_STATE"); fixture != nullptr) {
            if (std::FILE* f = std::fopen((std::string(fixture) + "/url").c_str(), "r")) {
                char line[512] = {};
                const bool read = std::fgets(line, sizeof line, f) != nullptr;
                std::fclose(f);
                std::string url(read ? line : "");
                while (!url.empty() && (url.back() == '\n' || url.back() == ' ')) {
                    url.pop_back();
                }
                if (!url.empty()) {
                    return url;
                }
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
        std::FILE* f = std::fopen((state + "/url").c_str(), "r");
        char line[512] = {};
        if (f == nullptr || std::fgets(line, sizeof line, f) == nullptr) {
            throw std::runtime_error("no URL from " + script);
        }
        std::fclose(f);
        std::string url(line);
        while (!url.empty() && (url.back() == '\n' || url.back() == ' ')) {
            url.pop_back();
        }
        return url;
    }();
    return started;
}

/// A database of `engine`, empty; a PostgreSQL one lives in its own schema.
class Fresh {
  public:
    explicit Fresh(component::SqlDatabase::Engine engine) {
        if (engine == component::SqlDatabase::Engine::sqlite) {
            db = component::SqlDatabase::open_sqlite(":memory:");
            return;
        }
        static int count = 0;
        schema_ = "t" + std::to_string(::getpid()) + "_" + std::to_string(++count);
        db = component::SqlDatabase::open_postgres(postgres_url());
        db->exec(("CREATE SCHEMA " + schema_ + "; SET search_path TO " + schema_).c_str());
    }
    ~Fresh() {
        if (!schema_.empty()) {
            try {
                db->exec(
                    ("SET search_path TO public; DROP SCHEMA " + schema_ + " CASCADE").c_str());
            } catch (...) {
            }
        }
    }
    std::unique_ptr<component::SqlDatabase> db;

  private:
    std::string schema_;
};

}  // namespace sql_engines
