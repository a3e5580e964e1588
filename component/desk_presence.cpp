// Desk: the workgroup JID's availability presence (PRODUCT.md, "Availability that
// widgets read"), with XEP-0142 queue figures, pushed to its audience on change.

#include <spdlog/spdlog.h>

#include "component/desk.hpp"
#include "xmpp/builders.hpp"
#include "xmpp/namespaces.hpp"

namespace component {
namespace {

// XEP-0142 queue status: open accepts new chats, active is busy but not accepting.
const char* queue_status(routing::Availability availability) {
    switch (availability) {
        case routing::Availability::open:
            return "open";
        case routing::Availability::full:
            return "active";
        case routing::Availability::closed:
            return "closed";
    }
    return "closed";
}

}  // namespace

xmpp::Stanza Desk::availability_presence(const std::string& to) const {
    const auto& a = availability_;
    xmpp::Stanza p = xmpp::presence(
        ctx_, jid_, to, a.availability == routing::Availability::closed ? "unavailable" : "");
    if (a.availability == routing::Availability::open) {
        p.add(xmpp::text_element(ctx_, "show", "chat"));
    } else if (a.availability == routing::Availability::full) {
        p.add(xmpp::text_element(ctx_, "show", "dnd"));
    }
    if (!a.status.empty()) {
        p.add(xmpp::text_element(ctx_, "status", a.status));
    }
    xmpp::Stanza queue = xmpp::element(ctx_, "notify-queue", xmpp::ns::kWorkgroup);
    queue.add(xmpp::text_element(ctx_, "count", std::to_string(a.figures.count)));
    if (a.figures.oldest) {
        queue.add(xmpp::text_element(ctx_, "oldest", xmpp::datetime(*a.figures.oldest)));
    }
    queue.add(xmpp::text_element(ctx_, "time", std::to_string(a.figures.estimated_wait.count())));
    queue.add(xmpp::text_element(ctx_, "status", queue_status(a.availability)));
    return p.add(queue);
}

void Desk::send_availability(const std::string& to) {
    send_(availability_presence(to));
}

void Desk::announce_closed() {
    availability_.availability = routing::Availability::closed;
    availability_.status = workgroup_->settings().offline;
    for (const auto& to : audience_.addresses()) {
        send_availability(to);
    }
}

void Desk::note_availability(const routing::AvailabilityChanged& change) {
    if (change.availability != availability_.availability ||
        change.figures != availability_.figures || change.status != availability_.status) {
        availability_ = change;
        presence_dirty_ = true;
    }
}

void Desk::flush_presence(std::chrono::steady_clock::time_point now,
                          std::chrono::milliseconds min_interval) {
    if (!presence_dirty_ || now - last_push_ < min_interval) {
        return;
    }
    presence_dirty_ = false;
    last_push_ = now;
    const auto audience = audience_.addresses();
    spdlog::debug("{}: presence {} (queue {}) to {} address(es)", jid_,
                  queue_status(availability_.availability), availability_.figures.count,
                  audience.size());
    for (const auto& to : audience) {
        send_availability(to);
    }
}

}  // namespace component
