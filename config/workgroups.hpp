#pragma once
// Reading the [workgroups.NAME] tables, with their agents, menu and rules. Internal to
// config/.

#include <toml++/toml.h>
#include <string>
#include <vector>

#include "config/table_reader.hpp"
#include "routing/settings.hpp"

namespace config {

/// Every workgroup of the `[workgroups]` table, in the order of the file; problems go to
/// `problems`. A workgroup with problems is still read as far as it can be, so that all
/// of them are reported. `domain` is the component's (empty when it is not known): no
/// agent may be in it.
std::vector<routing::WorkgroupSettings> read_workgroups(const toml::table& workgroups,
                                                        const std::string& domain,
                                                        Problems& problems);

}  // namespace config
