// Desk: conversations held in rooms (conversation = "muc", component/rooms.hpp). The
// routing core is the same as for chat conversations: an agent's line in the room is an
// AgentMessage in that conversation, so it is relayed, stored and read for commands as if
// written to the conversation JID; the visitor's lines go into the room instead of to the
// agent's chat.
//
// A visitor with an XMPP client of their own (not the widget, which marks its messages) is
// invited into the room once an agent has the chat. Until they are in it, nothing changes
// for them: their lines are relayed into the room, the agent's reach them one to one. Once
// they are an occupant, what they say in the room is their chat (a VisitorMessage, as if
// written to the workgroup JID), and what is said there reaches them there only: nothing is
// copied to them one to one. Should they leave the room, they are relayed again. The room
// orders both: a line said before they joined is one they got one to one (the room's
// history shows it again, marked as history), a line said after reaches them in the room.

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
    const bool visitor = !agent && heard.who == c->visitor;  // an XMPP visitor, invited
    const std::string visitor_name = c->visitor_name;
    const auto& supervisors = workgroup_->settings().supervisors;
    const bool supervisor =
        std::find(supervisors.begin(), supervisors.end(), heard.who) != supervisors.end();
    switch (heard.kind) {
        case Rooms::Heard::Kind::line:
            from_room_ = true;
            if (theirs) {
                typed_in_ = id;
                handle(routing::AgentMessage{heard.who, id, heard.text}, now, nullptr);
                typed_in_.reset();
            } else if (visitor) {
                handle(routing::VisitorMessage{heard.who, visitor_name, heard.text, {}}, now,
                       nullptr);
            } else if (supervisor && !rooms_->visitor_inside(id)) {
                // A supervisor helping: the visitor reads it from the workgroup.
                if (xmpp::Stanza m = message_to_visitor(c->visitor, heard.text)) {
                    send_(m);
                }
            }
            from_room_ = false;
            break;
        case Rooms::Heard::Kind::chat_state:
            if (theirs) {
                from_room_ = true;
                relay_chat_state(stanza, heard.who, id, now);
                from_room_ = false;
            }
            break;
        case Rooms::Heard::Kind::joined:
            if (theirs) {
                left_room_.erase(id);
            } else if (visitor) {
                spdlog::info("{}.{}: the visitor joined the room: nothing goes to them one to one",
                             name(), id);
            }
            break;
        case Rooms::Heard::Kind::left:
            if (theirs) {
                spdlog::info("{}.{}: the agent left the room", name(), id);
                left_room_[id] = now.at;
            } else if (visitor) {
                spdlog::info("{}.{}: the visitor left the room: relayed one to one again", name(),
                             id);
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
    if (rooms_ == nullptr) {
        return;
    }
    rooms_->rejoin();  // after a lost connection: our occupants may be gone from them
    if (workgroup_->settings().conversation != routing::ConversationStyle::muc) {
        return;
    }
    for (const auto& c : workgroup_->snapshot().conversations) {
        if (!c.agent || rooms_->has(c.id)) {
            continue;
        }
        const std::string nick =
            c.visitor_name.empty() ? routing::texts::unnamed_visitor(c.id) : c.visitor_name;
        rooms_->open_for(c.id, workgroup_->settings().agents[*c.agent].jid,
                         relay_nick(c.visitor, nick),
                         routing::texts::conversation_nick(nick, c.id));
        if (c.state == routing::ConversationState::assigned) {
            invite_visitor_into(c.id, c.visitor);
        }
    }
}

bool Desk::xmpp_visitor(const std::string& bare) const {
    const auto it = visitor_address_.find(bare);
    return it != visitor_address_.end() && !it->second.muc && !it->second.widget &&
           !it->second.full.empty();
}

std::string Desk::relay_nick(const std::string& bare, const std::string& name) const {
    // "Carl (chat)": the lines Carl wrote to the workgroup JID; "Carl", Carl in the room.
    return xmpp_visitor(bare) ? name + " (chat)" : name;
}

void Desk::invite_visitor_into(routing::ConversationId id, const std::string& bare) {
    if (!xmpp_visitor(bare)) {
        return;
    }
    rooms_->invite_visitor(id, bare, visitor_address_.at(bare).full,
                           "Your chat with " + name() + " is held in this room too: join it to " +
                               "talk here, or keep writing to " + visitor_facing_jid(bare) + ".");
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
        rooms_->open_for(e->conversation, agents[e->agent].jid, relay_nick(e->visitor, nick),
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
        if (from_room_) {
            return true;  // the visitor said it in the room
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
    if (const auto* e = std::get_if<routing::RelayToVisitor>(&effect)) {
        // Said in the room, which the visitor reads: not one to one as well. A line the
        // agent wrote to the conversation JID is not in the room: it goes one to one.
        return from_room_ && rooms_->visitor_inside(e->conversation);
    }
    if (const auto* e = std::get_if<routing::TellVisitor>(&effect)) {
        switch (e->notice) {
            case routing::VisitorNotice::agent_joined:
            case routing::VisitorNotice::transferred:
            case routing::VisitorNotice::requeued:
            case routing::VisitorNotice::closed:
                rooms_->post_as_desk(e->conversation, e->text);  // the room's transcript too
                if (e->notice == routing::VisitorNotice::agent_joined) {
                    invite_visitor_into(e->conversation, e->visitor);
                } else if (e->notice == routing::VisitorNotice::closed) {
                    closing_line_[e->conversation] = e->text;
                }
                return rooms_->visitor_inside(e->conversation);  // they read it there
            default:
                break;
        }
        return false;
    }
    if (const auto* e = std::get_if<routing::Closed>(&effect)) {
        // The closing line is the reason too: a client that closes the room's window when
        // it is destroyed (Profanity) still shows it.
        const auto line = closing_line_.find(e->conversation);
        rooms_->destroy(e->conversation,
                        line != closing_line_.end()
                            ? line->second
                            : "Chat " + std::to_string(e->conversation) + " was closed.");
        if (line != closing_line_.end()) {
            closing_line_.erase(line);
        }
        left_room_.erase(e->conversation);
        return false;
    }
    return false;
}

}  // namespace component
