// Service: chats that overflow from one workgroup's desk into another's. A desk asks during
// its event; once the event is handled the chat is offered to the target (Adopt) and, if it
// took it, leaves the source (Moved), all in the same turn and the same commit.

#include <spdlog/spdlog.h>

#include "component/service.hpp"

namespace component {

std::unique_ptr<Desk> Service::make_desk(const routing::WorkgroupSettings& settings,
                                         std::uint64_t seed) {
    auto d = std::make_unique<Desk>(ctx_, directory_, settings, seed, queue_send_, store_.get());
    d->on_overflow(
        [this](const std::string& from, routing::ConversationId id, const std::string& to) {
            overflows_.push_back({from, id, to});
        });
    return d;
}

Desk& Service::holder_of(Desk& addressed, const std::string& bare) {
    if (addressed.has_conversation(bare)) {
        return addressed;
    }
    for (auto& d : desks_) {
        if (d.get() != &addressed && d->holds_overflowed(bare, addressed.name())) {
            return *d;
        }
    }
    return addressed;
}

void Service::run_overflows(const routing::Now& now) {
    // A chat adopted here may ask to move on later, never within the same turn.
    std::vector<OverflowAsked> asked;
    asked.swap(overflows_);
    for (const auto& o : asked) {
        Desk* from = desk(o.from);
        Desk* to = desk(o.to);
        if (from == nullptr || to == nullptr) {
            spdlog::warn("{}.{}: cannot overflow to {}: no such workgroup", o.from, o.id, o.to);
            continue;
        }
        if (to->adopt(*from, o.id, now)) {
            from->moved(o.id, o.to, now);
        }
    }
}

}  // namespace component
