#pragma once
// Which addresses this component serves: the domain and its workgroup JIDs.

#include <string>
#include <vector>

namespace component {

/// The addresses the component answers for, taken from the configuration.
struct Directory {
    std::string domain;
    /// Workgroup localparts, in the order of the configuration file.
    std::vector<std::string> workgroups;

    /// The workgroup's bare JID, e.g. `support@desk.example.com`.
    std::string workgroup_jid(const std::string& name) const { return name + "@" + domain; }
    /// True when `local` names a configured workgroup.
    bool has_workgroup(const std::string& local) const;
};

}  // namespace component
