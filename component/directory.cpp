#include "component/directory.hpp"

#include <algorithm>

namespace component {

bool Directory::has_workgroup(const std::string& local) const {
    return std::find(workgroups.begin(), workgroups.end(), local) != workgroups.end();
}

}  // namespace component
