#pragma once
// Builders for the stanzas Switchboard sends: replies, errors, messages, presence.
// The domain side calls these and never assembles XML itself.

#include <chrono>
#include <string>
#include <string_view>

#include "xmpp/stanza.hpp"

namespace xmpp {

class Context;

/// RFC 6120 8.3.2: what the sender may do about an error.
enum class ErrorType { cancel, continue_, modify, auth, wait };

/// `<iq type='result'/>` answering `request` (addresses swapped, same id).
Stanza iq_result(const Context& ctx, const Stanza& request);

/// An error reply to any stanza: same element name and id, addresses swapped,
/// `<error type=...><condition xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text>...`.
/// `text` says what happened, for a human: no error goes out without one.
Stanza error_reply(const Context& ctx, const Stanza& request, ErrorType type,
                   std::string_view condition, std::string_view text);

/// `<message from to type><body>body</body></message>`; no body element when empty.
Stanza message(const Context& ctx, std::string_view from, std::string_view to,
               std::string_view type, std::string_view body);

/// `<presence from to [type]/>`; no type attribute when `type` is empty.
Stanza presence(const Context& ctx, std::string_view from, std::string_view to,
                std::string_view type = {});

/// A XEP-0199 ping: `<iq type='get' from to id><ping xmlns='urn:xmpp:ping'/></iq>`.
Stanza ping(const Context& ctx, std::string_view from, std::string_view to, std::string_view id);

/// The defined condition of an error stanza (`service-unavailable`), or empty.
std::string_view error_condition(const Stanza& error);

/// XEP-0082 DateTime in UTC with milliseconds: `2026-11-25T14:44:19.123Z`.
std::string datetime(std::chrono::system_clock::time_point at);

/// XEP-0203 `<delay xmlns='urn:xmpp:delay' from=... stamp=.../>`.
Stanza delay(const Context& ctx, std::string_view from, std::chrono::system_clock::time_point at);

}  // namespace xmpp
