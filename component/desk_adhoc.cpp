// Desk: what the ad-hoc forms offer to choose from: the actual chats, and the agents.

#include "component/desk.hpp"
#include "routing/texts.hpp"

namespace component {
namespace {

constexpr std::size_t kMaxOptions = 50;  // per field: a form any client shows at once

}  // namespace

AdhocChoices Desk::adhoc_choices(routing::AgentId agent, routing::CommandKind command) const {
    namespace texts = routing::texts;
    const auto& agents = workgroup_->settings().agents;
    AdhocChoices out;
    const auto add_chat = [&](routing::ConversationId id, bool with_first) {
        const routing::Conversation* c = workgroup_->conversation(id);
        if (c == nullptr || out.chats.size() >= kMaxOptions) {
            return;
        }
        std::string label =
            c->agent == agent ? texts::chat_choice(id, c->visitor_name, {})
            : with_first
                ? texts::chat_choice(id, c->visitor_name, c->first_message)
                // Not the agent's: named without its visitor (why).
                : texts::other_chat_choice(
                      id, c->agent ? std::string_view(agents[*c->agent].name) : std::string_view{});
        out.chats.push_back({std::to_string(id), std::move(label)});
    };
    const auto& mine = workgroup_->agent(agent).chats;
    switch (command) {
        case routing::CommandKind::take:
            // Broadcast only: as `list` shows them, with the name and the first message.
            for (auto id : workgroup_->waiting_for(agent, kMaxOptions)) {
                add_chat(id, true);
            }
            out.none = texts::nothing_waiting();
            break;
        case routing::CommandKind::why:
            for (auto id : mine) {
                add_chat(id, false);
            }
            for (auto id : workgroup_->waiting_for(agent, kMaxOptions)) {
                add_chat(id, false);
            }
            out.none = texts::no_open_chat();
            break;
        case routing::CommandKind::transfer: {
            // Who can take it now first, then the others (a transfer to them is refused).
            std::vector<AdhocOption> later;
            for (std::size_t i = 0; i < agents.size() && out.agents.size() < kMaxOptions; ++i) {
                const routing::AgentStatus& status =
                    workgroup_->agent(static_cast<routing::AgentId>(i));
                if (i == agent) {
                    continue;
                }
                const bool online = status.presence == routing::Presence::online;
                std::string state = status.paused ? texts::is_paused()
                                    : online      ? std::string{}
                                                  : texts::not_present(status.presence);
                AdhocOption option{agents[i].jid, texts::agent_choice(agents[i].name, state)};
                (state.empty() ? out.agents : later).push_back(std::move(option));
            }
            for (auto& option : later) {
                if (out.agents.size() < kMaxOptions) {
                    out.agents.push_back(std::move(option));
                }
            }
            if (out.agents.empty()) {
                out.none = texts::no_other_agent();
                break;
            }
            [[fallthrough]];
        }
        default:
            for (auto id : mine) {
                add_chat(id, false);
            }
            if (out.none.empty()) {
                out.none = texts::which_chat(routing::CommandKind::close, {});
            }
            break;
    }
    return out;
}

}  // namespace component
