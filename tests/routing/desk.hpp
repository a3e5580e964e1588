#pragma once
// A help desk for tests: one workgroup, a clock, and short verbs for what people do.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "routing/workgroup.hpp"

namespace routing::testing {

/// Agent "Alice" is alice@example.com, with `max_chats` chats.
inline AgentSettings agent(const std::string& name, int max_chats = 3) {
    AgentSettings a;
    a.name = name;
    std::string local = name;
    std::transform(local.begin(), local.end(), local.begin(), ::tolower);
    a.jid = local + "@example.com";
    a.max_chats = max_chats;
    return a;
}

/// A workgroup in `mode` with these agents and quiet defaults (no welcome text checks).
inline WorkgroupSettings workgroup(Mode mode, std::vector<AgentSettings> agents) {
    WorkgroupSettings s;
    s.name = "support";
    s.mode = mode;
    s.agents = std::move(agents);
    return s;
}

/// All effects of type T, in order.
template <class T>
std::vector<T> all(const Effects& fx) {
    std::vector<T> out;
    for (const auto& e : fx) {
        if (const T* p = std::get_if<T>(&e)) {
            out.push_back(*p);
        }
    }
    return out;
}

/// The workgroup under test and its clock (Monday 23 November 2026, 10:00 UTC).
class Desk {
  public:
    explicit Desk(WorkgroupSettings settings, std::uint64_t seed = 42)
        : wg(std::move(settings), seed),
          now(Now::at_offset(
              std::chrono::sys_days{std::chrono::year{2026} / std::chrono::November / 23} +
              std::chrono::hours{10})) {}

    Effects visitor_writes(const std::string& visitor, const std::string& body,
                           const std::string& language = "en") {
        return wg.handle(VisitorMessage{visitor, "Visitor " + visitor, body, language}, now);
    }
    /// The first message of a widget visitor that carries its visitor id.
    Effects widget_writes(const std::string& visitor, const std::string& visitor_id,
                          const std::string& body) {
        return wg.handle(VisitorMessage{visitor, "Visitor " + visitor, body, "en", visitor_id},
                         now);
    }
    Effects visitor_leaves(const std::string& visitor) {
        return wg.handle(VisitorPresence{visitor, false}, now);
    }
    Effects visitor_returns(const std::string& visitor) {
        return wg.handle(VisitorPresence{visitor, true}, now);
    }
    Effects presence(const std::string& name, Presence p, const std::string& resource = "laptop") {
        return wg.handle(AgentPresence{jid(name), resource, p}, now);
    }
    Effects online(const std::string& name) { return presence(name, Presence::online); }
    Effects offline(const std::string& name) { return presence(name, Presence::offline); }
    /// A chat message to the workgroup JID (commands).
    Effects types(const std::string& name, const std::string& text) {
        return wg.handle(AgentMessage{jid(name), std::nullopt, text}, now);
    }
    /// A chat message inside conversation `id`.
    Effects writes(const std::string& name, ConversationId id, const std::string& text) {
        return wg.handle(AgentMessage{jid(name), id, text}, now);
    }
    /// The agent starts typing in conversation `id` (XEP-0085 composing).
    Effects starts_typing(const std::string& name, ConversationId id) {
        return wg.handle(AgentTyping{jid(name), id}, now);
    }
    /// Lets time pass, then delivers a tick.
    Effects wait(std::chrono::milliseconds d) {
        now = Now::at_offset(now.at + d);
        return wg.handle(Tick{}, now);
    }
    /// Moves to the same time tomorrow (a new local day).
    Effects next_day() { return wait(std::chrono::hours{24}); }

    std::string jid(const std::string& name) const {
        for (const auto& a : wg.settings().agents) {
            if (a.name == name) {
                return a.jid;
            }
        }
        return name;  // not an agent: used as a JID as is
    }
    AgentId id(const std::string& name) const { return *wg.find_agent(jid(name)); }
    std::string name(AgentId agent) const { return wg.settings().agents[agent].name; }

    /// Who got chats in these effects (Assign), in order.
    std::vector<std::string> assigned(const Effects& fx) const {
        std::vector<std::string> out;
        for (const auto& a : all<Assign>(fx)) {
            out.push_back(name(a.agent));
        }
        return out;
    }
    /// The agent holding the visitor's chat, or "" if none.
    std::string holder(const std::string& visitor) const {
        const Conversation* c = wg.conversation_of(visitor);
        return c && c->agent ? name(*c->agent) : std::string{};
    }
    ConversationId chat(const std::string& visitor) const {
        const Conversation* c = wg.conversation_of(visitor);
        return c ? c->id : 0;
    }
    /// Texts told to a visitor, in order.
    static std::vector<std::string> told(const Effects& fx, const std::string& visitor) {
        std::vector<std::string> out;
        for (const auto& t : all<TellVisitor>(fx)) {
            if (t.visitor == visitor) {
                out.push_back(t.text);
            }
        }
        return out;
    }
    static bool told(const Effects& fx, VisitorNotice notice) {
        for (const auto& t : all<TellVisitor>(fx)) {
            if (t.notice == notice) {
                return true;
            }
        }
        return false;
    }
    /// The text of the first reply to a command.
    static std::string reply(const Effects& fx) {
        auto replies = all<Reply>(fx);
        return replies.empty() ? std::string{} : replies.front().text;
    }
    static ReplyKind reply_kind(const Effects& fx) { return all<Reply>(fx).at(0).kind; }

    Workgroup wg;
    Now now;
};

}  // namespace routing::testing
