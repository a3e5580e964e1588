#pragma once
// Which addresses this component serves: the domain, its workgroup JIDs and the
// conversation JIDs derived from them (`support.42@desk.example.com`).

#include <optional>
#include <string>
#include <vector>

#include "routing/agent.hpp"

namespace xmpp {
struct Jid;
}

namespace component {

/// What a JID in our domain stands for.
struct Address {
    enum class Kind { domain, workgroup, conversation, unknown };
    Kind kind = Kind::unknown;
    std::string workgroup;                     ///< workgroup and conversation
    routing::ConversationId conversation = 0;  ///< conversation only
};

/// The addresses the component answers for, taken from the configuration.
struct Directory {
    std::string domain;
    /// Workgroup localparts, in the order of the configuration file.
    std::vector<std::string> workgroups;

    /// The workgroup's bare JID, e.g. `support@desk.example.com`.
    std::string workgroup_jid(const std::string& name) const { return name + "@" + domain; }
    /// A conversation's JID, e.g. `support.42@desk.example.com`.
    std::string conversation_jid(const std::string& workgroup, routing::ConversationId id) const;
    /// The full JID a conversation's messages to its agent come from
    /// (`support.42@desk.example.com/visitor`: clients that need a resource show typing).
    std::string conversation_full_jid(const std::string& workgroup,
                                      routing::ConversationId id) const;
    /// The workgroup's conversation JIDs with `{id}` for the chat id, as
    /// routing::WorkgroupSettings::conversation_address wants them.
    std::string conversation_address(const std::string& workgroup) const;
    /// True when `local` names a configured workgroup.
    bool has_workgroup(const std::string& local) const;
    /// What `jid` stands for; `unknown` for other domains and unknown localparts.
    Address resolve(const xmpp::Jid& jid) const;
};

}  // namespace component
