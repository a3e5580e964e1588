// Desk: the presence its agents see (PresenceToAgents), read from the routing core's state,
// and presence addressed to a conversation JID.

#include "component/desk.hpp"
#include "xmpp/jid.hpp"

namespace component {

bool Desk::gets_agent_presence(const std::string& address) const {
    return address.find('/') == std::string::npos && is_agent(address);
}

void Desk::show_conversations(const std::vector<routing::ConversationId>& ids) {
    for (routing::ConversationId id : ids) {
        // Available to the agent who has it (offered or owned) while the visitor is there;
        // closed, taken away, or the visitor left: to nobody.
        const routing::Conversation* c = workgroup_->conversation(id);
        to_agents_.show_conversation(
            id, c != nullptr && !routing::visitor_left(*c) ? c->agent : std::nullopt);
        if (c != nullptr) {
            show_in_room(c->visitor);  // and the visitor who came by MUC sees that agent
        }
    }
}

void Desk::present_again() {
    const routing::AvailabilityChanged current = workgroup_->report();
    publisher_.note(current);
    publisher_.push_again();
    to_agents_.note_status(current.agent_status);
    // Sends nothing until the agents' resources show up again (see on_agent_presence).
    to_agents_.forget_conversations();
    std::vector<routing::ConversationId> open;
    for (const auto& c : workgroup_->snapshot().conversations) {
        open.push_back(c.id);
    }
    show_conversations(open);
}

void Desk::on_conversation_presence(const xmpp::Stanza& presence, routing::ConversationId id) {
    const auto from = xmpp::Jid::parse(presence.from());
    if (!from) {
        return;
    }
    const auto type = presence.type();
    if (type == "probe") {
        to_agents_.answer_probe(id, workgroup_->find_agent(from->bare()), from->full());
    } else if (type == "error") {
        to_agents_.resource_gone(from->full());  // our presence to that resource bounced
    }
}

}  // namespace component
