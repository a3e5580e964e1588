// Desk: a reload (SIGHUP) with new settings for this workgroup, and a workgroup that left
// the file (PRODUCT.md, "Operating it").

#include <algorithm>

#include "component/desk.hpp"
#include "routing/remap.hpp"

namespace component {

void Desk::reconfigure(routing::WorkgroupSettings settings, const routing::Now& now) {
    settings.conversation_address = directory_.conversation_address(settings.name);
    std::vector<std::string> before;
    for (const auto& agent : workgroup_->settings().agents) {
        before.push_back(agent.jid);
    }
    // The core starts again from what it holds now, its agents mapped through their JIDs:
    // no chat, queue place or sticky memory is lost, agents online stay online, and a chat
    // offered to or owned by an agent who left the file waits again.
    routing::WorkgroupState state = workgroup_->snapshot();
    routing::remap_agents(state, routing::agent_ids_by_jid(before, settings));
    auto fresh = std::make_unique<routing::Workgroup>(std::move(settings), seed_);
    fresh->restore(state);
    workgroup_ = std::move(fresh);
    watch_.set_grace(workgroup_->settings().visitor_grace);
    reconfigure_rooms();
    record_.write_all(*workgroup_, publisher_.audience());  // the agents' ids are today's
    present_again();
    // As after a reconnect: every agent (added ones included) is asked to subscribe, and
    // gets the workgroup's presence again once theirs arrives.
    on_online(now);
}

void Desk::retire(const routing::Now& now) {
    // Each open chat ends: its visitor gets the offline text, its agent is told; the
    // transcripts say how they ended. Then widgets show the desk closed.
    handle(routing::Retire{}, now, nullptr);
    announce_closed();
}

}  // namespace component
