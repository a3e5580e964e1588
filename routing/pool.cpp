#include "routing/pool.hpp"

namespace routing {

namespace {

bool uses_weights(Mode mode) {
    return mode == Mode::round_robin || mode == Mode::weighted;
}

}  // namespace

Pool::Pool(Mode mode, Order order, SkillSet skills, std::size_t agent_count)
    : mode_(mode),
      order_(order),
      skills_(std::move(skills)),
      position_(agent_count, kAbsent),
      weights_(uses_weights(mode) ? agent_count : 0) {}

void Pool::insert(AgentId agent, const LoadKey& key, std::int64_t weight) {
    if (contains(agent)) {
        return;
    }
    position_[agent] = static_cast<std::uint32_t>(eligible_.size());
    eligible_.push_back(agent);
    if (uses_weights(mode_)) {
        weights_.set(agent, weight);
    } else if (mode_ == Mode::least_busy) {
        load_.insert(key);
    }
}

void Pool::erase(AgentId agent, const LoadKey& key) {
    if (!contains(agent)) {
        return;
    }
    const std::uint32_t at = position_[agent];
    const AgentId last = eligible_.back();
    eligible_[at] = last;
    position_[last] = at;
    eligible_.pop_back();
    position_[agent] = kAbsent;
    if (uses_weights(mode_)) {
        weights_.set(agent, 0);
    } else if (mode_ == Mode::least_busy) {
        load_.erase(key);
    }
}

std::optional<AgentId> Pool::pick(std::optional<AgentId> last, std::mt19937_64& rng) const {
    if (eligible_.empty()) {
        return std::nullopt;
    }
    switch (mode_) {
        case Mode::round_robin:
            if (order_ == Order::rotate) {
                // The first eligible agent after the last one served, wrapping around: an
                // agent who is away keeps their place and is simply skipped.
                std::int64_t before = last ? weights_.prefix(*last) : 0;
                if (before >= weights_.total()) {
                    before = 0;
                }
                return static_cast<AgentId>(weights_.find(before));
            }
            [[fallthrough]];
        case Mode::weighted: {
            std::uniform_int_distribution<std::int64_t> draw(0, weights_.total() - 1);
            return static_cast<AgentId>(weights_.find(draw(rng)));
        }
        case Mode::least_busy:
            return load_.begin()->agent;
        case Mode::broadcast:
        case Mode::queue:
            break;
    }
    return std::nullopt;
}

}  // namespace routing
