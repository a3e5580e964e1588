#include "component/directory.hpp"

#include <algorithm>
#include <charconv>

#include "xmpp/jid.hpp"

namespace component {

bool Directory::has_workgroup(const std::string& local) const {
    return std::find(workgroups.begin(), workgroups.end(), local) != workgroups.end();
}

namespace {

// The resource of a conversation's full JID.
constexpr const char* kConversationResource = "visitor";

}  // namespace

std::string Directory::conversation_address(const std::string& workgroup) const {
    return workgroup + ".{id}@" + domain;
}

std::string Directory::conversation_jid(const std::string& workgroup,
                                        routing::ConversationId id) const {
    return workgroup + "." + std::to_string(id) + "@" + domain;
}

std::string Directory::conversation_full_jid(const std::string& workgroup,
                                             routing::ConversationId id) const {
    return conversation_jid(workgroup, id) + "/" + kConversationResource;
}

Address Directory::resolve(const xmpp::Jid& jid) const {
    Address a;
    if (jid.domain != domain) {
        return a;
    }
    if (jid.local.empty()) {
        a.kind = Address::Kind::domain;
        return a;
    }
    if (has_workgroup(jid.local)) {
        a.kind = Address::Kind::workgroup;
        a.workgroup = jid.local;
        return a;
    }
    // Workgroup names never contain '.', so the last dot splits name and id.
    const auto dot = jid.local.rfind('.');
    if (dot == std::string::npos || dot + 1 == jid.local.size()) {
        return a;
    }
    const std::string name = jid.local.substr(0, dot);
    const char* first = jid.local.data() + dot + 1;
    const char* last = jid.local.data() + jid.local.size();
    routing::ConversationId id = 0;
    const auto [end, ec] = std::from_chars(first, last, id);
    if (ec != std::errc{} || end != last || id == 0 || *first == '0' || !has_workgroup(name)) {
        return a;
    }
    a.kind = Address::Kind::conversation;
    a.workgroup = name;
    a.conversation = id;
    return a;
}

}  // namespace component
