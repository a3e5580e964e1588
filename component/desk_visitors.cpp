// Desk: what comes back. Visitors who vanish without a word (a crashed page, a client
// that only sends messages) send no `unavailable`: a message or presence to them that
// bounces, or a ping to their full JID that fails or goes unanswered, counts as their
// going offline, and the routing core's rules for an offline visitor apply (PRODUCT.md,
// "What the visitor sees"). A visitor who answers a ping or writes again is back. And a
// chat's line that an agent's client refuses is reported to the agent.

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>

#include "component/desk.hpp"
#include "xmpp/builders.hpp"
#include "xmpp/jid.hpp"

namespace component {
namespace {

// The conditions with which a server answers for an address that is no longer there (an
// anonymous login that ended, a resource gone): the visitor is gone. Any other error came
// from the visitor's own client (one that does not do XEP-0199 answers
// feature-not-implemented), which is there to say so.
bool address_gone(std::string_view condition) {
    static constexpr std::array<std::string_view, 6> kGone = {
        "service-unavailable",     "item-not-found",       "recipient-unavailable", "gone",
        "remote-server-not-found", "remote-server-timeout"};
    return std::find(kGone.begin(), kGone.end(), condition) != kGone.end();
}

}  // namespace

void Desk::visitor_heard(const std::string& bare, const std::string& full,
                         const routing::Now& now) {
    const auto it = visitor_address_.find(bare);
    // Only the address we write to counts, and only a full JID is pinged.
    if (it == visitor_address_.end() || it->second.full != full ||
        full.find('/') == std::string::npos || !has_conversation(bare)) {
        return;
    }
    watch_.heard(bare, full, now.at);
}

void Desk::visitor_gone(const std::string& bare, std::string_view why, const routing::Now& now) {
    const routing::Conversation* c = workgroup_->conversation_of(bare);
    if (c == nullptr || !c->visitor_online) {
        return;
    }
    spdlog::info("{}.{}: the visitor is gone: {}", name(), c->id, why);
    handle(routing::VisitorPresence{bare, false}, now, nullptr);
}

void Desk::bounced(const xmpp::Stanza& error, std::optional<routing::ConversationId> conversation,
                   const routing::Now& now) {
    const auto from = xmpp::Jid::parse(error.from());
    if (!from) {
        return;
    }
    const std::string bare = from->bare();
    if (conversation) {
        // The agent's client or server refused a line of the chat (a setting that hides
        // strangers' messages): they hear of it from the workgroup JID, once.
        if (is_agent(bare)) {
            handle(routing::AgentRefused{bare, *conversation}, now, nullptr);
        }
        return;
    }
    const auto it = visitor_address_.find(bare);
    if (it == visitor_address_.end()) {
        return;  // no chat: nothing of ours to them
    }
    const std::string_view condition = xmpp::error_condition(error);
    // From the address we write to, or for the whole account; an older address of theirs
    // bouncing says nothing about the current one.
    if (!address_gone(condition) || (!from->resource.empty() && it->second.full != from->full())) {
        return;
    }
    watch_.offline(bare);
    visitor_gone(
        bare, std::string(error.name()) + " to them bounced (" + std::string(condition) + ")", now);
}

void Desk::on_iq_answer(const xmpp::Stanza& iq, const routing::Now& now) {
    const auto bare = watch_.answered(iq.id(), iq.from());
    if (!bare) {
        return;  // no ping of ours (or no longer): never answered either way
    }
    if (!has_conversation(*bare)) {
        watch_.forget(*bare);
        return;
    }
    const std::string_view condition = iq.type() == "error" ? xmpp::error_condition(iq) : "";
    if (address_gone(condition)) {
        watch_.offline(*bare);
        visitor_gone(*bare, "a ping to them failed (" + std::string(condition) + ")", now);
        return;
    }
    watch_.heard(*bare, std::string(iq.from()), now.at);
    if (!workgroup_->conversation_of(*bare)->visitor_online) {
        spdlog::info("{}: {} answered a ping: back", jid_, *bare);
        handle(routing::VisitorPresence{*bare, true}, now, nullptr);
    }
}

void Desk::watch_visitors(const routing::Now& now) {
    for (const auto& bare : watch_.unanswered(now.at)) {
        // Offline for the watch already; a late answer still brings them back.
        visitor_gone(bare, "a ping to them went unanswered", now);
    }
    for (const auto& ping : watch_.due(now.at)) {
        send_(xmpp::ping(ctx_, jid_, ping.full, ping.id));
    }
}

}  // namespace component
