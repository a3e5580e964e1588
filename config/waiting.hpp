#pragma once
// The keys for a chat that waits too long (PRODUCT.md, "Routing modes", "When a chat waits
// too long"): relax_after and chat_priority of rules and menu options, and a workgroup's
// overflow, checked within its workgroup and then against the others. Internal to config/.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/table_reader.hpp"
#include "routing/settings.hpp"

namespace config {

/// What a rule or a menu option says about a chat that waits.
struct WaitingKeys {
    routing::Duration relax_after{0};
    std::optional<int> chat_priority;
    bool ok = true;  ///< false when one of them was reported
};

/// relax_after and chat_priority of a rule or a menu option (`what`: "rule", "option").
/// `skill_given`: the entry has a `skill` key (a bad value is its reader's to report).
/// `queue_timeout`: when the workgroup closes a waiting chat (nullopt: never, or unknown).
WaitingKeys read_waiting_keys(TableReader& reader, std::string_view what, bool skill_given,
                              std::optional<routing::Duration> queue_timeout);

/// overflow and overflow_after of `wg` (its name and conversation are read already): what
/// can be checked without the other workgroups. `overflow_line` becomes the line of
/// `overflow` when its target is still to be checked by check_overflows, else 0.
void read_overflow(TableReader& reader, routing::WorkgroupSettings& wg,
                   std::optional<routing::Duration> queue_timeout, int& overflow_line);

/// The targets of every workgroup's `overflow` (`overflow_lines[i]` is the line of
/// workgroups[i]'s, 0 when it has none to check): another workgroup of the file, with
/// conversation = "chat", and no cycle. `not_tables` are names reported already as not
/// being tables.
void check_overflows(const std::vector<routing::WorkgroupSettings>& workgroups,
                     const std::vector<int>& overflow_lines,
                     const std::vector<std::string>& not_tables, Problems& problems);

}  // namespace config
