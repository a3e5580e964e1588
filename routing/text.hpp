#pragma once
// Small text helpers shared by the routing core and the configuration reader.

#include <string>
#include <string_view>

namespace routing {

/// `text` without leading and trailing white space.
std::string_view trim(std::string_view text);

/// ASCII lower case: command words, menu labels, keywords, JIDs.
std::string ascii_lower(std::string_view text);

}  // namespace routing
