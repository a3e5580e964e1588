#pragma once
// Reading TOML tables with every problem collected: typed look-ups that report a wrong
// type or a bad value with file, line and dotted key, and a final check for unknown keys.
// Internal to config/.

#include <toml++/toml.h>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace config {

/// Every problem found in one file, in the order found.
class Problems {
  public:
    /// `file` names the file in every error.
    explicit Problems(std::string file) : file_(std::move(file)) {}

    /// Records a problem at `line` (0: no single place) under the dotted `key`.
    void add(int line, std::string key, std::string message);
    /// Records a problem at the line where `where` starts.
    void add(const toml::node& where, std::string key, std::string message);

    /// True while nothing was found.
    bool empty() const { return errors_.empty(); }
    /// The problems, sorted by line (problems with no line first).
    std::vector<Error> take();

  private:
    std::string file_;
    std::vector<Error> errors_;
};

/// The first character of `text` that XML 1.0 forbids ("U+0007"), or "" when none.
std::string xml_forbidden(std::string_view text);

/// The 1-based line where `node` starts, or 0 when unknown.
int line_of(const toml::node& node);

/// "a string", "an integer", ... for "expected X, got Y" messages.
std::string type_name(const toml::node& node);

/// `path.key`, quoting `key` the way TOML would when it is not a bare key.
std::string join_key(std::string_view path, std::string_view key);

/// `path[index]` with a 1-based index: the third agent is "agents[3]".
std::string index_key(std::string_view path, std::size_t zero_based_index);

/// A string of the file together with where it is, e.g. one element of a list.
struct Located {
    std::string value;
    int line = 0;
    std::string key;
};

/// One TOML table being read. Each look-up marks its key as known (present or not);
/// report_unknown_keys() then names every other key of the table.
class TableReader {
  public:
    /// `path` is the table's dotted key ("" for the root), used in every message.
    TableReader(const toml::table& table, std::string path, Problems& problems);

    /// The table's dotted key.
    const std::string& path() const { return path_; }
    /// The line of the table's header (0 for the root).
    int line() const { return line_; }
    /// The dotted key of `name` in this table.
    std::string key(std::string_view name) const { return join_key(path_, name); }
    /// The problems this reader reports to.
    Problems& problems() { return problems_; }

    /// The value of `name`, or nullptr when absent.
    const toml::node* find(std::string_view name);
    /// Reports that a required `name` is absent, at the table's line.
    void missing(std::string_view name, std::string message);
    /// Reports a problem with the value of `name`.
    void invalid(std::string_view name, std::string message);

    /// A string value; reports a wrong type.
    std::optional<std::string> string(std::string_view name);
    /// A string value that must not be empty.
    std::optional<std::string> non_empty_string(std::string_view name);
    /// An integer within [min, max]; reports a wrong type or a value out of range.
    std::optional<std::int64_t> integer(std::string_view name, std::int64_t min,
                                        std::int64_t max = std::numeric_limits<int>::max());
    /// A boolean value.
    std::optional<bool> boolean(std::string_view name);
    /// A duration string such as "30s".
    std::optional<routing::Duration> duration(std::string_view name);
    /// One of `choices`, as its index; the message lists the choices.
    std::optional<std::size_t> choice(std::string_view name,
                                      const std::vector<std::string_view>& choices);
    /// A sub-table; reports a wrong type.
    const toml::table* table(std::string_view name);
    /// An array; reports a wrong type.
    const toml::array* array(std::string_view name);
    /// An array of non-empty strings, each with its line and key.
    std::optional<std::vector<Located>> string_list(std::string_view name);
    /// The tables of an array of tables ([[x]] or [{...}]), each with its key.
    std::vector<std::pair<const toml::table*, std::string>> tables(std::string_view name);

    /// Reports every key of the table that no look-up asked for.
    void report_unknown_keys();

  private:
    void wrong_type(std::string_view name, const toml::node& node, std::string_view expected);

    const toml::table& table_;
    std::string path_;
    Problems& problems_;
    int line_ = 0;
    std::vector<std::string> known_;
};

}  // namespace config
