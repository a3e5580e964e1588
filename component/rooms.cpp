#include "component/rooms.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "xmpp/builders.hpp"
#include "xmpp/jid.hpp"
#include "xmpp/namespaces.hpp"

namespace component {
namespace {

using xmpp::Stanza;

// XEP-0045 and XEP-0004 namespaces only the rooms speak.
constexpr const char* kMucUserNs = "http://jabber.org/protocol/muc#user";
constexpr const char* kMucOwnerNs = "http://jabber.org/protocol/muc#owner";
constexpr const char* kMucAdminNs = "http://jabber.org/protocol/muc#admin";
constexpr const char* kDataNs = "jabber:x:data";

// The resources of the conversation JID the component's two occupants use.
constexpr const char* kOwnerResource = "desk";
constexpr const char* kVisitorResource = "visitor";

// The id of the configuration request of conversation `id`'s room.
std::string config_id(routing::ConversationId id) {
    return "switchboard-room-config-" + std::to_string(id);
}

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

Stanza field(const xmpp::Context& ctx, std::string_view var, std::string_view value) {
    Stanza f = xmpp::element(ctx, "field");
    f.set_attr("var", var);
    return f.add(xmpp::text_element(ctx, "value", value));
}

Stanza iq_set(const xmpp::Context& ctx, std::string_view from, std::string_view to,
              std::string_view id, const Stanza& query) {
    Stanza iq = xmpp::element(ctx, "iq");
    iq.set_attr("type", "set").set_attr("from", from).set_attr("to", to).set_attr("id", id);
    return iq.add(query);
}

// A nickname the visitor's occupant can have: not the workgroup's own.
std::string visitor_nick_for(const std::string& name, const std::string& workgroup) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower == workgroup ? name + " (visitor)" : name;
}

}  // namespace

Rooms::Rooms(const xmpp::Context& ctx, std::string workgroup, std::string service,
             std::vector<std::string> supervisors,
             std::function<std::string(routing::ConversationId)> conversation_jid, Send send)
    : ctx_(ctx),
      workgroup_(std::move(workgroup)),
      service_(std::move(service)),
      supervisors_(std::move(supervisors)),
      conversation_jid_(std::move(conversation_jid)),
      send_(std::move(send)) {}

bool Rooms::from_service(std::string_view from) const {
    const auto at = from.find('@');
    std::string_view domain = from.substr(at == std::string_view::npos ? 0 : at + 1);
    domain = domain.substr(0, domain.find('/'));
    return domain == service_;
}

std::string Rooms::room_jid(routing::ConversationId id) const {
    return workgroup_ + "-" + std::to_string(id) + "@" + service_;
}

std::string Rooms::owner_jid(routing::ConversationId id) const {
    return conversation_jid_(id) + "/" + kOwnerResource;
}

std::string Rooms::visitor_jid(routing::ConversationId id) const {
    return conversation_jid_(id) + "/" + kVisitorResource;
}

void Rooms::open_for(routing::ConversationId id, const std::string& agent,
                     const std::string& visitor_nick, const std::string& reason) {
    auto [it, created] = rooms_.try_emplace(id);
    Room& room = it->second;
    room.agent = agent;
    room.reason = reason;
    if (created) {
        room.visitor_nick = visitor_nick_for(visitor_nick, workgroup_);
        // Joining a room that does not exist creates it, locked until configured (XEP-0045
        // 10.1); no history: a new room has none, an old one is not ours to repeat.
        Stanza x = xmpp::element(ctx_, "x", xmpp::ns::kMuc);
        Stanza history = xmpp::element(ctx_, "history");
        history.set_attr("maxstanzas", "0");
        x.add(history);
        send_(xmpp::presence(ctx_, owner_jid(id), room_jid(id) + "/" + workgroup_).add(x));
        spdlog::info("{}.{}: creating room {}", workgroup_, id, room_jid(id));
        return;
    }
    if (!room.ready) {
        return;  // the invitation goes out once the room is configured
    }
    for (const std::string& member : std::vector<std::string>(room.members)) {
        if (member != agent) {
            remove(id, member);
        }
    }
    if (std::find(room.members.begin(), room.members.end(), agent) == room.members.end()) {
        affiliation(id, agent, "member");
        room.members.push_back(agent);
    }
    invite(id, room, agent, reason);
}

void Rooms::remove(routing::ConversationId id, const std::string& agent) {
    const auto it = rooms_.find(id);
    if (it == rooms_.end()) {
        return;
    }
    auto& members = it->second.members;
    const auto m = std::find(members.begin(), members.end(), agent);
    if (m == members.end() ||
        std::find(supervisors_.begin(), supervisors_.end(), agent) != supervisors_.end()) {
        return;  // never a member, or a supervisor (who stays one)
    }
    members.erase(m);
    // In a members-only room, losing the membership removes them from the room.
    affiliation(id, agent, "none");
}

void Rooms::post_as_visitor(routing::ConversationId id, std::string_view text,
                            const Stanza& state) {
    const auto it = rooms_.find(id);
    if (it == rooms_.end()) {
        return;
    }
    Pending p{true, false, std::string(text), state};
    if (!it->second.visitor_in) {
        it->second.pending.push_back(std::move(p));
        return;
    }
    send_pending(id, p);
}

