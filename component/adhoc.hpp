#pragma once
// XEP-0050 ad-hoc commands for agents with richer clients: the same commands as the
// plain-chat ones (help, list, take, next, pause, ready, status, close, transfer), listed
// under the workgroup JID and answered with the same sentences, in a note.

#include <optional>
#include <string>
#include <vector>

#include "routing/command.hpp"
#include "routing/settings.hpp"
#include "xmpp/stanza.hpp"

namespace xmpp {
class Context;
}

namespace component {

/// One command as an ad-hoc client lists it.
struct AdhocCommand {
    routing::CommandKind kind;
    const char* node;   ///< the command word, also the XEP-0050 node
    const char* name;   ///< what the client shows
    const char* field;  ///< the argument's form field ("id", "agent"), or nullptr
};

/// The commands offered in a workgroup of this mode (take only in broadcast).
std::vector<AdhocCommand> adhoc_commands(routing::Mode mode);

/// disco#items for the commands node: one item per command.
xmpp::Stanza adhoc_items(const xmpp::Context& ctx, const xmpp::Stanza& iq,
                         const std::string& workgroup_jid, routing::Mode mode);

/// What an execute request asks for: a command to run, or a form to fill in first.
struct AdhocRequest {
    std::optional<routing::Command> command;  ///< ready to run
    xmpp::Stanza reply;  ///< otherwise the answer to send (form, cancel, or error)
};

/// Reads `<command node action><x type='submit'>…</x></command>`.
AdhocRequest read_adhoc(const xmpp::Context& ctx, const xmpp::Stanza& iq, routing::Mode mode);

/// The final answer: status completed, the reply sentences as a note.
xmpp::Stanza adhoc_completed(const xmpp::Context& ctx, const xmpp::Stanza& iq,
                             const std::string& text);

}  // namespace component
