#include "config/table_reader.hpp"

#include <algorithm>
#include <utility>

#include "config/redact.hpp"
#include "config/values.hpp"

namespace config {

void Problems::add(int line, std::string key, std::string message) {
    errors_.push_back(Error{file_, line, std::move(key), std::move(message)});
}

void Problems::add(const toml::node& where, std::string key, std::string message) {
    add(line_of(where), std::move(key), std::move(message));
}

std::vector<Error> Problems::take() {
    std::stable_sort(errors_.begin(), errors_.end(),
                     [](const Error& a, const Error& b) { return a.line < b.line; });
    return std::move(errors_);
}

int line_of(const toml::node& node) {
    return static_cast<int>(node.source().begin.line);
}

std::string type_name(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string:
            return "a string";
        case toml::node_type::integer:
            return "an integer";
        case toml::node_type::floating_point:
            return "a floating-point number";
        case toml::node_type::boolean:
            return "a boolean";
        case toml::node_type::table:
            return "a table";
        case toml::node_type::array:
            return "an array";
        case toml::node_type::date:
            return "a date";
        case toml::node_type::time:
            return "a time";
        case toml::node_type::date_time:
            return "a date-time";
        case toml::node_type::none:
            break;
    }
    return "nothing";
}

std::string join_key(std::string_view path, std::string_view key) {
    const bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    });
    std::string out(path);
    if (!out.empty()) {
        out += '.';
    }
    if (bare) {
        out += key;
        return out;
    }
    out += '"';
    for (const char c : key) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    out += '"';
    return out;
}

std::string index_key(std::string_view path, std::size_t zero_based_index) {
    return std::string(path) + "[" + std::to_string(zero_based_index + 1) + "]";
}

TableReader::TableReader(const toml::table& table, std::string path, Problems& problems)
    : table_(table), path_(std::move(path)), problems_(problems), line_(line_of(table)) {}

const toml::node* TableReader::find(std::string_view name) {
    known_.emplace_back(name);
    return table_.get(name);
}

void TableReader::missing(std::string_view name, std::string message) {
    problems_.add(line_, key(name), std::move(message));
}

void TableReader::invalid(std::string_view name, std::string message) {
    const toml::node* node = table_.get(name);
    problems_.add(node ? line_of(*node) : line_, key(name), std::move(message));
}

void TableReader::wrong_type(std::string_view name, const toml::node& node,
                             std::string_view expected) {
    problems_.add(node, key(name),
                  "expected " + std::string(expected) + ", got " + type_name(node));
}

std::string xml_forbidden(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            static const char* hex = "0123456789ABCDEF";
            return std::string("U+00") + hex[c >> 4] + hex[c & 15];
        }
        // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are no XML characters either.
        if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
            (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xBE) {
            return text[i + 2] == '\xBE' ? "U+FFFE" : "U+FFFF";
        }
    }
    return {};
}

std::optional<std::string> TableReader::string(std::string_view name) {
    const toml::node* node = find(name);
    if (node == nullptr) {
        return std::nullopt;
    }
    if (const auto* value = node->as_string()) {
        // Texts go into stanzas; a server closes the stream on what XML cannot carry.
        if (const std::string bad = xml_forbidden(value->get()); !bad.empty()) {
            invalid(name, "contains the character " + bad + ", which XML cannot carry");
            return std::nullopt;
        }
        return value->get();
    }
    wrong_type(name, *node, "a string");
    return std::nullopt;
}

std::optional<std::string> TableReader::non_empty_string(std::string_view name) {
    auto value = string(name);
    if (value && value->empty()) {
        invalid(name, "must not be empty");
        return std::nullopt;
    }
    return value;
}

std::optional<std::int64_t> TableReader::integer(std::string_view name, std::int64_t min,
                                                 std::int64_t max) {
    const toml::node* node = find(name);
    if (node == nullptr) {
        return std::nullopt;
    }
    const auto* value = node->as_integer();
    if (value == nullptr) {
        wrong_type(name, *node, "an integer");
        return std::nullopt;
    }
    const std::int64_t number = value->get();
    if (number < min || number > max) {
        const bool no_upper = max == std::numeric_limits<int>::max();
        invalid(name,
                "must be " +
                    (no_upper ? "at least " + std::to_string(min)
                              : "between " + std::to_string(min) + " and " + std::to_string(max)) +
                    ", got " + std::to_string(number));
        return std::nullopt;
    }
    return number;
}

