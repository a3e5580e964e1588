#pragma once
// What an agent can type to the workgroup (PRODUCT.md, "What an agent types").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "routing/agent.hpp"

namespace routing {

/// The command words; `unknown` is anything else an agent typed.
enum class CommandKind : std::uint8_t {
    help,
    list,
    take,
    next,
    pause,
    ready,
    status,
    close,
    transfer,
    history,
    why,
    unknown
};

/// A parsed agent command.
struct Command {
    CommandKind kind = CommandKind::unknown;
    /// take ID, close ID, history ID, why ID: the conversation id, when one was given.
    std::optional<ConversationId> id;
    /// transfer AGENT: the agent's bare JID or configured name, as typed.
    std::string target;
    /// The text as typed (for `unknown`).
    std::string text;
};

/// Parses one chat message as a command: case-insensitive words, surrounding blanks ignored.
/// Never fails: text that is no command gives `CommandKind::unknown`.
Command parse_command(std::string_view text);

/// True for text that is a command when typed inside a conversation (`close`, `transfer X`,
/// `history`, `why`); anything else written there is relayed to the visitor.
bool is_conversation_command(const Command& command);

/// A cheap test before `parse_command` for messages inside a conversation: false when the
/// text cannot be a conversation command (most of what agents write there).
bool may_be_conversation_command(std::string_view text);

/// The command word as an agent types it ("take").
std::string_view to_string(CommandKind kind);

}  // namespace routing
