#include "config/storage_path.hpp"
#include "config/redact.hpp"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <system_error>

namespace config {

namespace {

namespace fs = std::filesystem;

std::string in_quotes(const fs::path& path) {
    return quote_input(path.string());
}

// "/proc" when `path` (symbolic links followed) is inside /proc, and so on; "" otherwise.
// These hold the kernel's and the devices' files: nothing written there is kept.
std::string system_directory_of(const fs::path& path) {
    std::error_code error;
    fs::path full = fs::absolute(path, error);
    if (error) {
        return "";
    }
    if (auto real = fs::weakly_canonical(full, error); !error) {
        full = std::move(real);
    }
    full = full.lexically_normal();
    auto part = full.begin();
    if (part == full.end() || ++part == full.end()) {
        return "";
    }
    for (const std::string_view dir : {"proc", "sys", "dev"}) {
        if (part->string() == dir) {
            return "/" + std::string(dir);
        }
    }
    return "";
}

// What a file that is not a regular one is, for "X is a FIFO".
std::string kind_of(fs::file_type type) {
    switch (type) {
        case fs::file_type::directory:
            return "a directory";
        case fs::file_type::fifo:
            return "a FIFO";
        case fs::file_type::character:
            return "a character device";
        case fs::file_type::block:
            return "a block device";
        case fs::file_type::socket:
            return "a socket";
        default:
            return "not a regular file";
    }
}

// True when the file begins with SQLite's 16-byte header; `why` is set when it cannot be
// read.
bool has_sqlite_header(const fs::path& path, std::string& why) {
    static constexpr std::string_view kHeader{"SQLite format 3\0", 16};
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        why = std::strerror(errno);
        return false;
    }
    std::array<char, 16> start{};
    in.read(start.data(), start.size());
    return in.gcount() == static_cast<std::streamsize>(start.size()) &&
           std::string_view(start.data(), start.size()) == kHeader;
}

// The directory where the database (and its -wal and -shm files) would be created: the
// parent, or the nearest ancestor that exists when the parents are still to be created.
fs::path nearest_existing_parent(const fs::path& path) {
    std::error_code error;
    fs::path dir = fs::absolute(path, error).parent_path();
    while (!fs::exists(fs::symlink_status(dir, error)) && dir.has_relative_path()) {
        dir = dir.parent_path();
    }
    return dir;
}

}  // namespace

std::optional<std::string> storage_path_problem(const std::string& path) {
    if (const std::string system = system_directory_of(path); !system.empty()) {
        return in_quotes(path) + " is inside " + system +
               ", a system directory where no database can be kept; give a file such as "
               "\"/var/lib/switchboard/state.db\"";
    }
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (error && status.type() != fs::file_type::not_found) {
        return in_quotes(path) + " cannot be examined: " + error.message();
    }
    if (fs::exists(status)) {
        if (fs::is_directory(status)) {
            return in_quotes(path) + " is a directory; give the database file inside it, e.g. " +
                   in_quotes(fs::path(path) / "state.db");
        }
        if (!fs::is_regular_file(status)) {
            return in_quotes(path) + " is " + kind_of(status.type()) +
                   ", not a regular file; give the path of the SQLite database file";
        }
        if (::access(path.c_str(), R_OK | W_OK) != 0) {
            const int why = errno;
            return in_quotes(path) + " cannot be read and written: " + std::strerror(why);
        }
        std::string why;
        if (fs::file_size(path, error) > 0 && !error && !has_sqlite_header(path, why)) {
            if (!why.empty()) {
                return in_quotes(path) + " cannot be read: " + why;
            }
            return in_quotes(path) +
                   " is not a SQLite database (it does not begin with \"SQLite format 3\"); "
                   "give the path of Switchboard's database, or of a file that does not "
                   "exist yet";
        }
    }
    const fs::path dir = nearest_existing_parent(path);
    if (!fs::is_directory(dir, error)) {
        return in_quotes(path) + " cannot be created: " + in_quotes(dir) + " is not a directory";
    }
    if (::access(dir.c_str(), W_OK | X_OK) != 0) {
        const int why = errno;
        return in_quotes(path) + " needs the directory " + in_quotes(dir) +
               " to be writable (SQLite keeps the database's -wal and -shm files beside "
               "it): " +
               std::strerror(why);
    }
    return std::nullopt;
}

}  // namespace config
