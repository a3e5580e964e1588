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

std::string Rooms::config_id(routing::ConversationId id) {
    return "switchboard-room-config-" + std::to_string(id);
}

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
    const auto it = names_.find(id);
    if (it != names_.end()) {
        return it->second + "@" + service_;
    }
    // support.42@desk.example.com -> support-42.desk.example.com: a workgroup's name has no
    // dot, so the domain after the first one tells two components apart.
    const std::string conversation = conversation_jid_(id);
    return workgroup_ + "-" + std::to_string(id) + "." +
           conversation.substr(conversation.find('@') + 1) + "@" + service_;
}

std::string Rooms::name_of(routing::ConversationId id) const {
    const auto it = names_.find(id);
    return it == names_.end() ? std::string{} : it->second;
}

void Rooms::known_as(routing::ConversationId id, std::string localpart) {
    names_[id] = std::move(localpart);
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
        const std::string jid = room_jid(id);
        names_[id] = jid.substr(0, jid.find('@'));
        join_as_owner(id);
        spdlog::info("{}.{}: joining room {} (made if it does not exist)", workgroup_, id, jid);
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

void Rooms::join_as_owner(routing::ConversationId id) {
    // Joining a room that does not exist creates it, locked until configured (XEP-0045
    // 10.1).
    Stanza x = xmpp::element(ctx_, "x", xmpp::ns::kMuc);
    Stanza history = xmpp::element(ctx_, "history");
    history.set_attr("maxstanzas", "0");
    x.add(history);
    send_(xmpp::presence(ctx_, owner_jid(id), room_jid(id) + "/" + workgroup_).add(x));
}

void Rooms::invite_visitor(routing::ConversationId id, const std::string& bare,
                           const std::string& full, const std::string& reason) {
    const auto it = rooms_.find(id);
    if (it == rooms_.end()) {
        return;
    }
    Room& room = it->second;
    room.guest = bare;
    room.guest_full = full.empty() ? bare : full;
    room.guest_reason = reason;
    if (room.ready) {
        invite_guest(id, room);
    }
}

void Rooms::invite_guest(routing::ConversationId id, Room& room) {
    if (room.guest.empty()) {
        return;
    }
    if (!room.guest_member) {
        affiliation(id, room.guest, "member");
        room.guest_member = true;
    }
    invite(id, room, room.guest, room.guest_reason, room.guest_full);
}

bool Rooms::visitor_inside(routing::ConversationId id) const {
    const auto it = rooms_.find(id);
    if (it == rooms_.end() || it->second.guest.empty()) {
        return false;
    }
    for (const auto& [nick, jid] : it->second.occupants) {
        if (jid == it->second.guest) {
            return true;
        }
    }
    return false;
}

void Rooms::rejoin() {
    for (auto& [id, room] : rooms_) {
        room.configuring = false;
        room.ready = false;
        room.visitor_in = false;
        room.guest_member = false;
        room.members.clear();
        room.occupants.clear();
        join_as_owner(id);
        spdlog::info("{}.{}: joining room {} again", workgroup_, id, room_jid(id));
    }
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
    names_.erase(id);
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
            names_.erase(id);
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
                   const std::string& reason, const std::string& to) {
    for (const auto& [nick, jid] : room.occupants) {
        if (jid == who) {
            return;  // in the room already
        }
    }
    // A mediated invitation (XEP-0045 7.8.2): it comes from the room itself, and every
    // MUC client shows it.
    Stanza invite = xmpp::element(ctx_, "invite");
    invite.set_attr("to", to.empty() ? who : to);
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
    invite_guest(id, room);
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

}  // namespace component
