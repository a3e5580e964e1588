#include "xmpp/builders.hpp"

#include <cstdio>
#include <ctime>

#include "xmpp/context.hpp"
#include "xmpp/namespaces.hpp"

namespace xmpp {
namespace {

std::string_view to_string(ErrorType type) {
    switch (type) {
        case ErrorType::cancel:
            return "cancel";
        case ErrorType::continue_:
            return "continue";
        case ErrorType::modify:
            return "modify";
        case ErrorType::auth:
            return "auth";
        case ErrorType::wait:
            return "wait";
    }
    return "cancel";
}

// A reply skeleton: same element name and id, addresses swapped.
Stanza reply_to(const Context& ctx, const Stanza& request, std::string_view type) {
    Stanza reply = element(ctx, request.name());
    reply.set_attr("type", type);
    if (request.has_attr("id")) {
        reply.set_attr("id", request.id());
    }
    if (request.has_attr("from")) {
        reply.set_attr("to", request.from());
    }
    if (request.has_attr("to")) {
        reply.set_attr("from", request.to());
    }
    return reply;
}

}  // namespace

Stanza iq_result(const Context& ctx, const Stanza& request) {
    return reply_to(ctx, request, "result");
}

Stanza error_reply(const Context& ctx, const Stanza& request, ErrorType type,
                   std::string_view condition, std::string_view text) {
    Stanza reply = reply_to(ctx, request, "error");
    Stanza error = element(ctx, "error");
    error.set_attr("type", to_string(type));
    error.add(element(ctx, condition, ns::kStanzas));
    if (!text.empty()) {
        Stanza t = element(ctx, "text", ns::kStanzas);
        t.set_attr("xml:lang", "en");
        t.add_text(text);
        error.add(t);
    }
    reply.add(error);
    return reply;
}

Stanza message(const Context& ctx, std::string_view from, std::string_view to,
               std::string_view type, std::string_view body) {
    Stanza m = element(ctx, "message");
    m.set_attr("from", from).set_attr("to", to);
    if (!type.empty()) {
        m.set_attr("type", type);
    }
    if (!body.empty()) {
        m.add(text_element(ctx, "body", body));
    }
    return m;
}

Stanza presence(const Context& ctx, std::string_view from, std::string_view to,
                std::string_view type) {
    Stanza p = element(ctx, "presence");
    p.set_attr("from", from).set_attr("to", to);
    if (!type.empty()) {
        p.set_attr("type", type);
    }
    return p;
}

Stanza ping(const Context& ctx, std::string_view from, std::string_view to, std::string_view id) {
    Stanza iq = element(ctx, "iq");
    iq.set_attr("type", "get").set_attr("from", from).set_attr("to", to).set_attr("id", id);
    return iq.add(element(ctx, "ping", ns::kPing));
}

std::string_view error_condition(const Stanza& error) {
    for (const auto& c : error.child("error").children()) {
        if (c.ns() == ns::kStanzas && c.name() != "text") {
            return c.name();
        }
    }
    return {};
}

std::string datetime(std::chrono::system_clock::time_point at) {
    using namespace std::chrono;
    const auto ms = duration_cast<milliseconds>(at.time_since_epoch());
    const auto secs = floor<seconds>(ms);
    const std::time_t t = secs.count();
    std::tm utc{};
    gmtime_r(&t, &utc);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>((ms - secs).count()));
    return buf;
}

Stanza delay(const Context& ctx, std::string_view from, std::chrono::system_clock::time_point at) {
    Stanza d = element(ctx, "delay", ns::kDelay);
    d.set_attr("from", from).set_attr("stamp", datetime(at));
    return d;
}

}  // namespace xmpp
