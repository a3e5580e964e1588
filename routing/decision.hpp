#pragma once
// The routing core's own record of the last decision about a chat, for `why ID`. Written at
// decision time with only what costs O(1) (who won and why, when, how many were eligible);
// the agents left out are reconstructed when someone asks (see Workgroup::why).

#include <cstdint>

#include "routing/agent.hpp"
#include "routing/now.hpp"

namespace routing {

/// How the last decision about a chat went.
enum class DecisionKind : std::uint8_t {
    none,         ///< not routed yet (menu, assign delay)
    lost,         ///< routed before a restart: the record did not survive it
    sticky,       ///< the agent who served this visitor last (returning visitor)
    rotation,     ///< round_robin rotate: the next agent in turn
    random_draw,  ///< round_robin random: drawn uniformly
    least_busy,   ///< fewest open chats, then priority, then idle the longest
    weighted,     ///< drawn in proportion to daily limits
    no_agent,     ///< an assigning mode found no eligible agent: the chat waits
    notified,     ///< broadcast: eligible agents were told, it waits for take
    queued,       ///< queue: it waits for next
    taken,        ///< an agent typed take
    next,         ///< an agent pulled it with next
    transferred,  ///< an agent handed it over
};

/// The record itself: a few numbers, kept per open conversation and not persisted.
struct Decision {
    static constexpr AgentId kNobody = 0xffffffffu;

    DecisionKind kind = DecisionKind::none;
    bool skipped_timed_out = false;  ///< agents who let this chat time out were passed over
    std::uint32_t pool = 0;          ///< the skill pool the chat was routed in
    AgentId chosen = kNobody;        ///< the winner (or who took, pulled, received it)
    AgentId before = kNobody;        ///< rotation: served before; transferred: by whom
    std::uint32_t eligible = 0;      ///< eligible agents of the pool then
    int open = 0;                    ///< least_busy: the winner's open chats then
    std::int64_t weight = 0;         ///< weighted: the winner's weight (daily limit) ...
    std::int64_t total_weight = 0;   ///< ... of the eligible agents' total
    std::uint64_t seq = 0;           ///< agent changes counted so far (see changed_since)
    Time at{};
};

}  // namespace routing
