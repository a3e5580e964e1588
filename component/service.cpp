#include "component/service.hpp"

#include <spdlog/spdlog.h>

#include "component/courtesy.hpp"
#include "config/config.hpp"
#include "xmpp/builders.hpp"
#include "xmpp/jid.hpp"

namespace component {
namespace {

using xmpp::ErrorType;
using xmpp::Stanza;

Directory directory_of(const config::Config& config) {
    Directory d;
    d.domain = config.server.domain;
    for (const auto& wg : config.workgroups) {
        d.workgroups.push_back(wg.name);
    }
    return d;
}

}  // namespace

Service::Service(const xmpp::Context& ctx, const config::Config& config, Send send)
    : ctx_(ctx), directory_(directory_of(config)), send_(std::move(send)) {}

void Service::on_online() {
    spdlog::info("serving {} workgroup(s) on {}", directory_.workgroups.size(), directory_.domain);
}

void Service::handle(const Stanza& stanza) {
    const auto name = stanza.name();
    if (name == "iq") {
        handle_iq(stanza);
    } else if (name == "message") {
        handle_message(stanza);
    } else if (name == "presence") {
        handle_presence(stanza);
    } else {
        spdlog::debug("ignored a <{}> element on the component stream", name);
    }
}

void Service::handle_iq(const Stanza& iq) {
    const auto type = iq.type();
    if (type != "get" && type != "set") {
        return;  // results and errors are never answered (RFC 6120 8.2.3)
    }
    const auto to = xmpp::Jid::parse(iq.to());
    if (!to || to->domain != directory_.domain) {
        send_(xmpp::error_reply(ctx_, iq, ErrorType::modify, "jid-malformed"));
        return;
    }
    if (!xmpp::Jid::parse(iq.from())) {
        send_(xmpp::error_reply(ctx_, iq, ErrorType::modify, "jid-malformed"));
        return;
    }
    if (!to->local.empty() && !directory_.has_workgroup(to->local)) {
        send_(xmpp::error_reply(ctx_, iq, ErrorType::cancel, "service-unavailable"));
        return;
    }
    if (iq.children().size() != 1) {
        send_(xmpp::error_reply(ctx_, iq, ErrorType::modify, "bad-request"));
        return;
    }
    if (Stanza reply = answer_courtesy_iq(ctx_, directory_, *to, iq)) {
        send_(reply);
        return;
    }
    send_(xmpp::error_reply(ctx_, iq, ErrorType::cancel, "service-unavailable"));
}

void Service::handle_message(const Stanza& message) {
    const auto type = message.type();
    if (type == "error") {
        return;  // never answer an error
    }
    // Conversations arrive with the routing work; until then say so politely.
    send_(xmpp::error_reply(ctx_, message, ErrorType::cancel, "service-unavailable"));
}

void Service::handle_presence(const Stanza& presence) {
    spdlog::debug("presence from {} to {} ({})", presence.from(), presence.to(),
                  presence.type().empty() ? "available" : presence.type());
}

}  // namespace component
