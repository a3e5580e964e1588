// Desk: chats that overflow from one workgroup into another (PRODUCT.md, "When a chat waits
// too long"). The visitor keeps writing to the JID they began with; the workgroup that has
// the chat now answers from that JID.

#include <spdlog/spdlog.h>

#include "component/desk.hpp"

namespace component {

std::string Desk::visitor_facing_jid(const std::string& bare) const {
    const routing::Conversation* c = workgroup_->conversation_of(bare);
    return c != nullptr && !c->via.empty() ? directory_.workgroup_jid(c->via) : jid_;
}

bool Desk::holds_overflowed(const std::string& bare, const std::string& via) const {
    const routing::Conversation* c = workgroup_->conversation_of(bare);
    return c != nullptr && c->via == via;
}

bool Desk::adopt(const Desk& from, routing::ConversationId id, const routing::Now& now) {
    const routing::Conversation* there = from.workgroup_->conversation(id);
    if (there == nullptr || there->state != routing::ConversationState::waiting) {
        return false;  // served or gone meanwhile
    }
    const auto address = from.visitor_address_.find(there->visitor);
    if (address != from.visitor_address_.end() && address->second.muc) {
        spdlog::info("{}.{}: not moved to {}: the visitor is in {}'s room", from.name(), id, name(),
                     from.name());
        return false;
    }
    const routing::Conversation copy = *there;
    handle(routing::Adopt{&copy, from.name()}, now, nullptr);
    if (!holds_overflowed(copy.visitor, copy.via.empty() ? from.name() : copy.via)) {
        spdlog::info("{}.{}: not moved to {}: it is not open, or the visitor has a chat there",
                     from.name(), id, name());
        return false;
    }
    if (address != from.visitor_address_.end()) {
        visitor_address_[copy.visitor] = address->second;
        visitor_heard(copy.visitor, address->second.full, now);
    }
    spdlog::info("{}.{}: waited too long and moved to {}.{}", from.name(), id, name(),
                 workgroup_->conversation_of(copy.visitor)->id);
    return true;
}

void Desk::moved(routing::ConversationId id, const std::string& to, const routing::Now& now) {
    handle(routing::Moved{id, to}, now, nullptr);
}

}  // namespace component
