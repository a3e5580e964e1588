// Desk: visitors who arrive by MUC (PRODUCT.md, "Group chat (MUC) on both sides"). The
// workgroup JID answers a XEP-0045 join to `support@desk.example.com/NICK` as a minimal
// room in which each visitor sees themselves, the desk (whose lines are the welcome, menu,
// queue and notices) and, once their chat has one, its agent; never another visitor. What they
// write there is their chat, exactly as a chat message would be; leaving the room is going offline.

#include <spdlog/spdlog.h>

#include "component/desk.hpp"
#include "component/muc_visitors.hpp"
#include "xmpp/builders.hpp"
#include "xmpp/jid.hpp"

namespace component {

using xmpp::ErrorType;
using xmpp::Stanza;

bool Desk::in_room(const std::string& bare) const {
    const auto it = visitor_address_.find(bare);
    return it != visitor_address_.end() && !it->second.nick.empty();
}

void Desk::show_in_room(const std::string& bare, bool arrivals_only) {
    const auto it = visitor_address_.find(bare);
    if (it == visitor_address_.end() || it->second.nick.empty()) {
        return;
    }
    VisitorAddress& address = it->second;
    // The agent who has the chat (offered or owned); nobody once it is closed.
    const routing::Conversation* c = workgroup_->conversation_of(bare);
    const std::string wanted =
        c != nullptr && c->agent
            ? muc::agent_nick(workgroup_->settings().agents[*c->agent], desk_nick())
            : "";
    if (wanted == address.agent_shown || (arrivals_only && wanted.empty())) {
        return;
    }
    if (!address.agent_shown.empty()) {
        send_(muc::occupant_presence(ctx_, occupant(address.agent_shown), address.full, false,
                                     false));
    }
    if (!wanted.empty()) {
        send_(muc::occupant_presence(ctx_, occupant(wanted), address.full, true, false));
    }
    address.agent_shown = wanted;
}

bool Desk::room_presence(const Stanza& presence, const xmpp::Jid& from, const std::string& nick,
                         const routing::Now& now) {
    const auto type = presence.type();
    if (type != "" && type != "unavailable") {
        return false;
    }
    const std::string bare = from.bare();
    const std::string full = from.full();
    auto it = visitor_address_.find(bare);
    const bool came_by_muc = it != visitor_address_.end() && it->second.muc;
    const bool occupant_here = came_by_muc && !it->second.nick.empty() && it->second.full == full;

    if (type == "unavailable") {
        if (!occupant_here) {
            return came_by_muc;  // an older resource of theirs: says nothing about this one
        }
        // §7.14: the room confirms to the one who leaves.
        send_(muc::occupant_presence(ctx_, occupant(it->second.nick), full, false, true));
        spdlog::info("{}: {} left the room", jid_, bare);
        if (!has_conversation(bare)) {
            visitor_address_.erase(it);
            return true;
        }
        it->second.nick.clear();
        it->second.agent_shown.clear();
        watch_.offline(bare);
        handle(routing::VisitorPresence{bare, false}, now, nullptr);
        keep_addresses(bare);  // out of the room, after a restart too
        return true;
    }
    if (occupant_here) {
        if (nick != it->second.nick) {
            send_(muc::refusal(ctx_, presence, ErrorType::modify, "not-acceptable",
                               "This room does not let you change your nickname."));
            return true;
        }
        // A presence update (§7.7): the room shows it to its occupants, the sender too.
        send_(muc::occupant_presence(ctx_, occupant(nick), full, true, true));
        return true;
    }
    if (!muc::is_join(presence)) {
        return false;  // directed presence to a resource of the workgroup: as to the workgroup
    }

    // A join (§7.2).
    if (!muc::valid_nick(nick)) {
        send_(muc::refusal(ctx_, presence, ErrorType::modify, "not-acceptable",
                           "That nickname cannot be shown here. Please choose another one."));
        return true;
    }
    bool taken = nick == desk_nick();
    for (const auto& agent : workgroup_->settings().agents) {
        taken = taken || muc::agent_nick(agent, desk_nick()) == nick;
    }
    for (const auto& [other, address] : visitor_address_) {
        taken = taken || (other != bare && address.nick == nick);
    }
    if (taken) {
        send_(muc::refusal(ctx_, presence, ErrorType::cancel, "conflict",
                           "That nickname is in use. Please choose another one."));
        return true;
    }
    if (!has_conversation(bare)) {
        // A room with no seat for a new chat (§7.2.8 max users) or none at all now.
        const routing::Availability availability = workgroup_->report().availability;
        if (availability == routing::Availability::closed) {
            spdlog::info("{}: refused {} into the room — workgroup closed", jid_, bare);
            send_(muc::refusal(ctx_, presence, ErrorType::cancel, "not-allowed",
                               workgroup_->settings().offline));
            return true;
        }
        if (availability == routing::Availability::full) {
            spdlog::info("{}: refused {} into the room — workgroup full", jid_, bare);
            send_(muc::refusal(ctx_, presence, ErrorType::wait, "service-unavailable",
                               workgroup_->settings().not_available));
            return true;
        }
    }
    VisitorAddress& address = visitor_address_[bare];
    address = VisitorAddress{full, true, nick, {}};
    spdlog::info("{}: {} joined the room as {}", jid_, full, nick);
    // §7.2.3 and §7.2.15: the other occupants (the desk, their agent), the visitor's own
    // presence, then the subject.
    send_(muc::occupant_presence(ctx_, occupant(desk_nick()), full, true, false));
    show_in_room(bare);
    Stanza own = muc::occupant_presence(ctx_, occupant(nick), full, true, true);
    if (presence.has_attr("id")) {
        own.set_attr("id", presence.id());
    }
    send_(own);
    send_(muc::subject(ctx_, jid_, full, name()));
    if (has_conversation(bare)) {
        handle(routing::VisitorPresence{bare, true}, now, nullptr);
        visitor_heard(bare, full, now);
        keep_addresses(bare);  // in the room again, after a restart too
    }
    return true;
}

void Desk::room_message(const Stanza& message, const routing::Now& now) {
    const auto from = xmpp::Jid::parse(message.from());
    if (!from) {
        return;
    }
    const std::string bare = from->bare();
    const auto it = visitor_address_.find(bare);
    if (is_agent(bare) || it == visitor_address_.end() || it->second.nick.empty() ||
        it->second.full != from->full()) {
        // §7.4: only occupants write to a room.
        send_(xmpp::error_reply(ctx_, message, ErrorType::modify, "not-acceptable",
                                "You are not in this room. Please join it first."));
        return;
    }
    if (message.child("body")) {
        echo_ = muc::echo(ctx_, message, occupant(it->second.nick), from->full());
    }
    visitor_message(message, bare, now);
    if (echo_) {
        send_(*echo_);  // accepted without a word in answer (kept for the agent)
        echo_.reset();
    }
    if (has_conversation(bare)) {
        visitor_heard(bare, from->full(), now);
    }
}

void Desk::on_room_ping(const Stanza& iq) {
    const auto from = xmpp::Jid::parse(iq.from());
    const auto to = xmpp::Jid::parse(iq.to());
    const auto it = from ? visitor_address_.find(from->bare()) : visitor_address_.end();
    if (it != visitor_address_.end() && to && !it->second.nick.empty() &&
        it->second.nick == to->resource && it->second.full == from->full()) {
        send_(xmpp::iq_result(ctx_, iq));
        return;
    }
    send_(xmpp::error_reply(ctx_, iq, ErrorType::cancel, "not-acceptable",
                            "You are not in this room."));
}

}  // namespace component
