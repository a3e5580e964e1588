// Desk: conversations held in rooms (conversation = "muc", component/rooms.hpp). The
// routing core is the same as for chat conversations: an agent's line in the room is an
// AgentMessage in that conversation, so it is relayed, stored and read for commands as if
// written to the conversation JID; the visitor's lines go into the room instead of to the
// agent's chat.

#include <spdlog/spdlog.h>

#include "component/desk.hpp"
#include "routing/texts.hpp"
#include "xmpp/namespaces.hpp"

namespace component {

std::unique_ptr<Rooms> Desk::make_rooms() {
    const auto& settings = workgroup_->settings();
    if (settings.conversation != routing::ConversationStyle::muc) {
        return nullptr;
    }
    return std::make_unique<Rooms>(
        ctx_, settings.name, settings.muc_service, settings.supervisors,
        [this](routing::ConversationId id) { return directory_.conversation_jid(name(), id); },
        send_);
}

bool Desk::holds_room(std::string_view from) const {
    return rooms_ != nullptr && rooms_->from_service(from);
}

void Desk::on_room_stanza(const xmpp::Stanza& stanza, routing::ConversationId id,
                          const routing::Now& now) {
    const Rooms::Heard heard = rooms_->on_stanza(stanza, id);
    const routing::Conversation* c = workgroup_->conversation(id);
    if (c == nullptr || heard.kind == Rooms::Heard::Kind::nothing) {
        return;
    }
    const auto agent = workgroup_->find_agent(heard.who);
    const bool theirs = agent && c->agent == agent;
    const auto& supervisors = workgroup_->settings().supervisors;
    const bool supervisor =
        std::find(supervisors.begin(), supervisors.end(), heard.who) != supervisors.end();
    switch (heard.kind) {
        case Rooms::Heard::Kind::line:
            if (theirs) {
                typed_in_ = id;
                handle(routing::AgentMessage{heard.who, id, heard.text}, now, nullptr);
                typed_in_.reset();
            } else if (supervisor) {
                // A supervisor helping: the visitor reads it from the workgroup.
                if (xmpp::Stanza m = message_to_visitor(c->visitor, heard.text)) {
                    send_(m);
                }
            }
            break;
        case Rooms::Heard::Kind::chat_state:
            if (theirs) {
                relay_chat_state(stanza, heard.who, id, now);
            }
            break;
        case Rooms::Heard::Kind::joined:
            if (theirs) {
                left_room_.erase(id);
            }
            break;
        case Rooms::Heard::Kind::left:
            if (theirs) {
                spdlog::info("{}.{}: the agent left the room", name(), id);
                left_room_[id] = now.at;
            }
            break;
        case Rooms::Heard::Kind::nothing:
            break;
    }
}

void Desk::agents_out_of_rooms(const routing::Now& now) {
    if (left_room_.empty()) {
        return;
    }
    std::vector<routing::ConversationId> due;
    for (const auto& [id, since] : left_room_) {
        if (now.at - since >= workgroup_->settings().offline_grace) {
            due.push_back(id);
        }
    }
    for (const auto id : due) {
        left_room_.erase(id);
        const routing::Conversation* c = workgroup_->conversation(id);
        if (c != nullptr && c->agent) {
            const std::string agent = workgroup_->settings().agents[*c->agent].jid;
            spdlog::info("{}.{}: the agent stayed out of the room: back to the queue", name(), id);
            handle(routing::AgentLeftChat{agent, id}, now, nullptr);
        }
    }
}

void Desk::reconfigure_rooms() {
    const auto& settings = workgroup_->settings();
    if (settings.conversation != routing::ConversationStyle::muc) {
        return;  // rooms still open stay until their chats close; new chats are chats
    }
    if (rooms_ == nullptr || rooms_->service() != settings.muc_service) {
        if (rooms_ != nullptr) {
            spdlog::warn("{}: muc_service is now {}: chats open in rooms on {} go on as chats",
                         jid_, settings.muc_service, rooms_->service());
        }
        rooms_ = make_rooms();
        return;
    }
    rooms_->set_supervisors(settings.supervisors);
}

void Desk::rooms_again() {
    if (rooms_ == nullptr ||
        workgroup_->settings().conversation != routing::ConversationStyle::muc) {
        return;
    }
    for (const auto& c : workgroup_->snapshot().conversations) {
        if (!c.agent || rooms_->has(c.id)) {
            continue;
        }
        const std::string nick =
            c.visitor_name.empty() ? routing::texts::unnamed_visitor(c.id) : c.visitor_name;
        rooms_->open_for(c.id, workgroup_->settings().agents[*c.agent].jid, nick,
                         routing::texts::conversation_nick(nick, c.id));
    }
}

bool Desk::carry_out_in_room(const routing::Effect& effect, const xmpp::Stanza* cause) {
    if (rooms_ == nullptr) {
        return false;
    }
    const auto& agents = workgroup_->settings().agents;
    if (const auto* e = std::get_if<routing::Assign>(&effect)) {
        const bool new_room = !rooms_->has(e->conversation);
        if (new_room && workgroup_->settings().conversation != routing::ConversationStyle::muc) {
            return false;  // reloaded as conversation = "chat": a new chat is a chat
        }
        to_agent(e->agent, e->text + "\nThe chat is held in the room " +
                               rooms_->room_jid(e->conversation) + ": you are invited.");
        const std::string nick = e->visitor_name.empty()
                                     ? routing::texts::unnamed_visitor(e->conversation)
                                     : e->visitor_name;
        rooms_->open_for(e->conversation, agents[e->agent].jid, nick,
                         routing::texts::conversation_nick(nick, e->conversation));
        left_room_.erase(e->conversation);
        if (new_room) {
            // What the visitor wrote while waiting opens the room's history.
            for (const auto& line : e->backlog) {
                rooms_->post_as_visitor(e->conversation, line.body);
            }
        }
        return true;  // the room's history is the hand-over
    }
    if (const auto* e = std::get_if<routing::RelayToAgent>(&effect)) {
        if (!rooms_->has(e->conversation)) {
            return false;
        }
        xmpp::Stanza state;
        if (cause != nullptr) {
            if (xmpp::Stanza s = cause->child_in(xmpp::ns::kChatStates)) {
                state = xmpp::element(ctx_, s.name(), xmpp::ns::kChatStates);
            }
        }
        rooms_->post_as_visitor(e->conversation, e->body, state);
        return true;
    }
    if (const auto* e = std::get_if<routing::Revoke>(&effect)) {
        for (auto agent : e->agents) {
            rooms_->remove(e->conversation, agents[agent].jid);
        }
        left_room_.erase(e->conversation);
        return false;  // and they are told, as in a chat
    }
    if (const auto* e = std::get_if<routing::TellVisitor>(&effect)) {
        switch (e->notice) {
            case routing::VisitorNotice::agent_joined:
            case routing::VisitorNotice::transferred:
            case routing::VisitorNotice::requeued:
            case routing::VisitorNotice::closed:
                rooms_->post_as_desk(e->conversation, e->text);  // the room's transcript too
                break;
            default:
                break;
        }
        return false;
    }
    if (const auto* e = std::get_if<routing::Closed>(&effect)) {
        rooms_->destroy(e->conversation,
                        "Chat " + std::to_string(e->conversation) + " was closed.");
        left_room_.erase(e->conversation);
        return false;
    }
    return false;
}

}  // namespace component
