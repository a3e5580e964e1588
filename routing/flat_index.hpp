#pragma once
// An open-addressing hash index from a string key to an object that holds the key itself
// (a conversation's visitor id, an agent's JID). One probe usually touches one cache line,
// and erasing by object needs no string comparison: with 100,000 visitors this is several
// cache misses cheaper per event than std::unordered_map.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace routing {

/// Index of `T*` by the string `KeyOf{}(const T&)`; the objects must outlive their entries.
template <class T, class KeyOf>
class FlatIndex {
  public:
    /// The object with this key, or nullptr.
    T* find(std::string_view key) const {
        if (slots_.empty()) {
            return nullptr;
        }
        const std::uint64_t h = hash(key);
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (s.object == nullptr) {
                return nullptr;
            }
            if (s.hash == h && s.object != tombstone() && KeyOf{}(*s.object) == key) {
                return s.object;
            }
        }
    }

    /// Adds `object` (its key must not be present yet).
    void insert(T* object) {
        if ((used_ + 1) * 2 > slots_.size()) {
            grow();
        }
        place(object, hash(KeyOf{}(*object)));
        ++size_;
    }

    /// Removes `object` if present.
    void erase(const T* object) {
        if (slots_.empty()) {
            return;
        }
        const std::uint64_t h = hash(KeyOf{}(*object));
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            Slot& s = slots_[i];
            if (s.object == nullptr) {
                return;
            }
            if (s.object == object) {
                s.object = tombstone();
                --size_;
                return;
            }
        }
    }

    std::size_t size() const { return size_; }

  private:
    struct Slot {
        std::uint64_t hash = 0;
        T* object = nullptr;
    };

    static T* tombstone() { return reinterpret_cast<T*>(alignof(T)); }

    static std::uint64_t hash(std::string_view key) {
        return std::hash<std::string_view>{}(key)*0x9E3779B97F4A7C15ULL;
    }

    void place(T* object, std::uint64_t h) {
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            Slot& s = slots_[i];
            if (s.object == nullptr || s.object == tombstone()) {
                used_ += s.object == nullptr;
                s = Slot{h, object};
                return;
            }
        }
    }

    void grow() {
        std::vector<Slot> old = std::move(slots_);
        std::size_t capacity = 16;
        while (capacity < (size_ + 1) * 4) {
            capacity *= 2;
        }
        slots_.assign(capacity, Slot{});
        mask_ = capacity - 1;
        used_ = 0;
        for (const Slot& s : old) {
            if (s.object != nullptr && s.object != tombstone()) {
                place(s.object, s.hash);
            }
        }
    }

    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;  ///< live entries
    std::size_t used_ = 0;  ///< live entries and tombstones
};

}  // namespace routing
