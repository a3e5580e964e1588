// Rooms: what a stanza from a conversation's room means for the desk (component/rooms.hpp):
// the steps of setting it up, and who joined, left or said something, by real JID.

#include <spdlog/spdlog.h>

#include "component/rooms.hpp"
#include "xmpp/builders.hpp"
#include "xmpp/jid.hpp"
#include "xmpp/namespaces.hpp"

namespace component {
namespace {

using xmpp::Stanza;

bool has_status(const Stanza& x, std::string_view code) {
    if (!x) {
        return false;
    }
    for (const Stanza& child : x.children()) {
        if (child.name() == "status" && child.attr("code") == code) {
            return true;
        }
    }
    return false;
}

}  // namespace

Rooms::Heard Rooms::on_stanza(const Stanza& stanza, routing::ConversationId id) {
    const auto it = rooms_.find(id);
    if (it == rooms_.end()) {
        return {};  // a room we destroyed (its last words) or never made
    }
    Room& room = it->second;
    const auto name = stanza.name();
    const auto type = stanza.type();
    if (name == "presence") {
        return on_presence(stanza, id, room);
    }
    if (name == "iq") {
        if (type == "result" && stanza.id() == config_id(id)) {
            when_ready(id, room);
        } else if (type == "error") {
            spdlog::warn("{}.{}: room {} refused a request ({}): {}", workgroup_, id, room_jid(id),
                         stanza.id(), xmpp::error_condition(stanza));
        }
        return {};
    }
    if (name != "message") {
        return {};
    }
    if (type == "error") {
        spdlog::warn("{}.{}: room {} refused a message: {}", workgroup_, id, room_jid(id),
                     xmpp::error_condition(stanza));
        return {};
    }
    // Each line reaches both our occupants: the owner's copy counts.
    if (type != "groupchat" || stanza.to() != owner_jid(id) ||
        stanza.child("delay", xmpp::ns::kDelay) || stanza.child("subject")) {
        return {};
    }
    const auto from = xmpp::Jid::parse(stanza.from());
    if (!from || from->resource == workgroup_ || from->resource == room.visitor_nick) {
        return {};  // our own lines, echoed
    }
    const auto occupant = room.occupants.find(from->resource);
    if (occupant == room.occupants.end()) {
        return {};
    }
    if (Stanza body = stanza.child("body")) {
        return {Heard::Kind::line, occupant->second, body.text()};
    }
    if (stanza.child_in(xmpp::ns::kChatStates)) {
        return {Heard::Kind::chat_state, occupant->second, {}};
    }
    return {};
}

Rooms::Heard Rooms::on_presence(const Stanza& presence, routing::ConversationId id, Room& room) {
    const auto from = xmpp::Jid::parse(presence.from());
    if (!from) {
        return {};
    }
    const auto type = presence.type();
    const bool to_owner = presence.to() == owner_jid(id);
    const Stanza x = presence.child("x", xmpp::ns::kMucUser);
    if (type == "error") {
        const auto condition = xmpp::error_condition(presence);
        if (!to_owner && condition == "conflict" &&
            room.visitor_nick.find(" (visitor)") == std::string::npos) {
            room.visitor_nick += " (visitor)";  // their name is taken in the room: try once more
            Stanza join = xmpp::element(ctx_, "x", xmpp::ns::kMuc);
            send_(xmpp::presence(ctx_, visitor_jid(id), room_jid(id) + "/" + room.visitor_nick)
                      .add(join));
            return {};
        }
        spdlog::warn("{}.{}: could not {} room {}: {}", workgroup_, id,
                     to_owner ? "create" : "join the visitor to", room_jid(id), condition);
        if (to_owner) {
            rooms_.erase(id);  // no room: the conversation goes on without one
        }
        return {};
    }
    if (x && x.child("destroy")) {
        rooms_.erase(id);
        names_.erase(id);
        return {};
    }
    if (has_status(x, "110")) {
        if (!to_owner) {
            room.visitor_in = type != "unavailable";
            if (room.visitor_in) {
                flush(id, room);
            }
        } else if (type != "unavailable" && !room.configuring) {
            room.configuring = true;
            configure(id);  // created (201), or found again: ours to configure either way
        }
        return {};
    }
    if (!to_owner || from->resource == workgroup_ || from->resource == room.visitor_nick) {
        return {};
    }
    const Stanza item = x ? x.child("item") : Stanza{};
    const auto real = item ? xmpp::Jid::parse(item.attr("jid")) : std::nullopt;
    if (type == "unavailable") {
        const auto occupant = room.occupants.find(from->resource);
        if (occupant == room.occupants.end()) {
            return {};
        }
        Heard left{Heard::Kind::left, occupant->second, {}};
        room.occupants.erase(occupant);
        return left;
    }
    if (!real) {
        return {};  // the owner always sees real JIDs; nothing to know otherwise
    }
    const auto [occupant, joined] = room.occupants.insert_or_assign(from->resource, real->bare());
    return joined ? Heard{Heard::Kind::joined, occupant->second, {}} : Heard{};
}

}  // namespace component
