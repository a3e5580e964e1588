#include "routing/texts.hpp"

#include "routing/text.hpp"

namespace routing::texts {

namespace {

std::string id_str(ConversationId id) {
    return std::to_string(id);
}

std::string seconds(Duration d) {
    const auto s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
    if (s >= 120 && s % 60 == 0) {
        return std::to_string(s / 60) + " minutes";
    }
    return std::to_string(s) + (s == 1 ? " second" : " seconds");
}

std::string chat_ids(const std::vector<ConversationId>& chats) {
    std::string out;
    for (ConversationId id : chats) {
        out += out.empty() ? "" : ", ";
        out += id_str(id);
    }
    return out;
}

std::string shown_name(std::string_view visitor_name) {
    return excerpt(visitor_name, kNameChars);
}

std::string shown_quote(std::string_view first_message) {
    return excerpt(first_message, kQuoteChars);
}

std::string missed_line(std::uint32_t missed_today) {
    return " Missed today: " + std::to_string(missed_today) + ".";
}

}  // namespace

std::string new_chat(ConversationId id, std::string_view visitor_name, std::string_view first) {
    return "New chat " + id_str(id) + " from " + shown_name(visitor_name) + ": \"" +
           shown_quote(first) + "\". Type take " + id_str(id) + " to answer it.";
}

std::string conversation_address(std::string_view address, ConversationId id) {
    std::string out(address);
    if (const auto at = out.find("{id}"); at != std::string::npos) {
        out.replace(at, 4, id_str(id));
    }
    return out;
}

std::string assigned(AssignReason reason, ConversationId id, std::string_view visitor_name,
                     Duration offer_timeout, std::string_view from_agent,
                     std::string_view address) {
    std::string out = "Chat " + id_str(id) + " with " + shown_name(visitor_name);
    const std::string reply = address.empty() ? std::string(" Reply in the conversation")
                                              : " Reply to " + std::string(address);
    switch (reason) {
        case AssignReason::offered:
            out += " is yours." + reply + " (or type take " + id_str(id) + ")";
            if (offer_timeout.count() > 0) {
                out += " within " + seconds(offer_timeout) + ", or it goes to someone else";
            }
            out += ".";
            break;
        case AssignReason::taken:
        case AssignReason::next:
            out += " is yours." + reply + ".";
            break;
        case AssignReason::transferred:
            out += " was transferred to you by " + std::string(from_agent) + "." + reply + ".";
            break;
    }
    return out + " Type close " + id_str(id) + " when done.";
}

std::string unnamed_visitor(ConversationId id) {
    return "Visitor " + id_str(id);
}

std::string conversation_nick(std::string_view visitor_name, ConversationId id) {
    return shown_name(visitor_name) + " (chat " + id_str(id) + ")";
}

std::string revoked(RevokeReason reason, ConversationId id, std::string_view taker_name) {
    switch (reason) {
        case RevokeReason::taken:
            return "Chat " + id_str(id) + " was taken by " + std::string(taker_name) + ".";
        case RevokeReason::gone:
            return "Chat " + id_str(id) + " is no longer waiting.";
        case RevokeReason::timed_out:
            return "Chat " + id_str(id) + " was not answered in time and went to another agent.";
        case RevokeReason::agent_offline:
            return "Chat " + id_str(id) + " went back to the queue because you were offline.";
        case RevokeReason::left_room:
            return "Chat " + id_str(id) + " went back to the queue because you left its room.";
        case RevokeReason::retired:
            return "Chat " + id_str(id) +
                   " is closed: its workgroup was removed from Switchboard's configuration.";
        case RevokeReason::overflowed:
            return "Chat " + id_str(id) + " waited too long and moved to " +
                   std::string(taker_name) + ".";
    }
    return {};
}

std::string now_queue(int above, std::size_t waiting) {
    return "More than " + std::to_string(above) + " chats are waiting (" + std::to_string(waiting) +
           "): new chats are no longer announced; type next to take the oldest.";
}

std::string now_broadcast(std::size_t waiting) {
    return "The queue is short again (" + std::to_string(waiting) +
           " waiting): new chats are announced to you again; type take ID to claim one.";
}

std::string menu(const Menu& menu) {
    std::string out = menu.question;
    for (std::size_t i = 0; i < menu.options.size(); ++i) {
        out += (i == 0 ? " " : ", ") + std::to_string(i + 1) + " " + menu.options[i].label;
    }
    return out;
}

std::string position(std::uint32_t position) {
    return "You are number " + std::to_string(position) + " in the queue.";
}

std::string agent_joined(std::string_view agent_name) {
    return std::string(agent_name) + " has joined the chat.";
}

std::string transferred(std::string_view agent_name) {
    return "You are being transferred to " + std::string(agent_name) + ".";
}

std::string requeued() {
    return "Your agent is no longer available. You are back at the front of the queue.";
}

std::string closed(std::string_view agent_name) {
    if (agent_name.empty()) {
        return "The chat has been closed. Thank you!";
    }
    return std::string(agent_name) + " has closed the chat. Thank you!";
}

std::string visitor_left(ConversationId id) {
    return "The visitor of chat " + id_str(id) + " left. Type close " + id_str(id) + " to end it.";
}

std::string visitor_back(ConversationId id) {
    return "The visitor of chat " + id_str(id) + " is back.";
}

std::string messages_refused(ConversationId id, std::string_view address) {
    const std::string from = address.empty() ? "its address" : std::string(address);
    return "Your client refused the messages of chat " + id_str(id) + " from " + from +
           ", so you may not see what the visitor writes. It may hide messages from contacts "
           "not in your roster: add " +
           from + " to your contacts (or allow messages from strangers), then reply there.";
}

std::string chats_waiting(std::size_t count, Mode mode) {
    std::string out = std::to_string(count) + (count == 1 ? " chat is" : " chats are") +
                      " waiting. Type next to take the oldest";
    return out + (mode == Mode::broadcast ? ", or list to see them." : ".");
}

std::string desk_status(std::size_t waiting) {
    if (waiting == 0) {
        return "No chats waiting";
    }
    return std::to_string(waiting) + " waiting \u2014 type next";
}

std::string help(Mode mode) {
    std::string out = "Commands: ";
    if (mode == Mode::broadcast) {
        out += "take ID (claim a waiting chat), ";
    }
    out +=
        "next (claim the oldest waiting chat), list (waiting chats), status (your chats), "
        "pause / ready (stop / resume receiving chats), close ID (end a chat), history ID "
        "(your chat so far, again), why ID (how a chat was routed), help. "
        "Inside a conversation: close (end it), transfer AGENT (hand it to a colleague, by "
        "name or address), history (the conversation so far, again), why (how it was "
        "routed).";
    if (mode != Mode::broadcast && mode != Mode::queue) {
        out +=
            " Chats are also assigned to you automatically (" + std::string(to_string(mode)) + ").";
    }
    return out;
}

std::string list_chats(const std::vector<ListedChat>& chats, std::size_t more,
                       std::uint32_t missed_today) {
    if (chats.empty()) {
        return "No chats are waiting." + missed_line(missed_today);
    }
    std::string out = "Waiting chats:";
    for (const auto& chat : chats) {
        out += "\n" + id_str(chat.id) + " " + shown_name(chat.visitor_name) + ": \"" +
               shown_quote(chat.first_message) + "\" (take " + id_str(chat.id) + ")";
    }
    if (more > 0) {
        out += "\n... and " + std::to_string(more) + " more.";
    }
    return out + "\n" + missed_line(missed_today).substr(1);
}

std::string list_count(std::size_t waiting, std::uint32_t missed_today) {
    if (waiting == 0) {
        return "No chats are waiting." + missed_line(missed_today);
    }
    return std::to_string(waiting) + (waiting == 1 ? " chat is" : " chats are") +
           " waiting. Type next to take the oldest." + missed_line(missed_today);
}

std::string status(const std::vector<ConversationId>& chats, int max_chats, bool paused,
                   std::size_t waiting, std::uint32_t missed_today) {
    std::string out =
        "You have " + std::to_string(chats.size()) + " of " + std::to_string(max_chats) + " chats";
    out += chats.empty() ? "" : " (" + chat_ids(chats) + ")";
    out += paused ? ", paused (type ready to resume)." : ".";
    out += " Waiting: " + std::to_string(waiting) + "." + missed_line(missed_today);
    return out;
}

std::string paused() {
    return "Paused: you will get no new chats. Type ready to resume.";
}

std::string ready() {
    return "Ready: you will get new chats again.";
}

std::string closed_reply(ConversationId id) {
    return "Chat " + id_str(id) + " is closed.";
}

std::string transferred_reply(ConversationId id, std::string_view to_agent) {
    return "Chat " + id_str(id) + " was transferred to " + std::string(to_agent) + ".";
}

std::string not_in_mode(std::string_view command, Mode mode) {
    return "Sorry, " + std::string(command) + " is not used in " + std::string(to_string(mode)) +
           " mode. Type next to take the oldest waiting chat.";
}

std::string no_such_chat(ConversationId id) {
    return "Sorry, chat " + id_str(id) + " is not waiting any more (already taken or closed).";
}

std::string not_your_chat(ConversationId id) {
    return "Sorry, chat " + id_str(id) + " is not yours.";
}

std::string at_capacity(int max_chats) {
    return "Sorry, you already have " + std::to_string(max_chats) +
           " chats, your maximum. Close one first.";
}

std::string lacks_skills(ConversationId id) {
    return "Sorry, chat " + id_str(id) + " needs skills you do not have.";
}

std::string nothing_waiting() {
    return "No chats are waiting for you.";
}

std::string no_such_agent(std::string_view target) {
    return "Sorry, " + excerpt(target, kEchoChars) + " is not an agent of this workgroup.";
}

std::string agent_unavailable(std::string_view agent_name) {
    return "Sorry, " + std::string(agent_name) + " cannot take a chat right now.";
}

std::string which_chat(CommandKind command, const std::vector<ConversationId>& chats) {
    const std::string word(to_string(command));
    if (chats.empty()) {
        return command == CommandKind::why ? "Which chat? Type why ID." : "You have no open chats.";
    }
    return "Which chat? Type " + word + " in the conversation, or " + word +
           " ID with one of: " + chat_ids(chats) + ".";
}

std::string transfer_where() {
    return "Type transfer AGENT in the conversation you want to hand over.";
}

std::string already_yours(ConversationId id) {
    return "Chat " + id_str(id) + " is already yours.";
}

std::string unknown_command(std::string_view text) {
    return "Sorry, I did not understand \"" + excerpt(text, kEchoChars) + "\". Type help.";
}

std::string offer_taken(ConversationId id) {
    return "Chat " + id_str(id) + " is yours now. Type close " + id_str(id) + " when done.";
}

std::string refused_closed(ConversationId id) {
    return "Chat " + id_str(id) + " was closed. Your message was not delivered.";
}

std::string refused_now_with(ConversationId id, std::string_view holder) {
    return "Chat " + id_str(id) + " is now with " + std::string(holder) +
           ". Your message was not delivered.";
}

std::string refused_not_yours(ConversationId id) {
    return "Chat " + id_str(id) + " is not yours. Your message was not delivered.";
}

std::string refused_no_chat(ConversationId id) {
    return "There is no chat " + id_str(id) + ". Your message was not delivered.";
}

std::string refused_not_agent() {
    return "Only the workgroup's agents can do that.";
}

std::string refused_too_long(std::size_t max_message) {
    return "The message is too long (at most " + std::to_string(max_message) +
           " bytes). It was not delivered.";
}

std::string refused_wait_for_agent() {
    return "Your message was not delivered: you have written all that can wait for an agent. "
           "Please wait until one answers, then send it again.";
}

std::string history(ConversationId id) {
    return "Chat " + id_str(id) + " so far, again, with the original times.";
}

std::string agent_line(std::string_view agent_name, std::string_view body) {
    return "[" + std::string(agent_name) + "] " + std::string(body);
}

std::string lines_left_out(std::size_t count) {
    return "[" + std::to_string(count) + (count == 1 ? " line" : " lines") +
           " of this chat left out here; the transcript keeps them]";
}

std::string decision(const Decision& d, std::string_view before, int priority) {
    std::string out;
    switch (d.kind) {
        case DecisionKind::sticky:
            out = "served this visitor last (returning visitor)";
            break;
        case DecisionKind::rotation:
            out = "next in the rotation";
            out += before.empty() ? "" : " after " + std::string(before);
            break;
        case DecisionKind::random_draw:
            out = "drawn at random among " + std::to_string(d.eligible) + " eligible";
            break;
        case DecisionKind::least_busy:
            out = "fewest open chats (" + std::to_string(d.open) + "), then priority " +
                  std::to_string(priority) + ", then idle the longest";
            break;
        case DecisionKind::weighted:
            out = "weighted draw: daily limit " + std::to_string(d.weight) + " of " +
                  std::to_string(d.total_weight) + " among the " + std::to_string(d.eligible) +
                  " eligible (" +
                  std::to_string(d.total_weight > 0
                                     ? (100 * d.weight + d.total_weight / 2) / d.total_weight
                                     : 0) +
                  " %)";
            break;
        case DecisionKind::taken:
            out = "taken by the agent";
            break;
        case DecisionKind::next:
            out = "pulled with next";
            break;
        case DecisionKind::transferred:
            out = "transferred by " + std::string(before);
            break;
        case DecisionKind::no_agent:
            out = "no eligible agent had room";
            break;
        case DecisionKind::notified:
            out = "announced to the eligible agents, waiting to be taken";
            break;
        case DecisionKind::queued:
            out = "waiting in the queue to be pulled with next";
            break;
        case DecisionKind::none:
        case DecisionKind::lost:
            break;
    }
    if (d.skipped_timed_out) {
        out += "; skipped agents who let this chat time out";
    }
    return out;
}

std::string lacks(const std::vector<std::string_view>& missing_skills) {
    std::string out = "missing skill";
    out += missing_skills.size() == 1 ? " " : "s ";
    for (std::size_t i = 0; i < missing_skills.size(); ++i) {
        out += (i == 0 ? "" : ", ") + std::string(missing_skills[i]);
    }
    return out;
}

std::string not_present(Presence presence) {
    switch (presence) {
        case Presence::offline:
            return "offline";
        case Presence::away:
            return "away";
        case Presence::xa:
            return "away (extended)";
        case Presence::dnd:
            return "do not disturb";
        case Presence::online:
            break;
    }
    return "online";
}

std::string is_paused() {
    return "paused";
}

std::string full_up(int max_chats) {
    return "at capacity (" + std::to_string(max_chats) + (max_chats == 1 ? " chat)" : " chats)");
}

std::string daily_limit_reached(int daily_limit) {
    return "daily limit reached (" + std::to_string(daily_limit) + ")";
}

std::string let_it_time_out() {
    return "let this chat's offer time out";
}

std::string eligible_now() {
    return "eligible now";
}

namespace {

std::string ago(Duration d) {
    return d < std::chrono::seconds{1} ? "just now" : seconds(d) + " ago";
}

// "Bob (paused), Carol (offline) and 3 more"; names only without reasons.
std::string agent_list(const std::vector<WhyAgent>& agents, std::size_t more) {
    std::string out;
    for (std::size_t i = 0; i < agents.size(); ++i) {
        out += i == 0 ? "" : ", ";
        out += agents[i].name;
        out += agents[i].reason.empty() ? "" : " (" + agents[i].reason + ")";
    }
    if (more > 0) {
        out += " and " + std::to_string(more) + " more";
    }
    return out;
}

}  // namespace

std::string why(const WhyAnswer& a) {
    const Decision& d = *a.decision;
    const std::string chat = "Chat " + id_str(a.id);
    std::string out;
    switch (d.kind) {
        case DecisionKind::none:
            return chat + " has not been routed yet (menu or assign delay).";
        case DecisionKind::lost:
            out = chat + " was routed before Switchboard restarted; the record of that decision " +
                  "did not survive the restart.";
            return out + (a.holder.empty() ? " It is waiting now."
                                           : " It is with " + std::string(a.holder) + " now.");
        case DecisionKind::sticky:
        case DecisionKind::rotation:
        case DecisionKind::random_draw:
        case DecisionKind::least_busy:
        case DecisionKind::weighted:
            out =
                chat + " went to " + std::string(a.chosen) + " " + ago(a.ago) + ": " + a.how + ".";
            out += " Eligible then: " + std::to_string(d.eligible) + ".";
            break;
        case DecisionKind::no_agent:
        case DecisionKind::notified:
        case DecisionKind::queued:
            out = chat + " was routed " + ago(a.ago) + ": " + a.how + ".";
            out += " Eligible then: " + std::to_string(d.eligible) + ".";
            break;
        case DecisionKind::taken:
        case DecisionKind::next:
        case DecisionKind::transferred:
            out =
                chat + " went to " + std::string(a.chosen) + " " + ago(a.ago) + ": " + a.how + ".";
            break;
    }
    if (!a.eligible.empty() || a.more_eligible > 0) {
        out += " Also eligible: " + agent_list(a.eligible, a.more_eligible) + ".";
    }
    if (!a.left_out.empty() || a.more_left_out > 0) {
        out += " Left out: " + agent_list(a.left_out, a.more_left_out) + ".";
    }
    if (!a.changed.empty() || a.more_changed > 0) {
        out +=
            " Changed since, so shown as they are now: " + agent_list(a.changed, a.more_changed) +
            ".";
    }
    if (!a.via.empty()) {
        out += " It moved here from " + std::string(a.via) + " after waiting too long there.";
    }
    for (const auto& [skill, since] : a.relaxed) {
        out += " It no longer needs " + std::string(skill) + ": dropped " + ago(since) +
               " after waiting too long for an agent with it.";
    }
    if (a.holder != a.chosen) {
        out += a.holder.empty() ? " Nobody has it now."
                                : " It is with " + std::string(a.holder) + " now.";
    }
    if (a.outside_hours) {
        out += " The workgroup is outside its hours now: no chat is routed until they begin.";
    }
    return out;
}

std::string chat_choice(ConversationId id, std::string_view visitor_name, std::string_view first) {
    std::string out = id_str(id) + " " + shown_name(visitor_name);
    return first.empty() ? out : out + ": \"" + shown_quote(first) + "\"";
}

std::string other_chat_choice(ConversationId id, std::string_view holder) {
    return id_str(id) + (holder.empty() ? " (waiting)" : " (with " + std::string(holder) + ")");
}

std::string agent_choice(std::string_view name, std::string_view state) {
    return state.empty() ? std::string(name) : std::string(name) + " (" + std::string(state) + ")";
}

std::string no_open_chat() {
    return "No chat is open.";
}

std::string no_other_agent() {
    return "There is no other agent in this workgroup.";
}

std::string why_not_open(ConversationId id) {
    return "Chat " + id_str(id) + " is not open (a closed chat keeps no routing record).";
}

}  // namespace routing::texts
