#include "component/adhoc.hpp"

#include <charconv>

#include "routing/text.hpp"
#include "xmpp/builders.hpp"
#include "xmpp/namespaces.hpp"

namespace component {
namespace {

using xmpp::Stanza;

constexpr const char* kData = "jabber:x:data";

// In the order an agent uses them: get a chat, see where things stand, finish or hand one
// over, look back, and step away.
constexpr AdhocCommand kAll[] = {
    {routing::CommandKind::take, "take", "Take a chat", "id"},
    {routing::CommandKind::next, "next", "Take the oldest waiting chat", nullptr},
    {routing::CommandKind::list, "list", "Waiting chats", nullptr},
    {routing::CommandKind::status, "status", "My status", nullptr},
    {routing::CommandKind::close, "close", "Close a chat", "id"},
    {routing::CommandKind::transfer, "transfer", "Transfer a chat", "agent"},
    {routing::CommandKind::history, "history", "Send a chat so far again", "id"},
    {routing::CommandKind::why, "why", "Why a chat went where it did", "id"},
    {routing::CommandKind::pause, "pause", "Pause (receive no chats)", nullptr},
    {routing::CommandKind::ready, "ready", "Ready (receive chats again)", nullptr},
    {routing::CommandKind::help, "help", "Help", nullptr},
};

// The <command/> element of a reply, with the request's node and a session id.
Stanza command_element(const xmpp::Context& ctx, const Stanza& request, const char* status) {
    Stanza c = xmpp::element(ctx, "command", xmpp::ns::kCommands);
    c.set_attr("node", request.attr("node")).set_attr("status", status);
    c.set_attr("sessionid",
               request.has_attr("sessionid") ? request.attr("sessionid") : request.attr("node"));
    return c;
}

// A list-single field offering `options`, the first one chosen already.
Stanza choice(const xmpp::Context& ctx, const char* var, const char* label,
              const std::vector<AdhocOption>& options) {
    Stanza f = xmpp::element(ctx, "field");
    f.set_attr("var", var).set_attr("type", "list-single").set_attr("label", label);
    f.add(xmpp::element(ctx, "required"));
    f.add(xmpp::text_element(ctx, "value", options.front().value));
    for (const auto& o : options) {
        Stanza option = xmpp::element(ctx, "option");
        option.set_attr("label", o.label);
        option.add(xmpp::text_element(ctx, "value", o.value));
        f.add(option);
    }
    return f;
}

// The submitted value of field `var`, or empty.
std::string submitted(const Stanza& form, std::string_view var) {
    for (const auto& f : form.children()) {
        if (f.name() == "field" && f.attr("var") == var) {
            return std::string(routing::trim(f.child("value").text()));
        }
    }
    return {};
}

}  // namespace

std::vector<AdhocCommand> adhoc_commands(routing::Mode mode) {
    std::vector<AdhocCommand> out;
    for (const auto& c : kAll) {
        if (c.kind != routing::CommandKind::take || mode == routing::Mode::broadcast) {
            out.push_back(c);
        }
    }
    return out;
}

Stanza adhoc_items(const xmpp::Context& ctx, const Stanza& iq, const std::string& workgroup_jid,
                   routing::Mode mode) {
    Stanza query = xmpp::element(ctx, "query", xmpp::ns::kDiscoItems);
    query.set_attr("node", xmpp::ns::kCommands);
    for (const auto& c : adhoc_commands(mode)) {
        Stanza item = xmpp::element(ctx, "item");
        item.set_attr("jid", workgroup_jid).set_attr("node", c.node).set_attr("name", c.name);
        query.add(item);
    }
    return xmpp::iq_result(ctx, iq).add(query);
}

AdhocRequest read_adhoc(const xmpp::Context& ctx, const Stanza& iq, routing::Mode mode) {
    AdhocRequest out;
    const Stanza request = iq.child("command", xmpp::ns::kCommands);
    const auto action = request.attr("action");
    if (action == "cancel") {
        out.reply = xmpp::iq_result(ctx, iq).add(command_element(ctx, request, "canceled"));
        return out;
    }
    const auto commands = adhoc_commands(mode);  // `command` points into it
    const AdhocCommand* command = nullptr;
    for (const auto& c : commands) {
        if (request.attr("node") == c.node) {
            command = &c;
        }
    }
    if (command == nullptr) {
        out.reply = xmpp::error_reply(ctx, iq, xmpp::ErrorType::cancel, "item-not-found",
                                      "This workgroup has no such command.");
        return out;
    }
    routing::Command run;
    run.kind = command->kind;
    run.text = command->node;
    if (command->field != nullptr) {
        const Stanza form = request.child("x", kData);
        if (!form || form.type() != "submit") {
            out.ask = *command;
            return out;
        }
        const std::string id = submitted(form, "id");
        if (!id.empty()) {
            routing::ConversationId value = 0;
            const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), value);
            if (ec != std::errc{} || end != id.data() + id.size()) {
                out.reply = xmpp::error_reply(ctx, iq, xmpp::ErrorType::modify, "bad-request",
                                              "The chat number must be a number.");
                return out;
            }
            run.id = value;
        }
        run.target = submitted(form, "agent");
        if ((command->kind == routing::CommandKind::take && !run.id) ||
            (command->kind == routing::CommandKind::transfer && run.target.empty())) {
            out.reply = xmpp::error_reply(ctx, iq, xmpp::ErrorType::modify, "bad-request",
                                          "Please fill in the form.");
            return out;
        }
    }
    out.command = std::move(run);
    return out;
}