void Rooms::post_as_desk(routing::ConversationId id, std::string_view text) {
    const auto it = rooms_.find(id);
    if (it == rooms_.end()) {
        return;
    }
    Pending p{false, false, std::string(text), {}};
    if (!it->second.visitor_in) {
        it->second.pending.push_back(std::move(p));
        return;
    }
    send_pending(id, p);
}

void Rooms::destroy(routing::ConversationId id, std::string_view reason) {
    const auto it = rooms_.find(id);
    if (it == rooms_.end()) {
        return;
    }
    Pending p{false, true, std::string(reason), {}};
    if (!it->second.visitor_in) {
        it->second.pending.push_back(std::move(p));
        return;
    }
    send_pending(id, p);
    rooms_.erase(it);
}

void Rooms::send_pending(routing::ConversationId id, const Pending& p) {
    if (p.destroy) {
        Stanza destroy = xmpp::element(ctx_, "destroy");
        if (!p.text.empty()) {
            destroy.add(xmpp::text_element(ctx_, "reason", p.text));
        }
        Stanza query = xmpp::element(ctx_, "query", kMucOwnerNs);
        query.add(destroy);
        send_(iq_set(ctx_, owner_jid(id), room_jid(id),
                     "switchboard-room-destroy-" + std::to_string(id), query));
        spdlog::info("{}.{}: destroyed room {}", workgroup_, id, room_jid(id));
        return;
    }
    Stanza m = xmpp::message(ctx_, p.as_visitor ? visitor_jid(id) : owner_jid(id), room_jid(id),
                             "groupchat", p.text);
    if (p.state) {
        m.add(p.state);
    }
    send_(m);
}

void Rooms::flush(routing::ConversationId id, Room& room) {
    std::vector<Pending> pending;
    pending.swap(room.pending);
    for (const Pending& p : pending) {
        send_pending(id, p);
        if (p.destroy) {
            rooms_.erase(id);  // `room` is gone with it
            return;
        }
    }
}

void Rooms::configure(routing::ConversationId id) {
    Stanza form = xmpp::element(ctx_, "x", kDataNs);
    form.set_attr("type", "submit");
    form.add(field(ctx_, "FORM_TYPE", "http://jabber.org/protocol/muc#roomconfig"));
    form.add(field(ctx_, "muc#roomconfig_roomname", workgroup_ + " " + std::to_string(id)));
    form.add(field(ctx_, "muc#roomconfig_membersonly", "1"));
    form.add(field(ctx_, "muc#roomconfig_publicroom", "0"));
    form.add(field(ctx_, "muc#roomconfig_persistentroom", "0"));
    Stanza query = xmpp::element(ctx_, "query", kMucOwnerNs);
    query.add(form);
    send_(iq_set(ctx_, owner_jid(id), room_jid(id), config_id(id), query));
}

void Rooms::affiliation(routing::ConversationId id, const std::string& who,
                        std::string_view affiliation) {
    // One item per request: Prosody 0.12 applies only the first.
    Stanza item = xmpp::element(ctx_, "item");
    item.set_attr("affiliation", affiliation).set_attr("jid", who);
    Stanza query = xmpp::element(ctx_, "query", kMucAdminNs);
    query.add(item);
    send_(iq_set(ctx_, owner_jid(id), room_jid(id),
                 "switchboard-room-affiliation-" + std::to_string(++next_iq_), query));
}

void Rooms::invite(routing::ConversationId id, Room& room, const std::string& who,
                   const std::string& reason) {
    for (const auto& [nick, jid] : room.occupants) {
        if (jid == who) {
            return;  // in the room already
        }
    }
    // A mediated invitation (XEP-0045 7.8.2): it comes from the room itself, and every
    // MUC client shows it.
    Stanza invite = xmpp::element(ctx_, "invite");
    invite.set_attr("to", who);
    invite.add(xmpp::text_element(ctx_, "reason", reason));
    Stanza x = xmpp::element(ctx_, "x", kMucUserNs);
    x.add(invite);
    send_(xmpp::message(ctx_, owner_jid(id), room_jid(id), "", "").add(x));
}

void Rooms::when_ready(routing::ConversationId id, Room& room) {
    room.ready = true;
    for (const std::string& supervisor : supervisors_) {
        affiliation(id, supervisor, "member");
        room.members.push_back(supervisor);
    }
    if (std::find(room.members.begin(), room.members.end(), room.agent) == room.members.end()) {
        affiliation(id, room.agent, "member");
        room.members.push_back(room.agent);
    }
    invite(id, room, room.agent, room.reason);
    for (const std::string& supervisor : supervisors_) {
        if (supervisor != room.agent) {
            invite(id, room, supervisor,
                   "Chat " + std::to_string(id) + " of " + workgroup_ + ", to watch or help");
        }
    }
    Stanza x = xmpp::element(ctx_, "x", xmpp::ns::kMuc);
    Stanza history = xmpp::element(ctx_, "history");
    history.set_attr("maxstanzas", "0");
    x.add(history);
    send_(xmpp::presence(ctx_, visitor_jid(id), room_jid(id) + "/" + room.visitor_nick).add(x));
}

void Rooms::forget_unready() {
    for (auto it = rooms_.begin(); it != rooms_.end();) {
        if (it->second.visitor_in) {
            ++it;
            continue;
        }
        spdlog::warn("{}.{}: forgot room {}, not set up when a turn was rolled back", workgroup_,
                     it->first, room_jid(it->first));
        it = rooms_.erase(it);
    }
}

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
    const Stanza x = presence.child("x", kMucUserNs);
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
