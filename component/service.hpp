#pragma once
// The component's stanza entry point: every stanza the server delivers comes through
// `Service::handle`, which decides who deals with it and makes sure every iq get/set
// gets exactly one answer.

#include <functional>

#include "component/directory.hpp"
#include "xmpp/stanza.hpp"

namespace config {
struct Config;
}
namespace xmpp {
class Context;
}

namespace component {

/// Switchboard's behaviour on the wire, independent of how stanzas travel.
class Service {
public:
    /// Where outgoing stanzas go (the connection in production, a vector in tests).
    using Send = std::function<void(const xmpp::Stanza&)>;

    Service(const xmpp::Context& ctx, const config::Config& config, Send send);

    /// Handles one stanza received from the server.
    void handle(const xmpp::Stanza& stanza);
    /// Called after each (re)connection to the server.
    void on_online();

    const Directory& directory() const { return directory_; }

private:
    void handle_iq(const xmpp::Stanza& iq);
    void handle_message(const xmpp::Stanza& message);
    void handle_presence(const xmpp::Stanza& presence);

    const xmpp::Context& ctx_;
    Directory directory_;
    Send send_;
};

}  // namespace component
