#pragma once
// A Fenwick (binary indexed) tree of non-negative weights: O(log n) update, prefix sum and
// "which index holds the k-th unit", for weighted draws and round-robin rotation.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace routing {

/// Weights indexed 0 ... size-1.
class Fenwick {
  public:
    explicit Fenwick(std::size_t size = 0) : tree_(size + 1, 0), values_(size, 0) {
        while ((top_ << 1) <= size) {
            top_ <<= 1;
        }
    }

    std::size_t size() const { return values_.size(); }
    std::int64_t total() const { return total_; }
    std::int64_t value(std::size_t i) const { return values_[i]; }

    /// Sets the weight of index `i`.
    void set(std::size_t i, std::int64_t weight) {
        const std::int64_t delta = weight - values_[i];
        if (delta == 0) {
            return;
        }
        values_[i] = weight;
        total_ += delta;
        for (std::size_t x = i + 1; x < tree_.size(); x += x & (~x + 1)) {
            tree_[x] += delta;
        }
    }

    /// Sum of the weights of indices 0 ... i.
    std::int64_t prefix(std::size_t i) const {
        std::int64_t sum = 0;
        for (std::size_t x = i + 1; x > 0; x -= x & (~x + 1)) {
            sum += tree_[x];
        }
        return sum;
    }

    /// The smallest index whose prefix sum exceeds `k` (0 <= k < total()).
    std::size_t find(std::int64_t k) const {
        std::size_t pos = 0;
        for (std::size_t step = top_; step > 0; step >>= 1) {
            if (pos + step < tree_.size() && tree_[pos + step] <= k) {
                pos += step;
                k -= tree_[pos];
            }
        }
        return pos;  // 1-based pos + 1 would be the answer; as 0-based it is pos
    }

  private:
    std::vector<std::int64_t> tree_;
    std::vector<std::int64_t> values_;
    std::int64_t total_ = 0;
    std::size_t top_ = 1;
};

}  // namespace routing
