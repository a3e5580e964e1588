// Workgroup: what visitors do (write, answer the menu, leave and come back).

#include "routing/workgroup.hpp"

#include <algorithm>

#include "routing/texts.hpp"

namespace routing {

namespace {

bool backlog_full(const std::vector<BacklogLine>& backlog, std::string_view more) {
    if (backlog.size() >= kBacklogLimit) {
        return true;
    }
    std::size_t bytes = more.size();
    for (const auto& line : backlog) {
        bytes += line.body.size();
    }
    return bytes > kBacklogBytes;
}

// However short `visitor_grace` is, an agent hears "left" only after this much away.
constexpr std::chrono::seconds kAwayBeforeLeft{5};

bool pending(ConversationState state) {
    return state == ConversationState::menu || state == ConversationState::delayed ||
           state == ConversationState::waiting;
}

}  // namespace

bool valid_visitor_id(std::string_view id) {
    if (id.empty() || id.size() > 64) {
        return false;
    }
    for (const char ch : id) {
        const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                        (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
        if (!ok) {
            return false;
        }
    }
    return true;
}

std::string visitor_id_key(std::string_view visitor_id) {
    // A space is in no JID, so the key never meets a visitor's bare JID.
    return visitor_id.empty() ? std::string{} : "visitor-id " + std::string(visitor_id);
}

void Workgroup::on_visitor_message(const VisitorMessage& event, const Now& now, Effects& fx) {
    if (event.body.size() > settings_.max_message) {
        fx.push_back(
            Refuse{Refusal::not_acceptable, texts::refused_too_long(settings_.max_message)});
        return;
    }
    ConversationEntry* found = open_by_visitor_.find(event.visitor);
    if (found == nullptr) {
        open_conversation(event, now, fx);
        return;
    }
    ConversationEntry& entry = *found;
    if (!entry.data.visitor_online) {
        on_visitor_presence(VisitorPresence{event.visitor, true}, now, fx);
    }
    if (entry.data.state == ConversationState::assigned) {
        // Owned: relayed live, and nothing in the conversation changes (the transcript
        // keeps the line; the backlog was handed over and stays so).
        changes_.said.push_back(Said{entry.data.id, std::nullopt, std::string(event.body)});
        fx.push_back(RelayToAgent{entry.data.id, *entry.data.agent, std::string(event.body)});
        return;
    }
    if (backlog_full(entry.data.backlog, event.body)) {
        // Refused where the visitor sees it, never dropped in silence.
        fx.push_back(Refuse{Refusal::wait_for_agent, texts::refused_wait_for_agent()});
        return;
    }
    append_backlog(entry, event.body, now);
    Conversation& c = entry.data;
    switch (c.state) {
        case ConversationState::menu: {
            const auto choice = skills_.menu_choice(event.body);
            if (!choice) {
                tell(entry, VisitorNotice::menu, texts::menu(*settings_.menu), fx);
                return;
            }
            const MenuOption& option = settings_.menu->options[*choice];
            if (!option.skill.empty()) {
                changing(entry).skills.push_back(option.skill);
            }
            if (option.chat_priority) {
                // The smallest number set by the rules or the answer.
                const auto by_rules = skills_.required(c.first_message, c.language).priority;
                changing(entry).priority =
                    std::min(*option.chat_priority, by_rules.value_or(*option.chat_priority));
            }
            start_routing(entry, now, fx);
            return;
        }
        case ConversationState::delayed:
        case ConversationState::waiting:
            return;                       // kept in the backlog for whoever gets the chat
        case ConversationState::offered:  // kept too: a timed-out offer hands it on
        case ConversationState::assigned:
            fx.push_back(RelayToAgent{c.id, *c.agent, std::string(event.body)});
            return;
    }
}

void Workgroup::open_conversation(const VisitorMessage& event, const Now& now, Effects& fx) {
    const Availability availability = compute_availability();
    if (availability != Availability::open) {
        const bool closed = availability == Availability::closed;
        fx.push_back(TellVisitor{std::string(event.visitor), 0,
                                 closed ? VisitorNotice::offline : VisitorNotice::not_available, 0,
                                 closed ? settings_.offline : settings_.not_available});
        return;
    }
    const ConversationId id = next_id_++;
    ConversationEntry& entry = conversations_[id];
    entry.data.id = id;
    Conversation& c = changing(entry);
    c.visitor = std::string(event.visitor);
    c.visitor_name = event.name.empty() ? texts::unnamed_visitor(id) : std::string(event.name);
    c.language = std::string(event.language);
    if (valid_visitor_id(event.visitor_id)) {
        c.visitor_id = std::string(event.visitor_id);
    }
    c.first_message = std::string(event.body);
    c.created_at = now.at;
    c.queued_at = now.at;
    const auto required = skills_.required(event.body, event.language);
    c.skills = skills_.names(required.skills);
    c.priority = required.priority.value_or(kDefaultChatPriority);
    append_backlog(entry, event.body, now);
    open_by_visitor_.insert(&entry);

    if (!settings_.welcome.empty()) {
        tell(entry, VisitorNotice::welcome, settings_.welcome, fx);
    }
    if (settings_.menu && !settings_.menu->options.empty()) {
        transition(entry, ConversationState::menu, now);
        tell(entry, VisitorNotice::menu, texts::menu(*settings_.menu), fx);
        return;
    }
    start_routing(entry, now, fx);
}

void Workgroup::start_routing(ConversationEntry& entry, const Now& now, Effects& fx) {
    Conversation& c = changing(entry);
    SkillSet needed;
    for (const auto& name : c.skills) {
        SkillCatalog::add(needed, skills_.id(name));
    }
    c.skills = skills_.names(needed);
    entry.pool = pool_for(needed);
    if (settings_.assign_delay.count() > 0) {
        transition(entry, ConversationState::delayed, now);
        return;
    }
    route(entry, Place::arrival, now, fx);
}

void Workgroup::append_backlog(ConversationEntry& entry, std::string_view body, const Now& now) {
    // Recorded as a kept line, not as a changed conversation (see `Said::kept`).
    entry.data.backlog.push_back(BacklogLine{now.at, std::string(body)});
    changes_.said.push_back(Said{entry.data.id, std::nullopt, std::string(body), true});
}

void Workgroup::on_visitor_presence(const VisitorPresence& event, const Now& now, Effects& fx) {
    ConversationEntry* found = open_by_visitor_.find(event.visitor);
    if (found == nullptr) {
        return;
    }
    ConversationEntry& entry = *found;
    if (event.online == entry.data.visitor_online) {
        return;
    }
    Conversation& c = changing(entry);
    c.visitor_online = event.online;
    if (event.online) {
        // Back before the grace ran out (a reload, a flapping link): nobody was told they
        // left, so nobody hears they are back.
        const bool told_left = !c.visitor_gone && c.agent;
        c.visitor_gone.reset();
        if (told_left) {
            fx.push_back(
                TellAgent{*c.agent, c.id, AgentNotice::visitor_back, texts::visitor_back(c.id)});
        }
        return;
    }
    if (pending(c.state)) {
        // A page reload must not lose the place in the queue: wait before giving it up.
        c.visitor_gone = now.at + settings_.visitor_grace;
        schedule(*c.visitor_gone, TimerKind::visitor_gone, c.id);
        if (settings_.visitor_grace.count() <= 0) {
            c.visitor_gone.reset();
            close(entry, CloseReason::visitor_left, now, fx);
        }
        return;
    }
    // The agent is told once the visitor stayed away as long (the timer, in `fire`): a
    // visitor toggling presence costs them no line at all.
    c.visitor_gone = now.at + std::max<Duration>(settings_.visitor_grace, kAwayBeforeLeft);
    schedule(*c.visitor_gone, TimerKind::visitor_gone, c.id);
}

void Workgroup::tell(const ConversationEntry& entry, VisitorNotice notice, std::string text,
                     Effects& fx, std::uint32_t position) {
    fx.push_back(TellVisitor{entry.data.visitor, entry.data.id, notice, position, std::move(text),
                             entry.data.via});
}

}  // namespace routing
