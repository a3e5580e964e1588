#pragma once
// The presence a workgroup's agents see (PRODUCT.md, "What the agent's client shows"): the
// workgroup JID's own, sent to every resource an agent is online with so the desk shows
// online without the agent subscribing back; and each open conversation JID's, available to
// the agent who has the chat while its visitor is there.

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "routing/agent.hpp"
#include "xmpp/stanza.hpp"

namespace xmpp {
class Context;
}

namespace component {

/// Directed presence from a workgroup and its conversations to the agents' full JIDs.
class PresenceToAgents {
  public:
    using Send = std::function<void(const xmpp::Stanza&)>;
    /// The full JID a conversation's presence comes from.
    using Address = std::function<std::string(routing::ConversationId)>;

    /// Resources of one agent that are sent presence; a further one gets none (an agent
    /// has a few clients, and each costs every push a stanza).
    static constexpr std::size_t kMaxResources = 16;

    /// `jid` is the workgroup's bare JID; `status` what its presence to agents says.
    PresenceToAgents(const xmpp::Context& ctx, std::string jid, Send send, std::string status,
                     Address address);

    /// `full`, a resource of `agent`, is available: the first time on this connection it
    /// gets the workgroup's presence and that of the agent's conversations at once.
    void resource_available(routing::AgentId agent, const std::string& full);
    /// `full` went offline or its address bounced: it is sent nothing more.
    void resource_gone(const std::string& full);
    /// After a reconnection or a roll-back: resources are sent presence again once they
    /// announce themselves again (the agents' servers answer the desk's probes).
    void forget_resources() { resources_.clear(); }

    /// What the workgroup's presence to agents says; pushed at the next `flush` if new.
    void note_status(const std::string& status);
    /// Pushes the workgroup's presence to every resource if it changed, at most once per
    /// `min_interval` (a burst of queue changes sends one update).
    void flush(std::chrono::steady_clock::time_point now, std::chrono::milliseconds min_interval);
    /// The workgroup's presence to one address (an agent's probe or subscription).
    void send_workgroup_to(const std::string& to) const;

    /// Conversation `id` is now shown available to `agent` (nullopt: to nobody). When that
    /// changed, the agent who saw it available gets `unavailable`, the new one `available`.
    void show_conversation(routing::ConversationId id, std::optional<routing::AgentId> agent);
    /// Answers a probe from `to` (of agent `asker`, if one) to conversation `id`: available
    /// when it is shown to that agent, else unavailable.
    void answer_probe(routing::ConversationId id, std::optional<routing::AgentId> asker,
                      const std::string& to) const;
    /// Forgets every conversation without sending anything (before showing them again
    /// from a restored state).
    void forget_conversations() { conversations_.clear(); }

    /// Before a clean stop: the workgroup and its conversations go unavailable for every
    /// resource.
    void announce_closed();

  private:
    /// Conversation `id`'s presence of `type` to every resource of `agent`.
    void send_conversation(routing::ConversationId id, routing::AgentId agent,
                           std::string_view type) const;
    xmpp::Stanza workgroup_presence(const std::string& to, std::string_view type) const;

    const xmpp::Context& ctx_;
    std::string jid_;
    Send send_;
    Address address_;
    std::string status_;
    bool dirty_ = false;
    std::chrono::steady_clock::time_point last_push_{};
    /// The resources sent presence on this connection: full JID -> their agent.
    std::map<std::string, routing::AgentId> resources_;
    /// Open conversations shown available to an agent: id -> that agent.
    std::map<routing::ConversationId, routing::AgentId> conversations_;
};

}  // namespace component
