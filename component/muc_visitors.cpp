#include "component/muc_visitors.hpp"

#include <algorithm>

#include "routing/settings.hpp"
#include "xmpp/namespaces.hpp"

namespace component::muc {
namespace {

using xmpp::Stanza;

Stanza muc_user_item(const xmpp::Context& ctx, bool available) {
    Stanza x = xmpp::element(ctx, "x", xmpp::ns::kMucUser);
    Stanza item = xmpp::element(ctx, "item");
    item.set_attr("affiliation", "none").set_attr("role", available ? "participant" : "none");
    return x.add(item);
}

}  // namespace

bool is_join(const Stanza& presence) {
    return presence.name() == "presence" && static_cast<bool>(presence.child("x", xmpp::ns::kMuc));
}

bool valid_nick(std::string_view nick) {
    if (nick.empty() || nick.size() > kMaxNick || nick.front() == ' ' || nick.back() == ' ') {
        return false;
    }
    return std::none_of(nick.begin(), nick.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

std::string agent_nick(const routing::AgentSettings& agent, std::string_view desk) {
    if (valid_nick(agent.name) && agent.name != desk) {
        return agent.name;
    }
    return agent.jid.substr(0, agent.jid.find('@'));
}

Stanza occupant_presence(const xmpp::Context& ctx, std::string_view occupant, std::string_view to,
                         bool available, bool self) {
    Stanza p = xmpp::presence(ctx, occupant, to, available ? "" : "unavailable");
    Stanza x = muc_user_item(ctx, available);
    if (self) {
        Stanza status = xmpp::element(ctx, "status");
        status.set_attr("code", "110");
        x.add(status);
    }
    return p.add(x);
}

Stanza subject(const xmpp::Context& ctx, std::string_view room, std::string_view to,
               std::string_view text) {
    Stanza m = xmpp::message(ctx, room, to, "groupchat", {});
    return m.add(xmpp::text_element(ctx, "subject", text));
}

Stanza refusal(const xmpp::Context& ctx, const Stanza& join, xmpp::ErrorType type,
               std::string_view condition, std::string_view text) {
    Stanza p = xmpp::error_reply(ctx, join, type, condition, text);
    return p.add(xmpp::element(ctx, "x", xmpp::ns::kMuc));
}

Stanza echo(const xmpp::Context& ctx, const Stanza& message, std::string_view occupant,
            std::string_view to) {
    Stanza m = xmpp::message(ctx, occupant, to, "groupchat", message.child("body").text());
    if (message.has_attr("id")) {
        m.set_attr("id", message.id());
    }
    if (Stanza origin = message.child("origin-id", xmpp::ns::kStanzaId)) {
        Stanza copy = xmpp::element(ctx, "origin-id", xmpp::ns::kStanzaId);
        copy.set_attr("id", origin.attr("id"));
        m.add(copy);
    }
    if (Stanza state = message.child_in(xmpp::ns::kChatStates)) {
        m.add(xmpp::element(ctx, state.name(), xmpp::ns::kChatStates));
    }
    return m;
}

}  // namespace component::muc
