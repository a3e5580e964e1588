#include "component/presence_to_agents.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "xmpp/builders.hpp"

namespace component {

PresenceToAgents::PresenceToAgents(const xmpp::Context& ctx, std::string jid, Send send,
                                   std::string status, Address address)
    : ctx_(ctx),
      jid_(std::move(jid)),
      send_(std::move(send)),
      address_(std::move(address)),
      status_(std::move(status)) {}

xmpp::Stanza PresenceToAgents::workgroup_presence(const std::string& to,
                                                  std::string_view type) const {
    // No <show>: whatever widgets see (open, full, closed), an agent can type commands.
    xmpp::Stanza p = xmpp::presence(ctx_, jid_, to, type);
    if (type.empty() && !status_.empty()) {
        p.add(xmpp::text_element(ctx_, "status", status_));
    }
    return p;
}

void PresenceToAgents::send_workgroup_to(const std::string& to) const {
    send_(workgroup_presence(to, ""));
}

void PresenceToAgents::resource_available(routing::AgentId agent, const std::string& full) {
    if (resources_.count(full) > 0) {
        return;
    }
    const auto known = std::count_if(resources_.begin(), resources_.end(),
                                     [&](const auto& r) { return r.second == agent; });
    if (static_cast<std::size_t>(known) >= kMaxResources) {
        spdlog::debug("{}: no presence to {}: {} resources of that agent have it already", jid_,
                      full, kMaxResources);
        return;
    }
    resources_.emplace(full, agent);
    send_workgroup_to(full);
    for (const auto& [id, shown_to] : conversations_) {
        if (shown_to == agent) {
            send_(xmpp::presence(ctx_, address_(id), full));
        }
    }
}

void PresenceToAgents::resource_gone(const std::string& full) {
    resources_.erase(full);
}

void PresenceToAgents::note_status(const std::string& status) {
    if (status != status_) {
        status_ = status;
        dirty_ = true;
    }
}

void PresenceToAgents::flush(std::chrono::steady_clock::time_point now,
                             std::chrono::milliseconds min_interval) {
    if (!dirty_ || now - last_push_ < min_interval) {
        return;
    }
    dirty_ = false;
    last_push_ = now;
    for (const auto& resource : resources_) {
        send_workgroup_to(resource.first);
    }
}

void PresenceToAgents::send_conversation(routing::ConversationId id, routing::AgentId agent,
                                         std::string_view type) const {
    std::string from;
    for (const auto& [full, resource_of] : resources_) {
        if (resource_of == agent) {
            if (from.empty()) {
                from = address_(id);
            }
            send_(xmpp::presence(ctx_, from, full, type));
        }
    }
}

void PresenceToAgents::show_conversation(routing::ConversationId id,
                                         std::optional<routing::AgentId> agent) {
    const auto it = conversations_.find(id);
    const std::optional<routing::AgentId> before =
        it == conversations_.end() ? std::nullopt : std::optional(it->second);
    if (agent == before) {
        return;
    }
    if (before) {
        send_conversation(id, *before, "unavailable");
        conversations_.erase(it);
    }
    if (agent) {
        conversations_.emplace(id, *agent);
        send_conversation(id, *agent, "");
    }
}

void PresenceToAgents::answer_probe(routing::ConversationId id,
                                    std::optional<routing::AgentId> asker,
                                    const std::string& to) const {
    const auto it = conversations_.find(id);
    const bool shown = asker && it != conversations_.end() && it->second == *asker;
    send_(xmpp::presence(ctx_, address_(id), to, shown ? "" : "unavailable"));
}

void PresenceToAgents::announce_closed() {
    for (const auto& resource : resources_) {
        send_(workgroup_presence(resource.first, "unavailable"));
    }
    for (const auto& [id, agent] : conversations_) {
        send_conversation(id, agent, "unavailable");
    }
}

}  // namespace component