Stanza adhoc_form(const xmpp::Context& ctx, const Stanza& iq, const AdhocCommand& command,
                  const AdhocChoices& choices) {
    const bool transfer = command.kind == routing::CommandKind::transfer;
    if (choices.chats.empty() || (transfer && choices.agents.empty())) {
        return adhoc_completed(ctx, iq, choices.none);
    }
    const Stanza request = iq.child("command", xmpp::ns::kCommands);
    Stanza c = command_element(ctx, request, "executing");
    Stanza actions = xmpp::element(ctx, "actions");
    actions.set_attr("execute", "complete").add(xmpp::element(ctx, "complete"));
    c.add(actions);
    Stanza form = xmpp::element(ctx, "x", kData);
    form.set_attr("type", "form");
    form.add(xmpp::text_element(ctx, "title", command.name));
    form.add(choice(ctx, "id", "Chat", choices.chats));
    if (transfer) {
        form.add(choice(ctx, "agent", "To", choices.agents));
    }
    c.add(form);
    return xmpp::iq_result(ctx, iq).add(c);
}

std::string form_note(std::string_view text) {
    std::string out;
    while (!text.empty()) {
        // One sentence (or line) at a time; a "Type ..." sentence is left out ...
        std::size_t end = text.find_first_of(".\n");
        end = end == std::string_view::npos ? text.size() : end + 1;
        std::string_view sentence = text.substr(0, end);
        text.remove_prefix(end);
        if (routing::trim(sentence).substr(0, 5) == "Type ") {
            continue;
        }
        // ... and so is a hint in parentheses: "(type ready to resume)", "(take 4)".
        for (std::string_view hint : {" (type ", " (or type ", " (take "}) {
            const auto at = sentence.find(hint);
            const auto close = at == std::string_view::npos ? at : sentence.find(')', at);
            if (close != std::string_view::npos) {
                out += sentence.substr(0, at);
                sentence.remove_prefix(close + 1);
            }
        }
        out += sentence;
    }
    return std::string(routing::trim(out));
}

Stanza adhoc_completed(const xmpp::Context& ctx, const Stanza& iq, const std::string& text) {
    const Stanza request = iq.child("command", xmpp::ns::kCommands);
    Stanza c = command_element(ctx, request, "completed");
    const std::string shown = form_note(text);
    Stanza note = xmpp::text_element(ctx, "note", shown.empty() ? "Done." : shown);
    note.set_attr("type", "info");
    c.add(note);
    return xmpp::iq_result(ctx, iq).add(c);
}

}  // namespace component
