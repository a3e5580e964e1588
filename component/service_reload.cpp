// Service: a reload (SIGHUP) with a configuration that validated (PRODUCT.md, "Operating
// it"). main keeps the keys that need a restart at their old values before calling it.

#include <spdlog/spdlog.h>

#include <algorithm>

#include "component/service.hpp"
#include "config/config.hpp"

namespace component {

void Service::reload(const config::Config& config, const Instant& now) {
    // Everything handled so far is committed and sent under the configuration it was
    // handled with.
    drain();
    clock_ = LocalClock(config.timezone);
    rate_ = RateLimiter(config.limits.messages_per_second, config.limits.burst);
    presence_rate_ = RateLimiter(config.limits.messages_per_second, config.limits.burst);
    conversations_per_visitor_ = config.limits.conversations_per_visitor;
    const routing::Now local = clock_.at(now.wall);

    std::vector<std::unique_ptr<Desk>> kept;
    std::vector<std::string> names;
    for (const auto& settings : config.workgroups) {
        names.push_back(settings.name);
        auto it = std::find_if(desks_.begin(), desks_.end(),
                               [&](const auto& d) { return d->name() == settings.name; });
        try {
            if (it != desks_.end()) {
                (*it)->reconfigure(settings, local);
                kept.push_back(std::move(*it));
                desks_.erase(it);
                continue;
            }
            auto added = make_desk(settings, next_seed_++);
            if (metrics_ != nullptr) {
                added->set_metrics(&metrics_->workgroup(settings.name));
            }
            added->restore(local);  // a workgroup that was there before comes back as it was
            added->on_online(local);
            spdlog::info("reload: workgroup {} added", added->jid());
            kept.push_back(std::move(added));
        } catch (const std::exception& e) {
            spdlog::error("reload: workgroup {}: {}", settings.name, e.what());
        }
    }
    for (const auto& gone : desks_) {
        spdlog::info("reload: workgroup {} is no longer in the file: closed", gone->jid());
        gone->retire(local);
        if (metrics_ != nullptr) {
            gone->set_metrics(nullptr);
            metrics_->remove_workgroup(gone->name());
        }
    }
    desks_ = std::move(kept);
    directory_.workgroups = std::move(names);
    flush();
}

}  // namespace component
