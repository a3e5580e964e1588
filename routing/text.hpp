#pragma once
// Small text helpers shared by the routing core and the configuration reader.

#include <string>
#include <string_view>
#include <vector>

namespace routing {

/// `text` without leading and trailing white space.
std::string_view trim(std::string_view text);

/// ASCII lower case: command words, menu labels, keywords, JIDs.
std::string ascii_lower(std::string_view text);

/// What a line Switchboard composes quotes of someone's text (a visitor's name, the start of
/// a first message, what an agent typed): at most `max_chars` characters, cut on a character
/// boundary with "…" in place of the rest. Control characters (line breaks too) and U+FFFE,
/// U+FFFF become spaces, so the quote stays on one line and XML 1.0 can carry it; white space
/// around it is dropped.
std::string excerpt(std::string_view text, std::size_t max_chars);

/// `text` in pieces of at most `max_bytes` bytes, for messages that must stay well below the
/// server's stanza limit: each piece ends before a line break where one falls in it, else
/// before a space (the break or space itself is dropped), else on a character boundary.
/// One piece when `text` fits.
std::vector<std::string_view> split_lines(std::string_view text, std::size_t max_bytes);

}  // namespace routing
