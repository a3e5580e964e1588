// Desk: taking over what the store kept at start, and going back to it after a turn that
// could not be committed. What each event changed is written by `WorkgroupRecord`, and what
// the desk knows of a conversation besides (its visitor's address, its room) by
// `keep_addresses`, in the same turn.

#include <spdlog/spdlog.h>

#include <algorithm>

#include "component/desk.hpp"
#include "xmpp/builders.hpp"

namespace component {

void Desk::restore(const routing::Now& now) {
    if (!record_.enabled()) {
        return;
    }
    if (auto stored = record_.load(workgroup_->settings())) {
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
        take_addresses(stored->addresses);
        for (const auto& jid : stored->subscribers) {
            publisher_.audience().add_subscriber(jid);
        }
        for (const auto& jid : stored->directed) {
            publisher_.audience().add_directed(jid, now.at);
        }
    }
    record_.write_all(*workgroup_, publisher_.audience());
    present_again();
}

bool Desk::roll_back() {
    record_.forget_failure();
    if (!record_.enabled()) {
        return false;
    }
    std::optional<StoredWorkgroup> stored;
    try {
        stored = record_.load(workgroup_->settings());
    } catch (const std::exception& e) {
        spdlog::error("{}: could not read the stored state back: {}", jid_, e.what());
        return false;
    }
    auto fresh = std::make_unique<routing::Workgroup>(workgroup_->settings(), seed_);
    if (stored) {
        fresh->restore(stored->state);
    }
    workgroup_ = std::move(fresh);
    // The addresses in memory stay (as the stanzas that set them were seen); what differs
    // from the store is written again with the next change.
    kept_.clear();
    if (stored) {
        kept_.insert(stored->addresses.begin(), stored->addresses.end());
    }
    if (rooms_ != nullptr) {
        rooms_->forget_unready();  // their joins may have gone with the turn
    }
    watch_.align([this](const std::string& bare) -> std::optional<bool> {
        const routing::Conversation* c = workgroup_->conversation_of(bare);
        return c != nullptr ? std::optional(c->visitor_online) : std::nullopt;
    });
    // As after a reconnect: `subscribe` is answered `subscribed` (and then probed) by the
    // agents' servers; a probe sent at once would cancel a pending request (TRAPS.md).
    for (const auto& agent : workgroup_->settings().agents) {
        send_(xmpp::presence(ctx_, jid_, agent.jid, "subscribe"));
    }
    // What the turn sent to agents' resources is gone with it: they get it again when
    // their presence comes back (their servers answer those requests, and then our probes).
    to_agents_.forget_resources();
    present_again();
    return true;
}

void Desk::take_addresses(const std::map<routing::ConversationId, ChatAddresses>& stored) {
    for (const auto& [id, addresses] : stored) {
        const routing::Conversation* c = workgroup_->conversation(id);
        if (c == nullptr) {
            continue;
        }
        kept_[id] = addresses;
        if (!addresses.visitor_full.empty()) {
            // A visitor in the workgroup's room is still in it: their client was never told
            // otherwise.
            visitor_address_[c->visitor] =
                VisitorAddress{addresses.visitor_full, addresses.muc, addresses.nick,
                               addresses.agent_shown, addresses.widget};
        }
        if (!addresses.room.empty() && rooms_ != nullptr) {
            rooms_->known_as(id, addresses.room);
        }
    }
}

void Desk::keep_addresses(routing::ConversationId id) {
    const routing::Conversation* c = workgroup_->conversation(id);
    if (c == nullptr) {
        kept_.erase(id);  // closed: its row is gone
        return;
    }
    ChatAddresses now;
    if (const auto it = visitor_address_.find(c->visitor); it != visitor_address_.end()) {
        const VisitorAddress& a = it->second;
        now = ChatAddresses{a.full, a.widget, a.muc, a.nick, a.agent_shown, {}};
    }
    if (rooms_ != nullptr) {
        now.room = rooms_->name_of(id);
    }
    ChatAddresses& kept = kept_[id];
    if (!(kept == now)) {
        kept = now;
        record_.addresses(id, now);
    }
}

void Desk::keep_addresses(const std::string& bare) {
    if (const routing::Conversation* c = workgroup_->conversation_of(bare)) {
        keep_addresses(c->id);
    }
}

}  // namespace component
