#include "component/desk.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "component/adhoc.hpp"
#include "routing/text.hpp"
#include "routing/texts.hpp"
#include "xmpp/builders.hpp"
#include "xmpp/jid.hpp"
#include "xmpp/namespaces.hpp"

namespace component {
namespace {

using xmpp::Stanza;

routing::Presence presence_of(const Stanza& presence) {
    if (presence.type() == "unavailable") {
        return routing::Presence::offline;
    }
    const std::string show = presence.child("show").text();
    if (show == "away") {
        return routing::Presence::away;
    }
    if (show == "xa") {
        return routing::Presence::xa;
    }
    if (show == "dnd") {
        return routing::Presence::dnd;
    }
    return routing::Presence::online;
}

// True for a localpart a server made up, such as an anonymous login's random id (Prosody:
// 24 characters of base64url, "rge6j9ynkxaljzrhxf7j3j-h"; ejabberd: a long number; others:
// a UUID): long, one word of letters, digits, '-' and '_', with a digit in it. Nobody would
// recognise a visitor by it.
bool generated_localpart(std::string_view local) {
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    return local.size() >= 16 && std::any_of(local.begin(), local.end(), digit) &&
           std::all_of(local.begin(), local.end(), [&](char c) {
               return digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
                      c == '_';
           });
}

// What agents see as the visitor's name: their XEP-0172 nick, else their localpart unless a
// server made it up (then nothing: the routing core names them "Visitor 4"). A nick is kept
// to routing::texts::kNameChars characters on one line: whole, it could be as large as the
// server lets a stanza be, and every line naming the visitor would carry it.
std::string visitor_name(const Stanza& message, const xmpp::Jid& from) {
    if (Stanza nick = message.child("nick", xmpp::ns::kNick)) {
        if (std::string text = routing::excerpt(nick.text(), routing::texts::kNameChars);
            !text.empty()) {
            return text;
        }
    }
    if (generated_localpart(from.local)) {
        return {};
    }
    return routing::excerpt(from.local.empty() ? from.domain : from.local,
                            routing::texts::kNameChars);
}

// The settings, with the address of the workgroup's conversations for the notices.
routing::WorkgroupSettings addressed(routing::WorkgroupSettings settings,
                                     const Directory& directory) {
    settings.conversation_address = directory.conversation_address(settings.name);
    return settings;
}

// A language tag as BCP 47 writes them (RFC 5646: letters, digits and '-', and 35
// characters hold any tag in use), or nothing: anything else matches no language rule
// anyway, and is not worth keeping with the chat.
bool plausible_language(std::string_view tag) {
    return tag.size() <= 35 && std::all_of(tag.begin(), tag.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-';
           });
}

// The message's xml:lang. libstrophe's parser hands the attribute over as "lang" (the
// xml: prefix dropped); a body may carry its own.
std::string language_of(const Stanza& message, const Stanza& body) {
    for (const Stanza* s : {&body, &message}) {
        for (const char* key : {"xml:lang", "lang"}) {
            if (auto lang = s->attr(key); !lang.empty()) {
                return plausible_language(lang) ? std::string(lang) : std::string{};
            }
        }
    }
    return {};
}

}  // namespace

Desk::Desk(const xmpp::Context& ctx, const Directory& directory,
           routing::WorkgroupSettings settings, std::uint64_t seed, Send send, Store* store)
    : ctx_(ctx),
      directory_(directory),
      seed_(seed),
      workgroup_(
          std::make_unique<routing::Workgroup>(addressed(std::move(settings), directory), seed)),
      jid_(directory.workgroup_jid(workgroup_->settings().name)),
      send_(std::move(send)),
      record_(store, workgroup_->settings().name),
      publisher_(ctx, jid_, send_, workgroup_->report(),
                 [this](const std::string& address) { return gets_agent_presence(address); }),
      to_agents_(ctx, jid_, send_, workgroup_->report().agent_status,
                 [this](routing::ConversationId id) {
                     return directory_.conversation_full_jid(name(), id);
                 }) {}

void Desk::flush_presence(std::chrono::steady_clock::time_point now,
                          std::chrono::milliseconds min_interval) {
    publisher_.flush(now, min_interval);
    to_agents_.flush(now, min_interval);
}

