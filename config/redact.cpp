#include "config/redact.hpp"

#include <algorithm>

namespace config {

namespace {

constexpr char kOpen = '\x1e';
constexpr char kClose = '\x1f';
constexpr std::size_t kShortest = 4;

std::string escaped(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == kOpen || c == kClose) {
            out += '?';
        } else {
            out += c;
        }
    }
    return out;
}

bool contains_any(std::string_view text, const std::vector<std::string>& secrets) {
    return std::any_of(secrets.begin(), secrets.end(), [text](const std::string& secret) {
        return text.find(secret) != std::string_view::npos;
    });
}

// Every copy of each secret in `text` becomes "***".
void hide(std::string& text, const std::vector<std::string>& secrets) {
    for (const auto& secret : secrets) {
        for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
            text.replace(at, secret.size(), "***");
        }
    }
}

// The message with its quoted input redacted; empty when a secret shows outside it.
std::string redacted(std::string_view message, const std::vector<std::string>& secrets) {
    std::string out;
    out.reserve(message.size());
    for (std::size_t at = 0; at < message.size();) {
        const auto open = message.find(kOpen, at);
        out.append(message.substr(at, open - at));
        if (open == std::string_view::npos) {
            break;
        }
        const auto close = std::min(message.find(kClose, open + 1), message.size());
        std::string input(message.substr(open + 1, close - open - 1));
        hide(input, secrets);
        out += '"';
        out += input;
        out += '"';
        at = close + 1;
    }
    return contains_any(out, secrets) ? std::string() : out;
}

}  // namespace

std::string quote_input(std::string_view input) {
    return kOpen + escaped(input) + kClose;
}

std::string plain(std::string_view message) {
    std::string out(message);
    std::replace(out.begin(), out.end(), kOpen, '"');
    std::replace(out.begin(), out.end(), kClose, '"');
    return out;
}

void redact(std::vector<Error>& errors, const std::vector<std::string>& secrets) {
    // A secret with a quote or backslash is written escaped inside quoted input.
    std::vector<std::string> forms;
    for (const auto& secret : secrets) {
        if (secret.size() >= kShortest) {
            forms.push_back(secret);
            if (const auto e = escaped(secret); e != secret) {
                forms.push_back(e);
            }
        }
    }
    for (auto& error : errors) {
        if (contains_any(error.key, forms)) {
            error.key.clear();
        }
        if (error.syntax) {
            // The parser's words are not marked; a mark there would be a character it quotes.
            std::replace(error.message.begin(), error.message.end(), kOpen, '?');
            std::replace(error.message.begin(), error.message.end(), kClose, '?');
        }
        std::string message = redacted(error.message, forms);
        if (message.empty() && !error.message.empty()) {
            message = error.syntax
                          ? "TOML syntax error; the parser's description is hidden because it "
                            "would show text equal to the secret"
                          : "a problem here; its description is hidden because it would show "
                            "text equal to the secret";
        }
        error.message = std::move(message);
    }
}

}  // namespace config
