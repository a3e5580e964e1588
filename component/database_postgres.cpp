// SqlDatabase on PostgreSQL through libpq: one connection, statements prepared once
// (named s1, s2, ...), values sent as text and blobs as binary, results read in binary
// so that a bytea comes back as its bytes.

#include <arpa/inet.h>
#include <libpq-fe.h>

#include <cstring>
#include <stdexcept>
#include <vector>

#include "component/database.hpp"

namespace component {

namespace {

std::runtime_error failure(const std::string& name, std::string_view why) {
    std::string text(why);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    return std::runtime_error("storage " + name + ": " + text);
}

// Type OIDs of the columns the store reads (pg_type.h).
constexpr Oid kBool = 16;
constexpr Oid kInt8 = 20;
constexpr Oid kInt2 = 21;
constexpr Oid kInt4 = 23;

std::int64_t big_endian(const char* p, int bytes) {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) {
        v = (v << 8) | static_cast<unsigned char>(p[i]);
    }
    if (bytes < 8 && (v >> (bytes * 8 - 1)) & 1U) {
        v |= ~std::uint64_t{0} << (bytes * 8);  // sign-extend
    }
    return static_cast<std::int64_t>(v);
}

class PostgresStatement final : public SqlStatement {
  public:
    PostgresStatement(PGconn* conn, const char* sql, std::string statement_name,
                      const std::string& name, std::uint64_t& written,
                      std::atomic<std::chrono::steady_clock::rep>& answered)
        : conn_(conn),
          statement_(std::move(statement_name)),
          name_(name),
          written_(written),
          answered_(answered) {
        const std::string numbered = numbered_placeholders(sql);
        PGresult* r = PQprepare(conn, statement_.c_str(), numbered.c_str(), 0, nullptr);
        const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        const std::string why = ok ? "" : PQerrorMessage(conn);
        PQclear(r);
        if (!ok) {
            throw failure(name, why);
        }
    }
    ~PostgresStatement() override { PQclear(result_); }

    SqlStatement& text(std::string_view v) override {
        add(std::string(v), 0);
        written_ += v.size();
        return *this;
    }
    SqlStatement& blob(std::string_view v) override {
        add(std::string(v), 1);
        written_ += v.size();
        return *this;
    }
    SqlStatement& integer(std::int64_t v) override {
        add(std::to_string(v), 0);
        return *this;
    }
    SqlStatement& null() override {
        values_.emplace_back();
        nulls_.push_back(true);
        formats_.push_back(0);
        return *this;
    }
    bool row() override {
        if (result_ == nullptr) {
            execute();
        }
        if (++current_ < PQntuples(result_)) {
            return true;
        }
        reset();
        return false;
    }
    void reset() override {
        PQclear(result_);
        result_ = nullptr;
        current_ = -1;
        values_.clear();
        nulls_.clear();
        formats_.clear();
    }
    std::int64_t col_int(int i) const override {
        if (PQgetisnull(result_, current_, i)) {
            return 0;
        }
        const char* p = PQgetvalue(result_, current_, i);
        switch (PQftype(result_, i)) {
            case kInt8:
                return big_endian(p, 8);
            case kInt4:
                return big_endian(p, 4);
            case kInt2:
                return big_endian(p, 2);
            case kBool:
                return p[0] != 0 ? 1 : 0;
            default:
                throw failure(name_, "column " + std::to_string(i) + " is not an integer");
        }
    }
    bool col_null(int i) const override { return PQgetisnull(result_, current_, i) != 0; }
    std::string col_text(int i) const override { return std::string(col_blob(i)); }
    std::string_view col_blob(int i) const override {
        if (PQgetisnull(result_, current_, i)) {
            return {};
        }
        return std::string_view(PQgetvalue(result_, current_, i),
                                static_cast<std::size_t>(PQgetlength(result_, current_, i)));
    }

  private:
    void add(std::string value, int format) {
        values_.push_back(std::move(value));
        nulls_.push_back(false);
        formats_.push_back(format);
    }
    void execute() {
        std::vector<const char*> values;
        std::vector<int> lengths;
        for (std::size_t i = 0; i < values_.size(); ++i) {
            values.push_back(nulls_[i] ? nullptr : values_[i].data());
            lengths.push_back(static_cast<int>(values_[i].size()));
        }
        const auto sent = std::chrono::steady_clock::now();
        result_ = PQexecPrepared(conn_, statement_.c_str(), static_cast<int>(values.size()),
                                 values.data(), lengths.data(), formats_.data(), 1);
        const auto status = PQresultStatus(result_);
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
            const std::string why = PQresultErrorMessage(result_);
            reset();
            throw failure(name_, why.empty() ? PQerrorMessage(conn_) : why);
        }
        answered_.store(sent.time_since_epoch().count());
        current_ = -1;
    }

    PGconn* conn_;
    std::string statement_;
    const std::string& name_;
    std::uint64_t& written_;
    std::atomic<std::chrono::steady_clock::rep>& answered_;
    std::vector<std::string> values_;
    std::vector<bool> nulls_;
    std::vector<int> formats_;
    PGresult* result_ = nullptr;
    int current_ = -1;
};

class PostgresDatabase final : public SqlDatabase {
  public:
    PostgresDatabase(const std::string& url, const std::string& password)
        : SqlDatabase(without_password(url)) {
        // The password goes as a parameter of its own, never into a string that is shown.
        const char* keys[] = {"dbname", password.empty() ? nullptr : "password", nullptr};
        const char* values[] = {url.c_str(), password.c_str(), nullptr};
        conn_ = PQconnectdbParams(keys, values, 1);
        if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
            const std::string why = conn_ ? PQerrorMessage(conn_) : std::string("out of memory");
            PQfinish(conn_);
            throw failure(name_, "cannot connect: " + without_password(why));
        }
        exec("SET client_min_messages = warning");
    }
    ~PostgresDatabase() override {
        clear_statements();
        PQfinish(conn_);
    }
    Engine engine() const override { return Engine::postgres; }
    void exec(const char* sql) override {
        const auto sent = std::chrono::steady_clock::now();
        PGresult* r = PQexec(conn_, sql);
        const auto status = PQresultStatus(r);
        const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
        const std::string why = ok ? "" : PQerrorMessage(conn_);
        PQclear(r);
        if (!ok) {
            throw failure(name_, why);
        }
        answered_.store(sent.time_since_epoch().count());
    }

  protected:
    std::unique_ptr<SqlStatement> make_statement(const char* sql) override {
        return std::make_unique<PostgresStatement>(conn_, sql, "s" + std::to_string(++prepared_),
                                                   name_, bytes_written_, answered_);
    }

  private:
    PGconn* conn_ = nullptr;
    int prepared_ = 0;
};

}  // namespace

std::unique_ptr<SqlDatabase> SqlDatabase::open_postgres(const std::string& url,
                                                        const std::string& password) {
    return std::make_unique<PostgresDatabase>(url, password);
}

}  // namespace component
