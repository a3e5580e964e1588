#include "component/adhoc.hpp"

#include <charconv>

#include "routing/text.hpp"
#include "xmpp/builders.hpp"
#include "xmpp/namespaces.hpp"

namespace component {
namespace {

using xmpp::Stanza;

constexpr const char* kData = "jabber:x:data";

constexpr AdhocCommand kAll[] = {
    {routing::CommandKind::help, "help", "Help", nullptr},
    {routing::CommandKind::list, "list", "Waiting chats", nullptr},
    {routing::CommandKind::take, "take", "Take a chat", "id"},
    {routing::CommandKind::next, "next", "Take the oldest waiting chat", nullptr},
    {routing::CommandKind::pause, "pause", "Pause (receive no chats)", nullptr},
    {routing::CommandKind::ready, "ready", "Ready (receive chats again)", nullptr},
    {routing::CommandKind::status, "status", "My status", nullptr},
    {routing::CommandKind::close, "close", "Close a chat", "id"},
    {routing::CommandKind::transfer, "transfer", "Transfer a chat", "agent"},
};

// The <command/> element of a reply, with the request's node and a session id.
Stanza command_element(const xmpp::Context& ctx, const Stanza& request, const char* status) {
    Stanza c = xmpp::element(ctx, "command", xmpp::ns::kCommands);
    c.set_attr("node", request.attr("node")).set_attr("status", status);
    c.set_attr("sessionid",
               request.has_attr("sessionid") ? request.attr("sessionid") : request.attr("node"));
    return c;
}

Stanza field(const xmpp::Context& ctx, const char* var, const char* label, bool required) {
    Stanza f = xmpp::element(ctx, "field");
    f.set_attr("var", var).set_attr("type", "text-single").set_attr("label", label);
    if (required) {
        f.add(xmpp::element(ctx, "required"));
    }
    return f;
}

// The form asking for a command's argument.
Stanza ask_for(const xmpp::Context& ctx, const Stanza& iq, const Stanza& request,
               const AdhocCommand& command) {
    Stanza c = command_element(ctx, request, "executing");
    Stanza actions = xmpp::element(ctx, "actions");
    actions.set_attr("execute", "complete").add(xmpp::element(ctx, "complete"));
    c.add(actions);
    Stanza form = xmpp::element(ctx, "x", kData);
    form.set_attr("type", "form");
    form.add(xmpp::text_element(ctx, "title", command.name));
    if (std::string_view(command.field) == "agent") {
        form.add(field(ctx, "agent", "Agent (name or JID)", true));
        form.add(field(ctx, "id", "Chat number (if you have several)", false));
    } else {
        const bool optional = command.kind == routing::CommandKind::close;
        form.add(field(ctx, "id", optional ? "Chat number (if you have several)" : "Chat number",
                       !optional));
    }
    c.add(form);
    return xmpp::iq_result(ctx, iq).add(c);
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
            out.reply = ask_for(ctx, iq, request, *command);
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

Stanza adhoc_completed(const xmpp::Context& ctx, const Stanza& iq, const std::string& text) {
    const Stanza request = iq.child("command", xmpp::ns::kCommands);
    Stanza c = command_element(ctx, request, "completed");
    Stanza note = xmpp::text_element(ctx, "note", text.empty() ? "Done." : text);
    note.set_attr("type", "info");
    c.add(note);
    return xmpp::iq_result(ctx, iq).add(c);
}

}  // namespace component
