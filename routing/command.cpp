#include "routing/command.hpp"
#include "routing/text.hpp"

#include <cctype>
#include <charconv>
#include <string>

namespace routing {

namespace {

std::optional<ConversationId> parse_id(std::string_view text) {
    if (!text.empty() && text.front() == '#') {
        text.remove_prefix(1);
    }
    ConversationId id = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc{} || end != text.data() + text.size() || id == 0) {
        return std::nullopt;
    }
    return id;
}

}  // namespace

Command parse_command(std::string_view text) {
    Command command;
    command.text = std::string(text);
    const std::string_view trimmed = trim(text);
    const auto space = trimmed.find_first_of(" \t\r\n");
    const std::string word = ascii_lower(trimmed.substr(0, space));
    const std::string_view rest =
        space == std::string_view::npos ? std::string_view{} : trim(trimmed.substr(space));

    static constexpr std::pair<std::string_view, CommandKind> kWords[] = {
        {"help", CommandKind::help},         {"list", CommandKind::list},
        {"take", CommandKind::take},         {"next", CommandKind::next},
        {"pause", CommandKind::pause},       {"ready", CommandKind::ready},
        {"status", CommandKind::status},     {"close", CommandKind::close},
        {"transfer", CommandKind::transfer}, {"history", CommandKind::history},
        {"why", CommandKind::why},
    };
    CommandKind kind = CommandKind::unknown;
    for (const auto& [name, k] : kWords) {
        if (word == name) {
            kind = k;
        }
    }
    switch (kind) {
        case CommandKind::take:
            command.id = parse_id(rest);
            if (!command.id) {
                return command;  // "take" without a valid id is not understood
            }
            break;
        case CommandKind::close:
        case CommandKind::history:
        case CommandKind::why:
            if (!rest.empty()) {
                command.id = parse_id(rest);
                if (!command.id) {
                    return command;
                }
            }
            break;
        case CommandKind::transfer:
            if (rest.empty() || rest.find_first_of(" \t") != std::string_view::npos) {
                return command;
            }
            command.target = std::string(rest);
            break;
        case CommandKind::unknown:
            return command;
        default:
            if (!rest.empty()) {
                return command;  // "next please" is a sentence, not a command
            }
            break;
    }
    command.kind = kind;
    return command;
}

bool is_conversation_command(const Command& command) {
    return command.kind == CommandKind::close || command.kind == CommandKind::transfer ||
           command.kind == CommandKind::history || command.kind == CommandKind::why;
}

bool may_be_conversation_command(std::string_view text) {
    text = trim(text);
    if (text.size() > 300 || text.empty()) {
        return false;
    }
    const char first = static_cast<char>(text.front() | 0x20);  // ASCII lower case
    return first == 'c' || first == 't' || first == 'h' || first == 'w';
}

std::string_view to_string(CommandKind kind) {
    switch (kind) {
        case CommandKind::help:
            return "help";
        case CommandKind::list:
            return "list";
        case CommandKind::take:
            return "take";
        case CommandKind::next:
            return "next";
        case CommandKind::pause:
            return "pause";
        case CommandKind::ready:
            return "ready";
        case CommandKind::status:
            return "status";
        case CommandKind::close:
            return "close";
        case CommandKind::transfer:
            return "transfer";
        case CommandKind::history:
            return "history";
        case CommandKind::why:
            return "why";
        case CommandKind::unknown:
            break;
    }
    return "unknown";
}

}  // namespace routing
