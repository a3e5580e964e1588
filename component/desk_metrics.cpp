// The workgroup's Prometheus figures (component/metrics.hpp): what the routing effects
// say happened, and what the state is after each turn.

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include <chrono>

#include "component/desk.hpp"

namespace component {

void Desk::count(const routing::Effect& effect) const {
    if (const auto* assign = std::get_if<routing::Assign>(&effect)) {
        if (assign->reason != routing::AssignReason::transferred) {
            metrics_->routed->Increment();
            metrics_->wait->Observe(std::chrono::duration<double>(assign->waited).count());
        }
    } else if (const auto* closed = std::get_if<routing::Closed>(&effect)) {
        if (closed->missed) {
            (closed->reason == routing::CloseReason::visitor_left ? metrics_->abandoned
                                                                  : metrics_->missed)
                ->Increment();
        }
    }
}

void Desk::update_metrics() const {
    if (metrics_ == nullptr) {
        return;
    }
    const routing::Workgroup& wg = *workgroup_;
    metrics_->waiting->Set(static_cast<double>(wg.waiting_count()));
    metrics_->open->Set(static_cast<double>(wg.open_count()));
    metrics_->online->Set(static_cast<double>(wg.agents_present()));
    metrics_->eligible->Set(static_cast<double>(wg.agents_eligible()));
    const auto state = static_cast<std::size_t>(wg.availability());
    for (std::size_t i = 0; i < metrics_->availability.size(); ++i) {
        metrics_->availability[i]->Set(i == state ? 1 : 0);
    }
}

}  // namespace component
