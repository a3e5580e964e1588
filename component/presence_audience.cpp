#include "component/presence_audience.hpp"

#include <limits>

namespace component {

PresenceAudience::Added PresenceAudience::add_directed(const std::string& full, routing::Time at) {
    Added result;
    if (directed_.count(full) > 0) {
        touch(full, at);
        return result;
    }
    if (directed_.size() >= kMaxDirected) {
        const std::string* oldest = by_seen_.begin()->second;
        result.evicted = *oldest;
        forget(directed_.find(*oldest));
    }
    auto it = directed_.emplace(full, at).first;
    by_seen_.emplace(at, &it->first);
    result.added = true;
    return result;
}

void PresenceAudience::touch(const std::string& full, routing::Time at) {
    auto it = directed_.find(full);
    if (it == directed_.end() || it->second == at) {
        return;
    }
    by_seen_.erase({it->second, &it->first});
    it->second = at;
    by_seen_.emplace(at, &it->first);
}

bool PresenceAudience::remove_directed(const std::string& full) {
    auto it = directed_.find(full);
    if (it == directed_.end()) {
        return false;
    }
    forget(it);
    return true;
}

void PresenceAudience::forget(std::map<std::string, routing::Time>::iterator it) {
    by_seen_.erase({it->second, &it->first});
    directed_.erase(it);
}

std::vector<std::string> PresenceAudience::expire(routing::Time before) {
    std::vector<std::string> gone;
    while (!by_seen_.empty() && by_seen_.begin()->first < before) {
        gone.push_back(*by_seen_.begin()->second);
        forget(directed_.find(gone.back()));
    }
    return gone;
}

std::vector<std::string> PresenceAudience::directed() const {
    std::vector<std::string> out;
    out.reserve(directed_.size());
    for (const auto& entry : directed_) {
        out.push_back(entry.first);
    }
    return out;
}

std::vector<std::string> PresenceAudience::addresses() const {
    Cursor all;
    return next(all, std::numeric_limits<std::size_t>::max());
}

std::vector<std::string> PresenceAudience::next(Cursor& cursor, std::size_t n) const {
    std::vector<std::string> out;
    if (!cursor.in_directed) {
        auto it = cursor.after ? subscribers_.upper_bound(*cursor.after) : subscribers_.begin();
        for (; it != subscribers_.end() && out.size() < n; ++it) {
            out.push_back(*it);
            cursor.after = *it;
        }
        if (it != subscribers_.end()) {
            return out;
        }
        cursor.in_directed = true;
        cursor.after.reset();
    }
    auto it = cursor.after ? directed_.upper_bound(*cursor.after) : directed_.begin();
    for (; it != directed_.end() && out.size() < n; ++it) {
        cursor.after = it->first;
        const std::string& full = it->first;
        const auto slash = full.find('/');
        if (subscribers_.count(slash == std::string::npos ? full : full.substr(0, slash)) == 0) {
            out.push_back(full);
        }
    }
    cursor.done = it == directed_.end();
    return out;
}

}  // namespace component
