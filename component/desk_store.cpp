// Desk: persistence. After each event, what the routing core says it changed
// (`Workgroup::changes()`: conversations, agents, sticky memory; and the counters) is
// written into the current turn's transaction; Service commits it before any stanza of
// the turn is sent.

#include <spdlog/spdlog.h>

#include <algorithm>
#include <variant>

#include "component/desk.hpp"
#include "xmpp/builders.hpp"

namespace component {

void Desk::restore(const routing::Now& now) {
    if (store_ == nullptr) {
        return;
    }
    if (auto stored = store_->load(workgroup_->settings())) {
        // Who is online is learned again from the server. Until then agents count as
        // offline; one with chats gets the offline grace period to show up again.
        for (auto& agent : stored->state.agents) {
            agent.presence = routing::Presence::offline;
            agent.resources.clear();
            const bool has_chats =
                std::any_of(stored->state.conversations.begin(), stored->state.conversations.end(),
                            [&](const routing::Conversation& c) { return c.agent == agent.id; });
            if (has_chats && !agent.offline_deadline) {
                agent.offline_deadline = now.at + workgroup_->settings().offline_grace;
            }
        }
        workgroup_->restore(stored->state);
        for (const auto& jid : stored->subscribers) {
            publisher_.audience().add_subscriber(jid);
        }
        for (const auto& jid : stored->directed) {
            publisher_.audience().add_directed(jid, now.at);
        }
    }
    const auto& subscribers = publisher_.audience().subscribers();
    const auto& directed = publisher_.audience().directed();
    store_->save_all(workgroup_->settings(), workgroup_->snapshot(),
                     std::vector<std::string>(subscribers.begin(), subscribers.end()),
                     std::vector<std::string>(directed.begin(), directed.end()));
    publisher_.note(current_availability());
    publisher_.push_again();
}

bool Desk::roll_back() {
    write_failed_ = false;
    if (store_ == nullptr) {
        return false;
    }
    std::optional<StoredWorkgroup> stored;
    try {
        stored = store_->load(workgroup_->settings());
    } catch (const std::exception& e) {
        spdlog::error("{}: could not read the stored state back: {}", jid_, e.what());
        return false;
    }
    auto fresh = std::make_unique<routing::Workgroup>(workgroup_->settings(), seed_);
    if (stored) {
        fresh->restore(stored->state);
    }
    workgroup_ = std::move(fresh);
    // As after a reconnect: `subscribe` is answered `subscribed` (and then probed) by the
    // agents' servers; a probe sent at once would cancel a pending request (TRAPS.md).
    for (const auto& agent : workgroup_->settings().agents) {
        send_(xmpp::presence(ctx_, jid_, agent.jid, "subscribe"));
    }
    publisher_.note(current_availability());
    publisher_.push_again();
    return true;
}

void Desk::persist(const routing::Event& event, const routing::Effects& effects,
                   const routing::Now& now) {
    // Exactly what the core says it changed: nothing guessed from events or effects.
    const routing::Changes& changes = workgroup_->changes();
    const std::string& wg = name();
    for (auto id : changes.conversations) {
        if (const routing::Conversation* c = workgroup_->conversation(id)) {
            store_->save_conversation(wg, *c);
        } else {
            store_->forget_conversation(wg, id);
        }
    }
    for (auto agent : changes.agents) {
        store_->save_agent(wg, workgroup_->agent(agent));
    }
    for (const auto& [visitor, agent] : changes.sticky) {
        store_->save_sticky(wg, visitor, agent);
    }
    store_->save_header(wg, workgroup_->header());

    const bool refused = std::any_of(effects.begin(), effects.end(), [](const auto& effect) {
        return std::holds_alternative<routing::Refuse>(effect);
    });
    // The transcript: what the visitor wrote, what agents answered, and how it ended.
    if (const auto* m = std::get_if<routing::VisitorMessage>(&event); m != nullptr && !refused) {
        if (const auto* c = workgroup_->conversation_of(m->visitor)) {
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
                closed->agent ? workgroup_->settings().agents[*closed->agent].jid : std::string{};
            store_->close_transcript(wg, *closed, agent_jid, now.at);
        }
    }
}

}  // namespace component
