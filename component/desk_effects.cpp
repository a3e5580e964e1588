// Desk: routing effects rendered as stanzas. The routing core already wrote every
// human-readable text; here we only address, stamp and send.

#include <spdlog/spdlog.h>

#include <type_traits>

#include "component/desk.hpp"
#include "routing/text.hpp"
#include "routing/texts.hpp"
#include "xmpp/builders.hpp"
#include "xmpp/namespaces.hpp"

namespace component {
namespace {

using xmpp::Stanza;

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

std::string_view to_string(routing::AssignReason reason) {
    switch (reason) {
        case routing::AssignReason::offered:
            return "offered by the mode";
        case routing::AssignReason::taken:
            return "taken by the agent";
        case routing::AssignReason::next:
            return "pulled with next";
        case routing::AssignReason::transferred:
            return "transferred";
    }
    return "?";
}

std::string_view to_string(routing::RevokeReason reason) {
    switch (reason) {
        case routing::RevokeReason::taken:
            return "taken by another agent";
        case routing::RevokeReason::gone:
            return "no longer waiting";
        case routing::RevokeReason::timed_out:
            return "offer timed out";
        case routing::RevokeReason::agent_offline:
            return "agent offline past the grace period";
        case routing::RevokeReason::retired:
            return "workgroup removed from the configuration";
        case routing::RevokeReason::left_room:
            return "agent out of the room past the grace period";
        case routing::RevokeReason::overflowed:
            return "moved to the overflow workgroup";
    }
    return "?";
}

std::string_view to_string(routing::CloseReason reason) {
    switch (reason) {
        case routing::CloseReason::agent:
            return "closed by the agent";
        case routing::CloseReason::queue_timeout:
            return "queue timeout";
        case routing::CloseReason::visitor_left:
            return "visitor left while waiting";
        case routing::CloseReason::retired:
            return "workgroup removed from the configuration";
        case routing::CloseReason::overflowed:
            return "moved to the overflow workgroup";
    }
    return "?";
}

// The machine-readable name of a notice to the visitor (urn:switchboard:visitor:0), so a
// widget can tell the closing line from an agent's words without reading English.
std::string_view to_string(routing::VisitorNotice notice) {
    switch (notice) {
        case routing::VisitorNotice::welcome:
            return "welcome";
        case routing::VisitorNotice::menu:
            return "menu";
        case routing::VisitorNotice::position:
            return "position";
        case routing::VisitorNotice::agent_joined:
            return "joined";
        case routing::VisitorNotice::transferred:
            return "transferred";
        case routing::VisitorNotice::requeued:
            return "requeued";
        case routing::VisitorNotice::closed:
            return "closed";
        case routing::VisitorNotice::not_available:
            return "not-available";
        case routing::VisitorNotice::offline:
            return "offline";
    }
    return "other";
}

// The chat state (XEP-0085) carried by the stanza being relayed, if any.
Stanza chat_state_of(const xmpp::Context& ctx, const Stanza* cause) {
    if (cause == nullptr) {
        return {};
    }
    Stanza state = cause->child_in(xmpp::ns::kChatStates);
    return state ? xmpp::element(ctx, state.name(), xmpp::ns::kChatStates) : Stanza{};
}

}  // namespace

void Desk::to_agent(routing::AgentId agent, const std::string& text, const std::string* from) {
    const std::string& to = workgroup_->settings().agents[agent].jid;
    for (std::string_view piece : routing::split_lines(text, kMaxAgentText)) {
        send_(xmpp::message(ctx_, from != nullptr ? *from : jid_, to, "chat", piece));
    }
}

Stanza Desk::message_to_agent(routing::ConversationId id, routing::AgentId agent,
                              std::string_view body) const {
    Stanza m = xmpp::message(ctx_, directory_.conversation_full_jid(name(), id),
                             workgroup_->settings().agents[agent].jid, "chat", body);
    const routing::Conversation* c = workgroup_->conversation(id);
    Stanza nick = xmpp::element(ctx_, "nick", xmpp::ns::kNick);
    nick.add_text(routing::texts::conversation_nick(
        c != nullptr ? c->visitor_name : routing::texts::unnamed_visitor(id), id));
    return m.add(nick);
}

Stanza Desk::message_to_visitor(const std::string& visitor, const std::string& text,
                                std::optional<routing::ConversationId> from_agent_of,
                                bool agent_speaks, std::string_view via) {
    const auto it = visitor_address_.find(visitor);
    const std::string& to = it == visitor_address_.end() ? visitor : it->second.full;
    Stanza m;
    if (it != visitor_address_.end() && it->second.muc) {
        if (it->second.nick.empty()) {
            return {};  // they left the room: nothing reaches them there
        }
        // The room: the agent's words from the agent's occupant JID, who is shown in the room
        // first; the rest from the desk's.
        show_in_room(visitor, true);
        const bool named = agent_speaks && !it->second.agent_shown.empty();
        m = xmpp::message(ctx_, occupant(named ? it->second.agent_shown : desk_nick()), to,
                          "groupchat", text);
    } else {
        m = xmpp::message(
            ctx_,
            via.empty() ? visitor_facing_jid(visitor) : directory_.workgroup_jid(std::string(via)),
            to, "chat", text);
    }
    // The agent's name (XEP-0172), so a widget can say "Alice is typing…".
    if (from_agent_of) {
        const routing::Conversation* c = workgroup_->conversation(*from_agent_of);
        if (c != nullptr && c->agent) {
            Stanza nick = xmpp::element(ctx_, "nick", xmpp::ns::kNick);
            nick.add_text(workgroup_->settings().agents[*c->agent].name);
            m.add(nick);
        }
    }
    return m;
}

void Desk::carry_out(const routing::Effect& effect, const Stanza* cause) {
    log_decision(effect);
    if (metrics_ != nullptr) {
        count(effect);
    }
    if (echo_) {
        // A room echoes what it accepts, before anything it causes.
        if (!std::holds_alternative<routing::Refuse>(effect)) {
            send_(*echo_);
        }
        echo_.reset();
    }
    if (carry_out_in_room(effect, cause)) {
        return;  // conversation = "muc": carried out in the conversation's room
    }
    std::visit(
        Overloaded{
            [&](const routing::Notify& e) {
                for (auto agent : e.agents) {
                    to_agent(agent, e.text);
                }
            },
            [&](const routing::Assign& e) {
                to_agent(e.agent, e.text);
                send_history(e.conversation, e.agent, e.visitor, e.backlog, e.from_transcript);
            },
            [&](const routing::Revoke& e) {
                for (auto agent : e.agents) {
                    to_agent(agent, e.text);
                }
            },
            [&](const routing::TellVisitor& e) {
                const bool names_agent = e.notice == routing::VisitorNotice::agent_joined ||
                                         e.notice == routing::VisitorNotice::transferred;
                // From the JID the visitor writes to, even after the chat closed (the last line).
                Stanza m = message_to_visitor(
                    e.visitor, e.text, names_agent ? std::optional(e.conversation) : std::nullopt,
                    false, e.via);
                if (!m) {
                    return;
                }
                Stanza notice = xmpp::element(ctx_, "notice", xmpp::ns::kVisitor);
                notice.set_attr("kind", to_string(e.notice));
                send_(m.add(notice));
            },
            [&](const routing::TellAgent& e) { to_agent(e.agent, e.text); },
            [&](const routing::Reply& e) {
                if (capture_for_ == e.agent) {
                    captured_ += captured_.empty() ? e.text : "\n" + e.text;
                } else if (typed_in_) {
                    // Answered where it was typed: in the conversation's window.
                    const std::string from = directory_.conversation_full_jid(name(), *typed_in_);
                    to_agent(e.agent, e.text, &from);
                } else {
                    to_agent(e.agent, e.text);
                }
                if (e.kind == routing::ReplyKind::history) {
                    if (const auto* c = workgroup_->conversation(e.conversation)) {
                        send_history(c->id, e.agent, c->visitor, c->backlog, c->handed_over);
                    }
                }
            },
            [&](const routing::RelayToAgent& e) {
                Stanza m = message_to_agent(e.conversation, e.agent, e.body);
                send_(m.add(chat_state_of(ctx_, cause)));
            },
            [&](const routing::RelayToVisitor& e) {
                if (Stanza m = message_to_visitor(e.visitor, e.body, e.conversation, true)) {
                    send_(m.add(chat_state_of(ctx_, cause)));
                }
            },
            [&](const routing::Refuse& e) {
                if (cause == nullptr) {
                    return;
                }
                switch (e.condition) {
                    case routing::Refusal::forbidden:
                        send_(xmpp::error_reply(ctx_, *cause, xmpp::ErrorType::auth, "forbidden",
                                                e.text));
                        break;
                    case routing::Refusal::not_acceptable:
                        send_(xmpp::error_reply(ctx_, *cause, xmpp::ErrorType::modify,
                                                "not-acceptable", e.text));
                        break;
                    case routing::Refusal::wait_for_agent:
                        send_(xmpp::error_reply(ctx_, *cause, xmpp::ErrorType::wait,
                                                "resource-constraint", e.text));
                        break;
                }
            },
            [&](const routing::AvailabilityChanged& e) {
                publisher_.note(e);
                to_agents_.note_status(e.agent_status);
            },
            [&](const routing::Overflow& e) {
                if (overflow_) {
                    overflow_(name(), e.conversation, e.to);
                }
            },
            [&](const routing::Closed& e) {
                if (workgroup_->conversation_of(e.visitor) == nullptr) {
                    watch_.forget(e.visitor);
                    if (in_room(e.visitor)) {
                        show_in_room(e.visitor);  // the agent leaves; the visitor stays
                    } else {
                        visitor_address_.erase(e.visitor);
                    }
                }
            },
        },
        effect);
}

std::string_view Desk::why_waiting() const {
    switch (workgroup_->settings().mode) {
        case routing::Mode::broadcast:
            return "until an agent types take";
        case routing::Mode::queue:
            return "until an agent types next";
        default:
            return "no eligible agent has room";
    }
}

void Desk::log_decision(const routing::Effect& effect) const {
    const auto mode = routing::to_string(workgroup_->settings().mode);
    const auto& agents = workgroup_->settings().agents;
    if (const auto* e = std::get_if<routing::Assign>(&effect)) {
        spdlog::info("{}.{} ({}): assigned to {} — {}{}{}; {} waiting line(s) handed over", name(),
                     e->conversation, mode, agents[e->agent].jid, to_string(e->reason),
                     e->why.empty() ? "" : ": ", e->why, e->backlog.size());
    } else if (const auto* e = std::get_if<routing::Notify>(&effect)) {
        spdlog::info("{}.{} ({}): offered to {} eligible agent(s) to take", name(), e->conversation,
                     mode, e->agents.size());
    } else if (const auto* e = std::get_if<routing::Revoke>(&effect)) {
        spdlog::info("{}.{} ({}): withdrawn from {} agent(s) — {}", name(), e->conversation, mode,
                     e->agents.size(), to_string(e->reason));
    } else if (const auto* e = std::get_if<routing::TellVisitor>(&effect)) {
        switch (e->notice) {
            case routing::VisitorNotice::position:
                spdlog::info("{}.{} ({}): waiting, position {} — {}", name(), e->conversation, mode,
                             e->position, why_waiting());
                break;
            case routing::VisitorNotice::not_available:
                spdlog::info("{} ({}): refused a chat from {} — workgroup full", name(), mode,
                             e->visitor);
                break;
            case routing::VisitorNotice::offline:
                spdlog::info("{} ({}): refused a chat from {} — workgroup closed", name(), mode,
                             e->visitor);
                break;
            default:
                break;
        }
    } else if (const auto* e = std::get_if<routing::Closed>(&effect)) {
        spdlog::info("{}.{} ({}): closed — {}{}", name(), e->conversation, mode,
                     to_string(e->reason), e->missed ? " (missed)" : "");
    }
}

}  // namespace component
