#pragma once
// Whether a `[storage] path` can hold Switchboard's SQLite database, checked when the file
// is validated (--check-config, start, reload) so that a wrong path is named with its line
// instead of failing later with SQLite's words. The store uses `names_a_file` too.

#include <optional>
#include <string>

namespace config {

/// True when a `[storage] path` names a file: not SQLite's in-memory database (":memory:")
/// nor a "file:" URI.
inline bool names_a_file(const std::string& path) {
    return path != ":memory:" && path.rfind("file:", 0) != 0;
}

/// Why `path` (a file name, not ":memory:" or a "file:" URI) cannot be the database, as a
/// sentence that names it and says what is there; nullopt when it can. Refused: a path
/// inside /proc, /sys or /dev; a directory or anything else that is not a regular file; a
/// file that cannot be read and written; a non-empty file that is not a SQLite database;
/// a parent that is not a directory or that cannot be written (SQLite keeps its -wal and
/// -shm files beside the database). A missing file, and missing directories above it
/// that can be created, are fine: that is a fresh install. An empty file passes here;
/// the store refuses it at start (see component::Store).
std::optional<std::string> storage_path_problem(const std::string& path);

}  // namespace config
