#include "component/visitor_watch.hpp"

#include <algorithm>

namespace component {

routing::Duration VisitorWatch::interval_for(routing::Duration visitor_grace) {
    return std::clamp<routing::Duration>(visitor_grace / 3, std::chrono::seconds{1},
                                         std::chrono::minutes{1});
}

VisitorWatch::VisitorWatch(routing::Duration visitor_grace)
    : interval_(interval_for(visitor_grace)) {}

void VisitorWatch::unlist(const std::string& bare, const Visitor& v) {
    silent_.erase({v.heard, bare});
    pending_.erase({v.pinged_at, bare});
}

void VisitorWatch::list(const std::string& bare, const Visitor& v) {
    if (!v.ping.empty()) {
        if (!v.failed) {
            pending_.insert({v.pinged_at, bare});
        }
    } else if (v.online) {
        silent_.insert({v.heard, bare});
    }
}

void VisitorWatch::heard(const std::string& bare, const std::string& full, routing::Time at) {
    Visitor& v = visitors_[bare];
    unlist(bare, v);
    if (!v.ping.empty()) {
        by_id_.erase(v.ping);
        v.ping.clear();
    }
    v.full = full;
    v.heard = at;
    v.online = true;
    v.failed = false;
    list(bare, v);
}

void VisitorWatch::offline(const std::string& bare) {
    auto it = visitors_.find(bare);
    if (it == visitors_.end()) {
        return;
    }
    Visitor& v = it->second;
    unlist(bare, v);
    by_id_.erase(v.ping);
    v.ping.clear();
    v.online = false;
}

void VisitorWatch::align(const std::function<std::optional<bool>(const std::string&)>& online_of) {
    std::vector<std::string> gone;
    for (auto& [bare, v] : visitors_) {
        const std::optional<bool> online = online_of(bare);
        if (!online) {
            gone.push_back(bare);
        } else if (*online != v.online) {
            unlist(bare, v);
            v.online = *online;
            v.failed = false;
            list(bare, v);
        }
    }
    for (const auto& bare : gone) {
        forget(bare);
    }
}

void VisitorWatch::forget(const std::string& bare) {
    auto it = visitors_.find(bare);
    if (it == visitors_.end()) {
        return;
    }
    unlist(bare, it->second);
    by_id_.erase(it->second.ping);
    visitors_.erase(it);
}

std::vector<VisitorWatch::Ping> VisitorWatch::due(routing::Time at) {
    if (refilled_at_ && at > *refilled_at_) {
        const std::chrono::duration<double> elapsed = at - *refilled_at_;
        tokens_ = std::min(kMaxPingsPerSecond, tokens_ + elapsed.count() * kMaxPingsPerSecond);
    }
    refilled_at_ = at;
    std::vector<Ping> out;
    while (!silent_.empty() && silent_.begin()->first + interval_ <= at && tokens_ >= 1) {
        const std::string bare = silent_.begin()->second;
        silent_.erase(silent_.begin());
        Visitor& v = visitors_[bare];
        v.ping = "sb-ping-" + std::to_string(next_id_++);
        v.pinged_at = at;
        v.failed = false;
        by_id_.emplace(v.ping, bare);
        list(bare, v);
        out.push_back(Ping{v.full, v.ping});
        tokens_ -= 1;
    }
    return out;
}

std::optional<std::string> VisitorWatch::answered(std::string_view id, std::string_view from) {
    auto found = by_id_.find(std::string(id));
    if (found == by_id_.end()) {
        return std::nullopt;
    }
    const std::string bare = found->second;
    Visitor& v = visitors_[bare];
    if (v.full != from) {
        return std::nullopt;  // someone else's answer to a ping they never got
    }
    unlist(bare, v);
    by_id_.erase(found);
    v.ping.clear();
    list(bare, v);
    return bare;
}

std::vector<std::string> VisitorWatch::unanswered(routing::Time at) {
    std::vector<std::string> gone;
    while (!pending_.empty() && pending_.begin()->first + interval_ <= at) {
        const std::string bare = pending_.begin()->second;
        pending_.erase(pending_.begin());
        Visitor& v = visitors_[bare];
        v.failed = true;
        v.online = false;
        gone.push_back(bare);
    }
    return gone;
}

}  // namespace component
