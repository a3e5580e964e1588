// Workgroup: the commands agents type (help, list, take, next, pause, ready, status, close,
// transfer).

#include <algorithm>

#include "routing/text.hpp"
#include "routing/texts.hpp"
#include "routing/workgroup.hpp"

namespace routing {

namespace {

constexpr std::size_t kListed = 10;  // waiting chats shown by `list` in broadcast

}  // namespace

void Workgroup::reply(AgentId agent, ReplyKind kind, ConversationId id, std::string text,
                      Effects& fx) {
    fx.push_back(Reply{agent, kind, id, std::move(text)});
}

void Workgroup::run_command(AgentId agent, const Command& command, std::optional<ConversationId> in,
                            const Now& now, Effects& fx) {
    const AgentStatus& status = agents_[agent].status;
    const AgentSettings& conf = settings_.agents[agent];
    switch (command.kind) {
        case CommandKind::help:
            reply(agent, ReplyKind::help, 0, texts::help(mode()), fx);
            return;
        case CommandKind::list:
            list(agent, fx);
            return;
        case CommandKind::take:
            if (ConversationEntry* offered = find(*command.id);
                offered != nullptr && offered->data.state == ConversationState::offered &&
                offered->data.agent == agent) {
                // The offered agent answers the offer by typing take (any mode).
                accept(*offered, now, fx);
                reply(agent, ReplyKind::taken, offered->data.id,
                      texts::offer_taken(offered->data.id), fx);
                return;
            }
            if (mode() != Mode::broadcast && !told_about(agent, *command.id)) {
                reply(agent, ReplyKind::not_in_mode, 0, texts::not_in_mode("take", mode()), fx);
                return;
            }
            take(agent, *command.id, now, fx);
            return;
        case CommandKind::next:
            next(agent, now, fx);
            return;
        case CommandKind::pause:
            changing(agent).paused = true;
            refresh(agent);
            reply(agent, ReplyKind::paused, 0, texts::paused(), fx);
            return;
        case CommandKind::ready:
            changing(agent).paused = false;
            reply(agent, ReplyKind::ready, 0, texts::ready(), fx);
            after_agent_change(agent, now, fx);
            return;
        case CommandKind::status:
            reply(agent, ReplyKind::status, 0,
                  texts::status(status.chats, conf.max_chats, status.paused, waiting_count(),
                                missed_today_),
                  fx);
            return;
        case CommandKind::close:
            close_command(agent, command, in, now, fx);
            return;
        case CommandKind::transfer:
            transfer(agent, command, in, now, fx);
            return;
        case CommandKind::history:
            history(agent, command, in, fx);
            return;
        case CommandKind::why:
            why(agent, command, in, now, fx);
            return;
        case CommandKind::unknown:
            break;
    }
    reply(agent, ReplyKind::unknown_command, 0, texts::unknown_command(command.text), fx);
}

bool Workgroup::told_about(AgentId agent, ConversationId id) const {
    // An adaptive workgroup that switched to queue: a chat announced before still may be taken.
    const ConversationEntry* entry = find(id);
    return entry != nullptr && settings_.mode == Mode::broadcast &&
           std::find(entry->data.notified.begin(), entry->data.notified.end(), agent) !=
               entry->data.notified.end();
}

void Workgroup::list(AgentId agent, Effects& fx) {
    if (mode() != Mode::broadcast) {
        reply(agent, ReplyKind::list, 0, texts::list_count(waiting_count(), missed_today_), fx);
        return;
    }
    std::size_t total = 0;
    std::vector<texts::ListedChat> listed;
    for (ConversationId id : waiting_for(agent, kListed, &total)) {
        const Conversation& c = conversations_.at(id).data;
        listed.push_back({c.id, c.visitor_name, c.first_message});
    }
    reply(agent, ReplyKind::list, 0,
          texts::list_chats(listed, total - listed.size(), missed_today_), fx);
}

std::vector<ConversationId> Workgroup::waiting_for(AgentId agent, std::size_t limit,
                                                   std::size_t* total) const {
    // The oldest chats this agent may take, from each of their pools.
    std::vector<const ConversationEntry*> chats;
    std::size_t all = 0;
    for (std::uint32_t p : agents_[agent].pools) {
        const auto& waiting = pools_[p]->waiting;
        all += waiting.size();
        std::size_t n = 0;
        for (const ConversationEntry* e = waiting.front(); e != nullptr && n < limit;
             e = waiting.next(e), ++n) {
            chats.push_back(e);
        }
    }
    std::sort(chats.begin(), chats.end(),
              [](const auto* a, const auto* b) { return served_before(a->data, b->data); });
    if (chats.size() > limit) {
        chats.resize(limit);
    }
    if (total != nullptr) {
        *total = all;
    }
    std::vector<ConversationId> out;
    out.reserve(chats.size());
    for (const auto* e : chats) {
        out.push_back(e->data.id);
    }
    return out;
}

void Workgroup::take(AgentId agent, ConversationId id, const Now& now, Effects& fx) {
    ConversationEntry* entry = find(id);
    const AgentSettings& conf = settings_.agents[agent];
    if (entry == nullptr || entry->data.state != ConversationState::waiting) {
        reply(agent, ReplyKind::no_such_chat, id, texts::no_such_chat(id), fx);
        return;
    }
    if (static_cast<int>(agents_[agent].status.chats.size()) >= conf.max_chats) {
        reply(agent, ReplyKind::at_capacity, id, texts::at_capacity(conf.max_chats), fx);
        return;
    }
    if (!SkillCatalog::holds(skills_.agent_skills(agent), pools_[entry->pool]->skills())) {
        reply(agent, ReplyKind::lacks_skills, id, texts::lacks_skills(id), fx);
        return;
    }
    give(*entry, agent, AssignReason::taken, now, fx);
    revoke_notified(*entry, RevokeReason::taken, agent, fx);
}

void Workgroup::next(AgentId agent, const Now& now, Effects& fx) {
    const AgentSettings& conf = settings_.agents[agent];
    if (static_cast<int>(agents_[agent].status.chats.size()) >= conf.max_chats) {
        reply(agent, ReplyKind::at_capacity, 0, texts::at_capacity(conf.max_chats), fx);
        return;
    }
    ConversationEntry* entry = oldest_for(agent);
    if (entry == nullptr) {
        reply(agent, ReplyKind::nothing_waiting, 0, texts::nothing_waiting(), fx);
        return;
    }
    give(*entry, agent, AssignReason::next, now, fx);
    revoke_notified(*entry, RevokeReason::taken, agent, fx);
}

void Workgroup::close_command(AgentId agent, const Command& command,
                              std::optional<ConversationId> in, const Now& now, Effects& fx) {
    const std::optional<ConversationId> id = chat_named(agent, command, in);
    if (!id) {
        reply(agent, ReplyKind::which_chat, 0,
              texts::which_chat(CommandKind::close, agents_[agent].status.chats), fx);
        return;
    }
    ConversationEntry* entry = find(*id);
    if (entry == nullptr) {
        reply(agent, ReplyKind::no_such_chat, *id, texts::no_such_chat(*id), fx);
        return;
    }
    if (entry->data.agent != agent) {
        reply(agent, ReplyKind::not_your_chat, *id, texts::not_your_chat(*id), fx);
        return;
    }
    const ConversationId closed = *id;
    close(*entry, CloseReason::agent, now, fx);
    reply(agent, ReplyKind::closed, closed, texts::closed_reply(closed), fx);
}

void Workgroup::transfer(AgentId agent, const Command& command, std::optional<ConversationId> in,
                         const Now& now, Effects& fx) {
    // An ad-hoc form names the chat; typed, it is the conversation's own.
    const std::optional<ConversationId> id = chat_named(agent, command, in);
    if (!id) {
        reply(agent, ReplyKind::which_chat, 0, texts::transfer_where(), fx);
        return;
    }
    ConversationEntry* entry = find(*id);
    if (entry == nullptr || entry->data.agent != agent) {
        reply(agent, ReplyKind::not_your_chat, *id, texts::not_your_chat(*id), fx);
        return;
    }
    // AGENT is a bare JID or a configured name (any case).
    std::optional<AgentId> target = find_agent(command.target);
    if (!target) {
        auto it = agent_by_name_.find(ascii_lower(command.target));
        if (it != agent_by_name_.end()) {
            target = it->second;
        }
    }
    if (!target) {
        reply(agent, ReplyKind::no_such_agent, *id, texts::no_such_agent(command.target), fx);
        return;
    }
    if (*target == agent) {
        reply(agent, ReplyKind::already_yours, *id, texts::already_yours(*id), fx);
        return;
    }
    const AgentRuntime& to = agents_[*target];
    const AgentSettings& to_conf = settings_.agents[*target];
    if (!to.present || to.status.paused ||
        static_cast<int>(to.status.chats.size()) >= to_conf.max_chats) {
        reply(agent, ReplyKind::agent_unavailable, *id, texts::agent_unavailable(to_conf.name), fx);
        return;
    }
    detach(*entry, now);
    give(*entry, *target, AssignReason::transferred, now, fx, agent);
    reply(agent, ReplyKind::transferred, *id, texts::transferred_reply(*id, to_conf.name), fx);
    after_agent_change(agent, now, fx);
}

std::optional<ConversationId> Workgroup::chat_named(AgentId agent, const Command& command,
                                                    std::optional<ConversationId> in) const {
    if (command.id) {
        return command.id;
    }
    const auto& chats = agents_[agent].status.chats;
    if (!in && chats.size() == 1) {
        return chats.front();
    }
    return in;
}

void Workgroup::history(AgentId agent, const Command& command, std::optional<ConversationId> in,
                        Effects& fx) {
    const std::optional<ConversationId> id = chat_named(agent, command, in);
    if (!id) {
        reply(agent, ReplyKind::which_chat, 0,
              texts::which_chat(CommandKind::history, agents_[agent].status.chats), fx);
        return;
    }
    const ConversationEntry* entry = find(*id);
    if (entry == nullptr || entry->data.agent != agent) {
        // Another visitor's words go to their own agent only.
        reply(agent, ReplyKind::not_your_chat, *id, texts::not_your_chat(*id), fx);
        return;
    }
    reply(agent, ReplyKind::history, *id, texts::history(*id), fx);
}

}  // namespace routing