std::optional<bool> TableReader::boolean(std::string_view name) {
    const toml::node* node = find(name);
    if (node == nullptr) {
        return std::nullopt;
    }
    if (const auto* value = node->as_boolean()) {
        return value->get();
    }
    wrong_type(name, *node, "true or false");
    return std::nullopt;
}

std::optional<routing::Duration> TableReader::duration(std::string_view name) {
    const toml::node* node = find(name);
    if (node == nullptr) {
        return std::nullopt;
    }
    const auto* text = node->as_string();
    if (text == nullptr) {
        if (const auto* number = node->as_integer()) {
            invalid(name, "a duration needs a unit: write e.g. " +
                              quote_input(std::to_string(number->get()) + "s"));
        } else {
            wrong_type(name, *node, "a duration string like \"30s\"");
        }
        return std::nullopt;
    }
    auto parsed = parse_duration(text->get());
    if (!parsed.value) {
        invalid(name, parsed.error);
    }
    return parsed.value;
}

std::optional<std::size_t> TableReader::choice(std::string_view name,
                                               const std::vector<std::string_view>& choices) {
    const auto value = string(name);
    if (!value) {
        return std::nullopt;
    }
    const auto it = std::find(choices.begin(), choices.end(), *value);
    if (it != choices.end()) {
        return static_cast<std::size_t>(it - choices.begin());
    }
    std::string list;
    for (const auto& c : choices) {
        list += (list.empty() ? "" : ", ") + std::string(c);
    }
    invalid(name, quote_input(*value) + " is not one of " + list);
    return std::nullopt;
}

const toml::table* TableReader::table(std::string_view name) {
    const toml::node* node = find(name);
    if (node == nullptr) {
        return nullptr;
    }
    if (const auto* value = node->as_table()) {
        return value;
    }
    wrong_type(name, *node, "a table");
    return nullptr;
}

const toml::array* TableReader::array(std::string_view name) {
    const toml::node* node = find(name);
    if (node == nullptr) {
        return nullptr;
    }
    if (const auto* value = node->as_array()) {
        return value;
    }
    wrong_type(name, *node, "an array");
    return nullptr;
}

std::optional<std::vector<Located>> TableReader::string_list(std::string_view name) {
    const toml::array* list = array(name);
    if (list == nullptr) {
        return std::nullopt;
    }
    std::vector<Located> out;
    bool ok = true;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const toml::node& element = *list->get(i);
        const std::string element_key = index_key(key(name), i);
        const auto* text = element.as_string();
        if (text == nullptr) {
            problems_.add(element, element_key, "expected a string, got " + type_name(element));
            ok = false;
        } else if (text->get().empty()) {
            problems_.add(element, element_key, "must not be empty");
            ok = false;
        } else if (const std::string bad = xml_forbidden(text->get()); !bad.empty()) {
            problems_.add(element, element_key,
                          "contains the character " + bad + ", which XML cannot carry");
            ok = false;
        } else {
            out.push_back(Located{text->get(), line_of(element), element_key});
        }
    }
    if (!ok) {
        return std::nullopt;
    }
    return out;
}

std::vector<std::pair<const toml::table*, std::string>> TableReader::tables(std::string_view name) {
    std::vector<std::pair<const toml::table*, std::string>> out;
    const toml::node* node = find(name);
    if (node == nullptr) {
        return out;
    }
    const auto* list = node->as_array();
    if (list == nullptr) {
        wrong_type(name, *node, "an array of tables ([[" + key(name) + "]])");
        return out;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
        const toml::node& element = *list->get(i);
        const std::string element_key = index_key(key(name), i);
        if (const auto* t = element.as_table()) {
            out.emplace_back(t, element_key);
        } else {
            problems_.add(element, element_key, "expected a table, got " + type_name(element));
        }
    }
    return out;
}

namespace {

// Edit distance, for "did you mean" on unknown keys.
std::size_t distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

void TableReader::report_unknown_keys() {
    for (const auto& [name, node] : table_) {
        if (std::find(known_.begin(), known_.end(), name.str()) != known_.end()) {
            continue;
        }
        std::string message = "unknown key";
        std::size_t best = 3;  // suggest only close matches
        for (const auto& candidate : known_) {
            const std::size_t d = distance(name.str(), candidate);
            if (d < best) {
                best = d;
                message = "unknown key (did you mean \"" + candidate + "\"?)";
            }
        }
        const int line = static_cast<int>(name.source().begin.line);
        problems_.add(line > 0 ? line : line_of(node), key(name.str()), message);
    }
}

}  // namespace config