void Desk::announce_closed() {
    publisher_.announce_closed(workgroup_->settings().offline);
    to_agents_.announce_closed();
}

void Desk::on_online(const routing::Now& now) {
    (void)now;
    for (const auto& agent : workgroup_->settings().agents) {
        // Idempotent: a server answers a repeated request for an approved subscription
        // with `subscribed` itself, and we probe then. Probing before approval would be
        // answered with `unsubscribed`, which cancels the pending request (Prosody).
        send_(xmpp::presence(ctx_, jid_, agent.jid, "subscribe"));
    }
    publisher_.push_again();
    // Agents' resources get the workgroup's and their conversations' presence again once
    // their own arrives (answering the probe that follows `subscribed`).
    to_agents_.forget_resources();
    rooms_again();
}

void Desk::on_message(const Stanza& message, std::optional<routing::ConversationId> conversation,
                      const routing::Now& now) {
    const auto type = message.type();
    if (type == "error") {
        bounced(message, conversation, now);  // never answered
        return;
    }
    if (type == "headline") {
        return;  // headlines expect no answer (RFC 6121 5.2.2)
    }
    if (type == "groupchat") {
        room_message(message, now);
        return;
    }
    const auto from = xmpp::Jid::parse(message.from());
    if (!from) {
        return;  // no address to answer to (the server always stamps a valid one)
    }
    const std::string bare = from->bare();
    if (is_agent(bare)) {
        agent_message(message, bare, conversation, now);
        return;
    }
    if (conversation) {
        // Only the conversation's agent may write into a conversation JID.
        send_(xmpp::error_reply(ctx_, message, xmpp::ErrorType::auth, "forbidden",
                                "Only the agent of this chat can write to this address."));
        return;
    }
    VisitorAddress& address = visitor_address_[bare];
    if (address.nick.empty()) {  // in the room: answered there
        address = VisitorAddress{from->full(), false, {}, {}, address.widget};
    }
    address.widget = address.widget || message.child("visitor", xmpp::ns::kVisitor);
    publisher_.audience().touch(from->full(), now.at);
    visitor_message(message, bare, now);
    if (!has_conversation(bare)) {
        if (!in_room(bare)) {
            visitor_address_.erase(bare);  // refused or bodiless: nothing to remember them for
        }
        return;
    }
    visitor_heard(bare, from->full(), now);
    keep_addresses(bare);  // the address they write from now
}

void Desk::visitor_message(const Stanza& message, const std::string& bare,
                           const routing::Now& now) {
    Stanza body = message.child("body");
    if (!body) {
        relay_chat_state(message, bare, std::nullopt, now);
        return;
    }
    const std::string text = body.text();
    const auto from = xmpp::Jid::parse(message.from());
    std::string name = visitor_name(message, *from);
    if (const auto it = visitor_address_.find(bare); it != visitor_address_.end() &&
                                                     !it->second.nick.empty() &&
                                                     !message.child("nick", xmpp::ns::kNick)) {
        name = routing::excerpt(it->second.nick, routing::texts::kNameChars);  // the room's nick
    }
    const std::string visitor_id(message.child("visitor", xmpp::ns::kVisitor).attr("id"));
    handle(routing::VisitorMessage{bare, name, text, language_of(message, body), visitor_id}, now,
           &message);
}

void Desk::agent_message(const Stanza& message, const std::string& bare,
                         std::optional<routing::ConversationId> conversation,
                         const routing::Now& now) {
    Stanza body = message.child("body");
    if (!body) {
        relay_chat_state(message, bare, conversation, now);
        return;
    }
    const std::string text = body.text();
    typed_in_ = conversation;
    handle(routing::AgentMessage{bare, conversation, text}, now, &message);
    typed_in_.reset();
}

