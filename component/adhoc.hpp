#pragma once
// XEP-0050 ad-hoc commands for agents with richer clients: the same commands as the
// plain-chat ones, listed under the workgroup JID in the order an agent uses them; chats and
// agents are chosen from lists (XEP-0004 list-single), and the answer is the same sentences,
// in a note, without the hints on what to type.

#include <optional>
#include <string>
#include <string_view>
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

/// One choice of a list-single field: the value submitted, and what the client shows.
struct AdhocOption {
    std::string value;
    std::string label;
};

/// What a command's form offers, from the workgroup's state when it is asked.
struct AdhocChoices {
    std::vector<AdhocOption> chats;   ///< for the `id` field
    std::vector<AdhocOption> agents;  ///< transfer: for the `agent` field
    std::string none;                 ///< the note when there is nothing to choose
};

/// disco#items for the commands node: one item per command.
xmpp::Stanza adhoc_items(const xmpp::Context& ctx, const xmpp::Stanza& iq,
                         const std::string& workgroup_jid, routing::Mode mode);

/// What an execute request asks for: a command to run, or a form to fill in first.
struct AdhocRequest {
    std::optional<routing::Command> command;  ///< ready to run
    std::optional<AdhocCommand> ask;          ///< or: answer with `adhoc_form` for it
    xmpp::Stanza reply;                       ///< otherwise the answer to send (cancel, or error)
};

/// Reads `<command node action><x type='submit'>…</x></command>`.
AdhocRequest read_adhoc(const xmpp::Context& ctx, const xmpp::Stanza& iq, routing::Mode mode);

/// The form asking for `command`'s arguments, offering `choices` (or, when there is none
/// to offer, the final answer with `choices.none`).
xmpp::Stanza adhoc_form(const xmpp::Context& ctx, const xmpp::Stanza& iq,
                        const AdhocCommand& command, const AdhocChoices& choices);

/// A reply sentence as a form's note: without the hints on what to type ("Type ready to
/// resume.", "(take 4)"), which a form answers with its own fields.
std::string form_note(std::string_view text);

/// The final answer: status completed, the reply sentences as a note (see `form_note`).
xmpp::Stanza adhoc_completed(const xmpp::Context& ctx, const xmpp::Stanza& iq,
                             const std::string& text);

}  // namespace component
