#include "component/database.hpp"

namespace component {

SqlStatement& SqlDatabase::prepare(const char* sql) {
    auto& slot = statements_[sql];
    if (!slot) {
        try {
            slot = make_statement(sql);
        } catch (...) {
            statements_.erase(sql);
            throw;
        }
    }
    return *slot;
}

std::string numbered_placeholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int next = 1;
    char quote = 0;  // inside '...' or "..." when set
    for (const char c : sql) {
        if (quote != 0) {
            if (c == quote) {
                quote = 0;  // a doubled quote closes and reopens: the same result
            }
            out += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            out += c;
        } else if (c == '?') {
            out += '$';
            out += std::to_string(next++);
        } else {
            out += c;
        }
    }
    return out;
}

std::string without_password(std::string_view url) {
    std::string out(url);
    // URL form: scheme://user:password@host...
    if (const auto scheme = out.find("://"); scheme != std::string::npos) {
        const auto at = out.find('@', scheme + 3);
        const auto colon = out.find(':', scheme + 3);
        if (at != std::string::npos && colon != std::string::npos && colon < at) {
            out.replace(colon + 1, at - colon - 1, "***");
        }
    }
    // URL parameter or key=value form: password=...
    for (std::size_t at = out.find("password="); at != std::string::npos;
         at = out.find("password=", at + 1)) {
        const std::size_t start = at + 9;
        std::size_t end = start;
        if (end < out.size() && out[end] == '\'') {
            end = out.find('\'', end + 1);
            end = end == std::string::npos ? out.size() : end + 1;
        } else {
            while (end < out.size() && out[end] != ' ' && out[end] != '&') {
                ++end;
            }
        }
        out.replace(start, end - start, "***");
    }
    return out;
}

}  // namespace component
