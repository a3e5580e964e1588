// libFuzzer target: arbitrary text through config::load_string, the TOML loader and its
// validation. Checked on every input: no crash, leak or sanitizer report; the result is
// either a configuration that keeps the loader's promises or at least one error, each
// with a message and printable as one line that never quotes the literal secret, nor
// stars it anywhere but inside a quoted value.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/config.hpp"

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail) {
    std::fprintf(stderr, "fuzz_config: %s: %.*s\n", what, static_cast<int>(detail.size()),
                 detail.data());
    std::abort();
}

// The value of a one-line `secret = "..."` or `secret = '...'` without escapes, when the
// input has exactly that form: enough to check redaction on what the fuzzer builds from
// the seeds.
std::string literal_secret(std::string_view text) {
    const auto at = text.find("\nsecret = ");
    if (at == std::string_view::npos) {
        return {};
    }
    std::string_view rest = text.substr(at + 10);
    if (rest.empty() || (rest.front() != '"' && rest.front() != '\'')) {
        return {};
    }
    const char quote = rest.front();
    rest.remove_prefix(1);
    const auto end = rest.find_first_of(std::string_view("\"'\\\n", 4));
    if (end == std::string_view::npos || rest[end] != quote) {
        return {};
    }
    return std::string(rest.substr(0, end));
}

// True when an error message shows `secret` because it is the secret: the same file with
// every copy of the secret changed gives messages without it. (The loader's own words may
// contain the secret's text by coincidence, e.g. secret = "error near a secret".)
bool quotes_secret(std::string_view text, const std::string& secret,
                   const std::vector<config::Error>& errors) {
    const bool shown = std::any_of(errors.begin(), errors.end(), [&](const config::Error& e) {
        return e.message.find(secret) != std::string::npos;
    });
    if (!shown) {
        return false;
    }
    std::string other = secret;
    for (char& c : other) {
        c = c == 'Q' ? 'Z' : 'Q';
    }
    std::string changed(text);
    for (auto at = changed.find(secret); at != std::string::npos;
         at = changed.find(secret, at + other.size())) {
        changed.replace(at, secret.size(), other);
    }
    const auto again = config::load_string(changed, "fuzz.toml");
    const auto* errors_again = std::get_if<std::vector<config::Error>>(&again);
    return errors_again != nullptr &&
           std::none_of(errors_again->begin(), errors_again->end(), [&](const config::Error& e) {
               return e.message.find(secret) != std::string::npos;
           });
}

// True when `message` has "***" outside its double-quoted spans (a backslash inside one
// escapes the next character). The loader stars a secret only inside the operator's quoted
// values: stars in its own words ("Error while par***e pair") would show the secret to
// anyone who knows those words.
bool stars_outside_quotes(std::string_view message) {
    bool inside = false;
    for (std::size_t i = 0; i < message.size(); ++i) {
        const char c = message[i];
        if (inside && c == '\\') {
            ++i;
        } else if (c == '"') {
            inside = !inside;
        } else if (!inside && message.substr(i, 3) == "***") {
            return true;
        }
    }
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto result = config::load_string(text, "fuzz.toml");

    if (const auto* config = std::get_if<config::Config>(&result)) {
        if (config->server.domain.empty() || config->server.secret.empty() ||
            config->workgroups.empty() || config->server.port == 0) {
            fail("a configuration without domain, secret, port or workgroups was accepted", text);
        }
        return 0;
    }

    const auto& errors = std::get<std::vector<config::Error>>(result);
    if (errors.empty()) {
        fail("an invalid file without any error", text);
    }
    const std::string secret = literal_secret(text);
    for (const auto& error : errors) {
        if (error.message.empty()) {
            fail("an error without a message", config::to_string(error));
        }
        if (error.line < 0) {
            fail("an error with a negative line", config::to_string(error));
        }
        if (error.message.find_first_of("\x1e\x1f") != std::string::npos) {
            fail("an error still carries the marks of quoted input", config::to_string(error));
        }
        if (text.find("***") == std::string_view::npos && stars_outside_quotes(error.message)) {
            fail("a secret starred in the loader's own words", config::to_string(error));
        }
    }
    if (secret.size() >= 8 && quotes_secret(text, secret, errors)) {
        fail("an error quotes the secret", text);
    }
    return 0;
}
