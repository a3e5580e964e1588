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
    }
    return {};
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
        "pause / ready (stop / resume receiving chats), close ID (end a chat), help. "
        "Inside a conversation: close (end it), transfer AGENT (hand it to a colleague, by "
        "name or address).";
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

std::string which_chat(const std::vector<ConversationId>& chats) {
    if (chats.empty()) {
        return "You have no open chats.";
    }
    return "Which chat? Type close in the conversation, or close ID with one of: " +
           chat_ids(chats) + ".";
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

}  // namespace routing::texts
