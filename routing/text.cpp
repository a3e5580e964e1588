#include "routing/text.hpp"

#include <algorithm>
#include <cctype>

namespace routing {

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.remove_suffix(1);
    }
    return text;
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

namespace {

bool continues_char(char byte) {
    return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}

// U+FFFE or U+FFFF (EF BF BE, EF BF BF) at `i`.
bool noncharacter_at(std::string_view text, std::size_t i) {
    return i + 2 < text.size() && text[i] == '\xEF' && text[i + 1] == '\xBF' &&
           (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xBE;
}

}  // namespace

std::string excerpt(std::string_view text, std::size_t max_chars) {
    text = trim(text);
    std::string out;
    std::size_t chars = 0;
    std::size_t before_last = 0;  // out.size() when it held max_chars - 1 characters
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char byte = text[i];
        if (!continues_char(byte)) {
            if (chars == max_chars) {
                // One character too many: the last one kept gives way to the ellipsis.
                out.resize(before_last);
                return std::string(trim(out)) + "\u2026";
            }
            if (++chars == max_chars) {
                before_last = out.size();
            }
            if (noncharacter_at(text, i)) {
                out += ' ';
                i += 2;
                continue;
            }
        }
        const auto c = static_cast<unsigned char>(byte);
        out += c < 0x20 || c == 0x7F ? ' ' : byte;
    }
    return std::string(trim(out));
}

std::vector<std::string_view> split_lines(std::string_view text, std::size_t max_bytes) {
    std::vector<std::string_view> pieces;
    max_bytes = std::max<std::size_t>(max_bytes, 4);  // room for any one character
    while (text.size() > max_bytes) {
        std::size_t end = text.rfind('\n', max_bytes - 1);
        if (end == std::string_view::npos || end == 0) {
            end = text.rfind(' ', max_bytes - 1);  // a long line: between words
        }
        std::size_t next = end + 1;  // the line break (or space) is dropped
        if (end == std::string_view::npos || end == 0) {
            // Not even a space to end the piece at: before a character that does not fit.
            end = max_bytes;
            while (end > 0 && continues_char(text[end])) {
                --end;
            }
            if (end == 0) {
                end = max_bytes;  // not UTF-8: any cut will do
            }
            next = end;
        }
        pieces.push_back(text.substr(0, end));
        text.remove_prefix(next);
    }
    if (!text.empty() || pieces.empty()) {
        pieces.push_back(text);
    }
    return pieces;
}

}  // namespace routing
