#pragma once
// A workgroup JID's availability presence (PRODUCT.md, "Availability that widgets read"):
// what it says now, who receives it, and pushing it on change, coalesced.

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "component/presence_audience.hpp"
#include "routing/effects.hpp"
#include "xmpp/stanza.hpp"

namespace xmpp {
class Context;
}

namespace component {

/// Publishes one workgroup's availability to its audience.
class AvailabilityPublisher {
  public:
    using Send = std::function<void(const xmpp::Stanza&)>;
    /// True for an address of the audience that gets a presence of its own instead (the
    /// workgroup's agents: see PresenceToAgents).
    using Skip = std::function<bool(const std::string& address)>;

    /// `jid` is the workgroup's bare JID; `initial` what it says until the first change.
    AvailabilityPublisher(const xmpp::Context& ctx, std::string jid, Send send,
                          routing::AvailabilityChanged initial, Skip skip);

    /// Subscribers and directed-presence senders.
    PresenceAudience& audience() { return audience_; }
    const PresenceAudience& audience() const { return audience_; }

    /// The routing core reported a state: remembered, pushed at the next `flush` if new.
    void note(const routing::AvailabilityChanged& change);
    /// Push the current state again at the next `flush` (after a reconnect or a restore).
    void push_again() { dirty_ = true; }
    /// Sends the current state to one address (a probe, a new widget), unless skipped.
    void send_to(const std::string& to) const;
    /// Pushes to the whole audience if something changed, at most once per `min_interval`;
    /// a push goes to at most `kPushBatch` addresses per call, the rest at the next calls
    /// (so a turn of the event loop stays short), each with the state current then.
    void flush(std::chrono::steady_clock::time_point now, std::chrono::milliseconds min_interval);
    /// Addresses one `flush` sends to at most (tests/bench/README.md: what a push costs).
    static constexpr std::size_t kPushBatch = 1000;
    /// Before a clean stop: tells the audience the workgroup is closed, with `offline_text`.
    void announce_closed(const std::string& offline_text);

  private:
    xmpp::Stanza presence_to(const std::string& to) const;

    const xmpp::Context& ctx_;
    std::string jid_;
    Send send_;
    Skip skip_;
    PresenceAudience audience_;
    routing::AvailabilityChanged current_;
    bool dirty_ = true;
    std::chrono::steady_clock::time_point last_push_{};
    /// The push under way: how far through the audience it is.
    std::optional<PresenceAudience::Cursor> round_;
};

}  // namespace component
