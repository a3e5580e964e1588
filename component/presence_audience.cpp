#include "component/presence_audience.hpp"

namespace component {

std::vector<std::string> PresenceAudience::addresses() const {
    std::vector<std::string> out(subscribers_.begin(), subscribers_.end());
    for (const auto& full : directed_) {
        const auto slash = full.find('/');
        const std::string bare = slash == std::string::npos ? full : full.substr(0, slash);
        if (subscribers_.count(bare) == 0) {
            out.push_back(full);
        }
    }
    return out;
}

}  // namespace component
