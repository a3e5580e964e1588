#pragma once
// Jabber IDs: parsing, validation and comparison (RFC 7622, without stringprep tables:
// localpart and domain are lower-cased ASCII-wise, which covers the addresses help
// desks use).

#include <optional>
#include <string>
#include <string_view>

namespace xmpp {

/// A parsed JID: `local@domain/resource`; local and resource may be empty.
struct Jid {
    std::string local;
    std::string domain;
    std::string resource;

    /// `local@domain` (or `domain`).
    std::string bare() const;
    /// `local@domain/resource`, or the bare JID when there is no resource.
    std::string full() const;

    /// Parses and validates; nullopt when `text` is not a valid JID.
    static std::optional<Jid> parse(std::string_view text);

    bool operator==(const Jid&) const = default;
};

/// True when `domain` is a syntactically valid domain part.
bool valid_domain(std::string_view domain);
/// True when `local` is a syntactically valid, non-empty localpart.
bool valid_local(std::string_view local);

}  // namespace xmpp
