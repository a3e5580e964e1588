#pragma once
// A skill pool: the agents who hold one set of skills, the ones among them eligible right
// now (indexed for the workgroup's mode), and the chats that need exactly those skills.
// Every workgroup has the pool of "no skills needed", which holds every agent.

#include <cstdint>
#include <optional>
#include <random>
#include <set>
#include <vector>

#include "routing/agent.hpp"
#include "routing/fenwick.hpp"
#include "routing/queue.hpp"
#include "routing/settings.hpp"
#include "routing/skills.hpp"

namespace routing {

/// The order least_busy picks in: fewest open chats, then smaller priority number, then idle
/// the longest, then configuration order.
struct LoadKey {
    int open = 0;
    int priority = 0;
    Time idle_since{};
    AgentId agent = 0;
    auto operator<=>(const LoadKey&) const = default;
};

/// Eligible agents of one skill set, and the chats waiting for them.
class Pool {
  public:
    Pool(Mode mode, Order order, SkillSet skills, std::size_t agent_count);

    const SkillSet& skills() const { return skills_; }

    /// An agent became eligible (or its key changed after `erase`).
    void insert(AgentId agent, const LoadKey& key, std::int64_t weight);
    /// An agent stopped being eligible; `key` as passed to `insert`.
    void erase(AgentId agent, const LoadKey& key);

    bool contains(AgentId agent) const { return position_[agent] != kAbsent; }
    std::size_t eligible_count() const { return eligible_.size(); }
    /// The eligible agents, in no particular order.
    const std::vector<AgentId>& eligible() const { return eligible_; }
    /// round_robin and weighted: the eligible agents' weights added up (O(1)).
    std::int64_t total_weight() const { return weights_.total(); }

    /// The mode's choice among the eligible agents (none for broadcast and queue).
    /// `last` is the agent round robin gave the previous chat to.
    std::optional<AgentId> pick(std::optional<AgentId> last, std::mt19937_64& rng) const;

    /// Chats that need exactly these skills, oldest first.
    WaitingList<kPoolQueue> waiting;

  private:
    static constexpr std::uint32_t kAbsent = 0xffffffffu;

    Mode mode_;
    Order order_;
    SkillSet skills_;
    std::vector<AgentId> eligible_;
    std::vector<std::uint32_t> position_;  ///< index in eligible_, or kAbsent
    Fenwick weights_;                      ///< round_robin and weighted
    std::set<LoadKey> load_;               ///< least_busy
};

}  // namespace routing
