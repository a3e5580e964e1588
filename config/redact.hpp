#pragma once
// Keeping the component secret out of the loader's errors. Text from the file enters a
// message only through `quote_input`, which marks it; `redact` then hides a secret inside
// marked text and, where a secret is found in the loader's (or the TOML parser's) own
// words, hides the whole message instead: "Error while par***e pair" would show the
// secret "sing key-valu" to anyone who knows the parser's words.

#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace config {

/// `input` (text from the file, or derived from it) in double quotes for a message, with
/// `"` and `\` escaped, marked as input for `redact`.
std::string quote_input(std::string_view input);

/// `message` as the operator sees it: the marks of `quote_input` become plain double quotes.
std::string plain(std::string_view message);

/// Makes every error's message plain, and no secret of four or more characters readable
/// in it: each copy inside quoted input becomes "***"; a copy anywhere else replaces the
/// message with one that says it was hidden. A key that contains a secret is dropped (the
/// line still says where). Shorter secrets would match ordinary words and stay.
void redact(std::vector<Error>& errors, const std::vector<std::string>& secrets);

}  // namespace config
