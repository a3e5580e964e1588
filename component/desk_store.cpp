// Desk: persistence. After each event, what it changed (the conversations and agents
// named by the event and its effects, and the counters) is written into the current
// turn's transaction; Service commits it before any stanza of the turn is sent.

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>
#include <type_traits>

#include "component/desk.hpp"

namespace component {

void Desk::restore(const routing::Now& now) {
    if (store_ == nullptr) {
        return;
    }
    if (auto stored = store_->load(workgroup_.settings())) {
        // Who is online is learned again from the server. Until then agents count as
        // offline; one with chats gets the offline grace period to show up again.
        for (auto& agent : stored->state.agents) {
            agent.presence = routing::Presence::offline;
            agent.resources.clear();
            const bool has_chats =
                std::any_of(stored->state.conversations.begin(), stored->state.conversations.end(),
                            [&](const routing::Conversation& c) { return c.agent == agent.id; });
            if (has_chats && !agent.offline_deadline) {
                agent.offline_deadline = now.at + workgroup_.settings().offline_grace;
            }
        }
        workgroup_.restore(stored->state);
        for (const auto& jid : stored->subscribers) {
            audience_.add_subscriber(jid);
        }
        for (const auto& jid : stored->directed) {
            audience_.add_directed(jid);
        }
    }
    const auto& subscribers = audience_.subscribers();
    const auto& directed = audience_.directed();
    store_->save_all(workgroup_.settings(), workgroup_.snapshot(),
                     std::vector<std::string>(subscribers.begin(), subscribers.end()),
                     std::vector<std::string>(directed.begin(), directed.end()));
    availability_.availability = workgroup_.availability();
    availability_.figures = workgroup_.figures();
    presence_dirty_ = true;
}

bool Desk::save_everything() {
    try {
        const auto& subscribers = audience_.subscribers();
        const auto& directed = audience_.directed();
        store_->save_all(workgroup_.settings(), workgroup_.snapshot(),
                         std::vector<std::string>(subscribers.begin(), subscribers.end()),
                         std::vector<std::string>(directed.begin(), directed.end()));
        needs_full_save_ = false;
    } catch (const std::exception& e) {
        spdlog::error("{}: could not save state: {}", jid_, e.what());
    }
    return !needs_full_save_;
}

void Desk::persist(const routing::Event& event, const routing::Effects& effects,
                   const routing::Now& now) {
    std::set<routing::ConversationId> conversations;
    std::set<routing::AgentId> agents;
    auto agent_named = [&](std::string_view jid) {
        if (auto id = workgroup_.find_agent(jid)) {
            agents.insert(*id);
        }
    };
    std::visit(
        [&](const auto& e) {
            using E = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<E, routing::VisitorMessage> ||
                          std::is_same_v<E, routing::VisitorPresence>) {
                if (const auto* c = workgroup_.conversation_of(e.visitor)) {
                    conversations.insert(c->id);
                }
            } else if constexpr (std::is_same_v<E, routing::AgentPresence>) {
                agent_named(e.agent);
            } else if constexpr (std::is_same_v<E, routing::AgentTyping>) {
                agent_named(e.agent);
                conversations.insert(e.conversation);
            } else if constexpr (std::is_same_v<E, routing::AgentMessage> ||
                                 std::is_same_v<E, routing::AgentCommand>) {
                agent_named(e.agent);
                if (e.conversation) {
                    conversations.insert(*e.conversation);
                }
            }
        },
        event);

    bool refused = false;
    for (const auto& effect : effects) {
        std::visit(
            [&](const auto& e) {
                using E = std::decay_t<decltype(e)>;
                if constexpr (std::is_same_v<E, routing::Refuse>) {
                    refused = true;
                } else if constexpr (std::is_same_v<E, routing::AvailabilityChanged>) {
                    // no conversation of its own
                } else {
                    if (e.conversation != 0) {
                        conversations.insert(e.conversation);
                    }
                    if constexpr (std::is_same_v<E, routing::Notify> ||
                                  std::is_same_v<E, routing::Revoke>) {
                        agents.insert(e.agents.begin(), e.agents.end());
                    } else if constexpr (std::is_same_v<E, routing::Closed>) {
                        if (e.agent) {
                            agents.insert(*e.agent);
                        }
                    } else if constexpr (requires { e.agent; }) {
                        agents.insert(e.agent);
                    }
                }
            },
            effect);
    }

    const std::string& wg = name();
    for (auto id : conversations) {
        const routing::Conversation* c = workgroup_.conversation(id);
        if (c == nullptr) {
            store_->forget_conversation(wg, id);
            continue;
        }
        store_->save_conversation(wg, *c);
        if (c->agent) {
            agents.insert(*c->agent);
            if (workgroup_.settings().sticky && c->state == routing::ConversationState::assigned) {
                store_->save_sticky(wg, c->visitor, *c->agent);
                if (!c->visitor_id.empty()) {
                    store_->save_sticky(wg, routing::visitor_id_key(c->visitor_id), *c->agent);
                }
            }
        }
    }
    for (auto agent : agents) {
        store_->save_agent(wg, workgroup_.agent(agent));
    }
    store_->save_header(wg, workgroup_.header());

    // The transcript: what the visitor wrote, what agents answered, and how it ended.
    if (const auto* m = std::get_if<routing::VisitorMessage>(&event); m != nullptr && !refused) {
        if (const auto* c = workgroup_.conversation_of(m->visitor)) {
            store_->append_line(wg, c->id, now.at, std::string(m->visitor), std::string(m->body));
        }
    }
    for (const auto& effect : effects) {
        if (const auto* r = std::get_if<routing::RelayToVisitor>(&effect)) {
            const auto* agent = std::get_if<routing::AgentMessage>(&event);
            store_->append_line(wg, r->conversation, now.at,
                                agent ? std::string(agent->agent) : std::string("agent"), r->body);
        } else if (const auto* closed = std::get_if<routing::Closed>(&effect)) {
            const std::string agent_jid =
                closed->agent ? workgroup_.settings().agents[*closed->agent].jid : std::string{};
            store_->close_transcript(wg, *closed, agent_jid, now.at);
        }
    }
}

}  // namespace component
