#pragma once
// Protocol courtesy: the iq queries every XMPP entity should answer — ping (XEP-0199),
// software version (XEP-0092), service discovery (XEP-0030) for the domain, each
// workgroup JID and each conversation JID.

#include "component/directory.hpp"
#include "xmpp/stanza.hpp"

namespace xmpp {
class Context;
struct Jid;
}  // namespace xmpp

namespace component {

/// The reply to an iq get/set addressed to `to`, or an empty stanza when the query is
/// not one of the courtesy queries (the caller then answers with an error).
xmpp::Stanza answer_courtesy_iq(const xmpp::Context& ctx, const Directory& directory,
                                const xmpp::Jid& to, const xmpp::Stanza& iq);

}  // namespace component
