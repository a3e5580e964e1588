#include "component/courtesy.hpp"

#include "xmpp/builders.hpp"
#include "xmpp/jid.hpp"
#include "xmpp/namespaces.hpp"

#ifndef SWITCHBOARD_VERSION
#define SWITCHBOARD_VERSION "0.0.0"
#endif

namespace component {
namespace {

using xmpp::Stanza;

Stanza feature(const xmpp::Context& ctx, const char* var) {
    Stanza f = xmpp::element(ctx, "feature");
    f.set_attr("var", var);
    return f;
}

Stanza identity(const xmpp::Context& ctx, const char* category, const char* type,
                const std::string& name) {
    Stanza i = xmpp::element(ctx, "identity");
    i.set_attr("category", category).set_attr("type", type).set_attr("name", name);
    return i;
}

Stanza disco_info(const xmpp::Context& ctx, const Address& to, const Stanza& iq,
                  const Stanza& query) {
    Stanza out = xmpp::element(ctx, "query", xmpp::ns::kDiscoInfo);
    if (query.has_attr("node")) {
        return {};  // no nodes are published
    }
    switch (to.kind) {
        case Address::Kind::domain:
            out.add(identity(ctx, "component", "generic", "Switchboard"));
            out.add(feature(ctx, xmpp::ns::kDiscoInfo));
            out.add(feature(ctx, xmpp::ns::kDiscoItems));
            out.add(feature(ctx, xmpp::ns::kVersion));
            out.add(feature(ctx, xmpp::ns::kPing));
            break;
        case Address::Kind::workgroup:
            out.add(identity(ctx, "collaboration", "workgroup", to.workgroup));
            // Also a room for visitors who arrive by MUC (XEP-0045 §6.4): listed in the
            // domain's items and open to anyone; each visitor sees only themselves and their
            // agent there, and no real JID of anyone.
            out.add(identity(ctx, "conference", "text", to.workgroup));
            out.add(feature(ctx, xmpp::ns::kDiscoInfo));
            out.add(feature(ctx, xmpp::ns::kPing));
            out.add(feature(ctx, xmpp::ns::kWorkgroup));
            out.add(feature(ctx, xmpp::ns::kCommands));
            out.add(feature(ctx, xmpp::ns::kMuc));
            for (const char* room : {"muc_public", "muc_open", "muc_persistent",
                                     "muc_semianonymous", "muc_unmoderated", "muc_unsecured"}) {
                out.add(feature(ctx, room));
            }
            break;
        case Address::Kind::conversation:
            // The visitor, as the agent's client sees them: someone who types (chat states,
            // which some clients send only to whom announces them) and has a nickname.
            out.add(identity(ctx, "client", "web", "Chat " + std::to_string(to.conversation)));
            out.add(feature(ctx, xmpp::ns::kDiscoInfo));
            out.add(feature(ctx, xmpp::ns::kPing));
            out.add(feature(ctx, xmpp::ns::kChatStates));
            out.add(feature(ctx, xmpp::ns::kNick));
            break;
        case Address::Kind::unknown:
            return {};
    }
    return xmpp::iq_result(ctx, iq).add(out);
}

Stanza disco_items(const xmpp::Context& ctx, const Directory& directory, const xmpp::Jid& to,
                   const Stanza& iq, const Stanza& query) {
    if (query.has_attr("node")) {
        return {};
    }
    Stanza out = xmpp::element(ctx, "query", xmpp::ns::kDiscoItems);
    if (to.local.empty()) {
        for (const auto& name : directory.workgroups) {
            Stanza item = xmpp::element(ctx, "item");
            item.set_attr("jid", directory.workgroup_jid(name)).set_attr("name", name);
            out.add(item);
        }
    }
    return xmpp::iq_result(ctx, iq).add(out);
}

Stanza version(const xmpp::Context& ctx, const Stanza& iq) {
    Stanza out = xmpp::element(ctx, "query", xmpp::ns::kVersion);
    out.add(xmpp::text_element(ctx, "name", "Switchboard"));
    out.add(xmpp::text_element(ctx, "version", SWITCHBOARD_VERSION));
    return xmpp::iq_result(ctx, iq).add(out);
}

}  // namespace

Stanza answer_courtesy_iq(const xmpp::Context& ctx, const Directory& directory, const xmpp::Jid& to,
                          const Stanza& iq) {
    const bool get = iq.type() == "get";
    const auto children = iq.children();
    if (!get || children.size() != 1) {
        return {};
    }
    const Stanza& query = children.front();
    const auto ns = query.ns();
    if (ns == xmpp::ns::kPing && query.name() == "ping") {
        return xmpp::iq_result(ctx, iq);
    }
    if (ns == xmpp::ns::kDiscoInfo && query.name() == "query") {
        return disco_info(ctx, directory.resolve(to), iq, query);
    }
    if (ns == xmpp::ns::kDiscoItems && query.name() == "query") {
        return disco_items(ctx, directory, to, iq, query);
    }
    if (ns == xmpp::ns::kVersion && query.name() == "query" && to.local.empty()) {
        return version(ctx, iq);
    }
    return {};
}

}  // namespace component