void Desk::relay_chat_state(const Stanza& message, const std::string& bare,
                            std::optional<routing::ConversationId> conversation,
                            const routing::Now& now) {
    Stanza state = message.child_in(xmpp::ns::kChatStates);
    if (!state) {
        return;  // receipts, markers and the like: nothing to relay
    }
    Stanza copy = xmpp::element(ctx_, state.name(), xmpp::ns::kChatStates);
    if (conversation) {
        // From the agent, in a conversation: to the visitor, from the workgroup JID.
        const routing::Conversation* c = workgroup_->conversation(*conversation);
        const auto agent = workgroup_->find_agent(bare);
        if (c == nullptr || !c->agent || c->agent != agent) {
            return;
        }
        if (state.name() == "composing" && c->state == routing::ConversationState::offered) {
            // Typing in an offered chat answers the offer: the join line goes first.
            handle(routing::AgentTyping{bare, *conversation}, now, nullptr);
            c = workgroup_->conversation(*conversation);
            if (c == nullptr) {
                return;
            }
        }
        if (from_room_ && rooms_ != nullptr && rooms_->visitor_inside(c->id)) {
            return;  // typed in the room, which the visitor reads
        }
        if (Stanza m = message_to_visitor(c->visitor, {}, c->id, true)) {
            send_(m.add(copy));
        }
        return;
    }
    // From the visitor: to the agent who has the chat (offered or owned), from the
    // conversation JID.
    const routing::Conversation* c = workgroup_->conversation_of(bare);
    if (c == nullptr || !c->agent) {
        return;
    }
    if (rooms_ != nullptr && rooms_->has(c->id)) {
        rooms_->post_as_visitor(c->id, {}, copy);  // conversation = "muc": typing in the room
        return;
    }
    send_(message_to_agent(c->id, *c->agent, {}).add(copy));
}

void Desk::on_adhoc(const Stanza& iq, const routing::Now& now) {
    const auto from = xmpp::Jid::parse(iq.from());
    const std::string bare = from ? from->bare() : std::string{};
    const auto agent = workgroup_->find_agent(bare);
    if (!agent) {
        send_(xmpp::error_reply(ctx_, iq, xmpp::ErrorType::auth, "forbidden",
                                "Only the workgroup's agents can run its commands."));
        return;
    }
    AdhocRequest request = read_adhoc(ctx_, iq, workgroup_->settings().mode);
    if (request.ask) {
        send_(adhoc_form(ctx_, iq, *request.ask, adhoc_choices(*agent, request.ask->kind)));
        return;
    }
    if (!request.command) {
        send_(request.reply);
        return;
    }
    capture_for_ = *agent;
    captured_.clear();
    handle(routing::AgentCommand{bare, *request.command, std::nullopt}, now, nullptr);
    capture_for_.reset();
    send_(adhoc_completed(ctx_, iq, captured_));
}

void Desk::on_commands_items(const Stanza& iq) {
    const auto from = xmpp::Jid::parse(iq.from());
    if (from && is_agent(from->bare())) {
        send_(adhoc_items(ctx_, iq, jid_, workgroup_->settings().mode));
        return;
    }
    Stanza query = xmpp::element(ctx_, "query", xmpp::ns::kDiscoItems);
    query.set_attr("node", xmpp::ns::kCommands);
    send_(xmpp::iq_result(ctx_, iq).add(query));
}

