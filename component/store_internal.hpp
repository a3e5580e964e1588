#pragma once
// What the store's source files share: the time in milliseconds and the error that names
// the database. Not for use outside the store.

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "component/store.hpp"

namespace component {

inline std::int64_t ms(routing::Time t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

/// Every storage error names the database, so the operator knows which file to look at.
inline std::runtime_error storage_error(const std::string& path, std::string_view why) {
    return std::runtime_error("storage " + path + ": " + std::string(why));
}

}  // namespace component
