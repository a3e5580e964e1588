#pragma once
// Visitors who arrive by MUC (PRODUCT.md, "Group chat (MUC) on both sides"): the workgroup
// JID answers a XEP-0045 join as a minimal room that only this visitor (and the agent who
// has their chat) is in. These are the room's stanzas; `Desk` decides when they go out.

#include <string>
#include <string_view>

#include "xmpp/builders.hpp"
#include "xmpp/stanza.hpp"

namespace routing {
struct AgentSettings;
}

namespace component::muc {

/// The most bytes a nickname in the room may have (a visitor's longer one is refused).
inline constexpr std::size_t kMaxNick = 256;

/// True for a XEP-0045 join: a presence with `<x xmlns='http://jabber.org/protocol/muc'/>`.
bool is_join(const xmpp::Stanza& presence);

/// A nickname the room can show: not empty, at most kMaxNick bytes, no control characters,
/// no space at either end.
bool valid_nick(std::string_view nick);

/// The agent's nickname in the room: their configured name, or the localpart of their JID
/// where the name is no valid nickname or is `desk` (the desk's own nickname there).
std::string agent_nick(const routing::AgentSettings& agent, std::string_view desk);

/// An occupant's presence (XEP-0045 §7.2.3) from `occupant` (`room/nick`) to `to`:
/// affiliation none, role participant (none when `available` is false: the occupant left);
/// `self`: the visitor's own, with status code 110.
xmpp::Stanza occupant_presence(const xmpp::Context& ctx, std::string_view occupant,
                               std::string_view to, bool available, bool self);

/// The subject message that ends a join (§7.2.15), from the room's bare JID.
xmpp::Stanza subject(const xmpp::Context& ctx, std::string_view room, std::string_view to,
                     std::string_view text);

/// The room's refusal of `join` (§7.2.6-7.2.9): a presence error from the address joined.
xmpp::Stanza refusal(const xmpp::Context& ctx, const xmpp::Stanza& join, xmpp::ErrorType type,
                     std::string_view condition, std::string_view text);

/// The room's echo of the visitor's groupchat `message` (§7.4), from their `occupant` JID
/// to `to`: same id, body, origin id (XEP-0359) and chat state.
xmpp::Stanza echo(const xmpp::Context& ctx, const xmpp::Stanza& message, std::string_view occupant,
                  std::string_view to);

}  // namespace component::muc