void Desk::on_presence(const Stanza& presence, const routing::Now& now) {
    const auto type = presence.type();
    const auto from = xmpp::Jid::parse(presence.from());
    if (!from) {
        return;  // presence errors are not answered to bad addresses
    }
    if (type == "error") {
        // Our presence to that address bounced (a widget's login that is gone): it is
        // pushed to no more. Errors are never answered.
        forget_widget(from->full(), "its address bounced");
        to_agents_.resource_gone(from->full());
        bounced(presence, std::nullopt, now);
        return;
    }
    const std::string bare = from->bare();
    if (const auto to = xmpp::Jid::parse(presence.to());
        to && !to->resource.empty() && !is_agent(bare) &&
        room_presence(presence, *from, to->resource, now)) {
        return;  // a visitor who came by MUC: the room answers
    }
    if (type == "subscribe") {
        publisher_.audience().add_subscriber(bare);
        record_.subscriber(bare, true);
        send_(xmpp::presence(ctx_, jid_, bare, "subscribed"));
        if (is_agent(bare)) {
            to_agents_.send_workgroup_to(bare);
        } else {
            publisher_.send_to(bare);
        }
        return;
    }
    if (type == "unsubscribe") {
        publisher_.audience().remove_subscriber(bare);
        record_.subscriber(bare, false);
        send_(xmpp::presence(ctx_, jid_, bare, "unsubscribed"));
        return;
    }
    if (type == "subscribed") {
        spdlog::debug("{}: {} approved our presence subscription", jid_, bare);
        if (is_agent(bare)) {
            send_(xmpp::presence(ctx_, jid_, bare, "probe"));  // learn their state at once
        }
        return;
    }
    if (type == "unsubscribed") {
        spdlog::debug("{}: {} has not approved our presence subscription", jid_, bare);
        return;
    }
    if (type == "probe") {
        if (is_agent(bare)) {
            to_agents_.send_workgroup_to(from->full());
        } else {
            publisher_.send_to(from->full());
        }
        return;
    }
    if (type != "" && type != "unavailable") {
        return;
    }
    if (is_agent(bare)) {
        on_agent_presence(presence, now);
        return;
    }
    const bool online = type != "unavailable";
    if (online) {
        const auto added = publisher_.audience().add_directed(from->full(), now.at);
        if (added.evicted) {
            spdlog::debug("{}: {} widgets: forgot {}, silent longest", jid_,
                          PresenceAudience::kMaxDirected, *added.evicted);
            record_.directed(*added.evicted, false);
        }
        if (added.added) {
            record_.directed(from->full(), true);
        }
        publisher_.send_to(from->full());
    } else {
        forget_widget(from->full(), "unavailable");
    }
    visitor_presence(bare, from->full(), online, now);
}

void Desk::visitor_presence(const std::string& bare, const std::string& full, bool online,
                            const routing::Now& now) {
    if (workgroup_->conversation_of(bare) != nullptr) {
        handle(routing::VisitorPresence{bare, online}, now, nullptr);
        if (online) {
            visitor_heard(bare, full, now);
        } else {
            watch_.offline(bare);
        }
    }
}

void Desk::on_agent_presence(const Stanza& presence, const routing::Now& now) {
    const auto from = xmpp::Jid::parse(presence.from());
    if (!from) {
        return;
    }
    const routing::Presence shown = presence_of(presence);
    handle(routing::AgentPresence{from->bare(), from->resource, shown}, now, nullptr);
    const auto agent = workgroup_->find_agent(from->bare());
    if (!agent || from->resource.empty()) {
        return;  // presence goes to the resources an agent's clients are online with
    }
    if (shown == routing::Presence::offline) {
        to_agents_.resource_gone(from->full());
    } else {
        to_agents_.resource_available(*agent, from->full());
    }
}

void Desk::heard_from(const std::string& full, const routing::Now& now) {
    publisher_.audience().touch(full, now.at);
    if (const auto from = xmpp::Jid::parse(full)) {
        visitor_heard(from->bare(), full, now);
    }
}

void Desk::forget_widget(const std::string& full, std::string_view why) {
    if (publisher_.audience().remove_directed(full)) {
        spdlog::debug("{}: forgot widget {}: {}", jid_, full, why);
        record_.directed(full, false);
    }
}

void Desk::tick(const routing::Now& now) {
    if (auto due = workgroup_->next_deadline(); due && *due <= now.at) {
        handle(routing::Tick{}, now, nullptr);
    }
    // Widgets whose unavailable never came (a crashed server, a turn we were offline):
    // silent for a day, they are forgotten; a live one pings every 15 s.
    for (const auto& full :
         publisher_.audience().expire(now.at - PresenceAudience::kDirectedSilence)) {
        spdlog::debug("{}: forgot widget {}: silent for {} h", jid_, full,
                      PresenceAudience::kDirectedSilence.count());
        record_.directed(full, false);
    }
    watch_visitors(now);
    agents_out_of_rooms(now);
}

void Desk::handle(const routing::Event& event, const routing::Now& now, const Stanza* cause) {
    const routing::Effects effects = workgroup_->handle(event, now);
    // Saved first (the turn commits before anything is sent anyway), so that a hand-over
    // below finds this event's line in the transcript.
    record_.write_changes(*workgroup_, effects, now);
    for (const auto& effect : effects) {
        carry_out(effect, cause);
    }
    show_conversations(workgroup_->changes().conversations);
    for (const routing::ConversationId id : workgroup_->changes().conversations) {
        keep_addresses(id);
    }
}

}  // namespace component
