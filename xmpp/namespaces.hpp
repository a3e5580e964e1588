#pragma once
// The XML namespaces Switchboard speaks, named once.

namespace xmpp::ns {

inline constexpr const char* kStanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";
inline constexpr const char* kDiscoInfo = "http://jabber.org/protocol/disco#info";
inline constexpr const char* kDiscoItems = "http://jabber.org/protocol/disco#items";
inline constexpr const char* kVersion = "jabber:iq:version";
inline constexpr const char* kPing = "urn:xmpp:ping";
inline constexpr const char* kDelay = "urn:xmpp:delay";
inline constexpr const char* kChatStates = "http://jabber.org/protocol/chatstates";
inline constexpr const char* kWorkgroup = "http://jabber.org/protocol/workgroup";
inline constexpr const char* kMuc = "http://jabber.org/protocol/muc";
inline constexpr const char* kMucUser = "http://jabber.org/protocol/muc#user";
/// XEP-0359 unique and stable stanza ids (`<origin-id/>`).
inline constexpr const char* kStanzaId = "urn:xmpp:sid:0";
inline constexpr const char* kCommands = "http://jabber.org/protocol/commands";
inline constexpr const char* kNick = "http://jabber.org/protocol/nick";
/// Switchboard's own: the widget's visitor id in a visitor's first message.
inline constexpr const char* kVisitor = "urn:switchboard:visitor:0";

}  // namespace xmpp::ns
