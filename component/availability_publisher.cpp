#include "component/availability_publisher.hpp"

#include <spdlog/spdlog.h>

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

AvailabilityPublisher::AvailabilityPublisher(const xmpp::Context& ctx, std::string jid, Send send,
                                             routing::AvailabilityChanged initial, Skip skip)
    : ctx_(ctx),
      jid_(std::move(jid)),
      send_(std::move(send)),
      skip_(std::move(skip)),
      current_(std::move(initial)) {}

xmpp::Stanza AvailabilityPublisher::presence_to(const std::string& to) const {
    const auto& a = current_;
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

void AvailabilityPublisher::send_to(const std::string& to) const {
    if (!skip_(to)) {
        send_(presence_to(to));
    }
}

void AvailabilityPublisher::announce_closed(const std::string& offline_text) {
    current_.availability = routing::Availability::closed;
    current_.status = offline_text;
    for (const auto& to : audience_.addresses()) {
        send_to(to);
    }
}

void AvailabilityPublisher::note(const routing::AvailabilityChanged& change) {
    if (change.availability != current_.availability || change.figures != current_.figures ||
        change.status != current_.status) {
        current_ = change;
        dirty_ = true;
    }
}

void AvailabilityPublisher::flush(std::chrono::steady_clock::time_point now,
                                  std::chrono::milliseconds min_interval) {
    if (!round_ && dirty_ && now - last_push_ >= min_interval) {
        // A change during the round reaches the addresses still ahead at once, and
        // everyone at the next round.
        dirty_ = false;
        last_push_ = now;
        round_.emplace();
        spdlog::debug("{}: presence {} (queue {}) to {} subscriber(s) and {} widget(s)", jid_,
                      queue_status(current_.availability), current_.figures.count,
                      audience_.subscribers().size(), audience_.directed_count());
    }
    if (!round_) {
        return;
    }
    for (const auto& to : audience_.next(*round_, kPushBatch)) {
        send_to(to);
    }
    if (round_->done) {
        round_.reset();
    }
}

}  // namespace component
