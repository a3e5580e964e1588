// The visitor and agent index: finds by key, forgets on erase, survives growth and churn.

#include <gtest/gtest.h>

#include <deque>
#include <set>
#include <string>

#include "routing/flat_index.hpp"

namespace routing {
namespace {

struct Person {
    std::string id;
};
struct PersonId {
    std::string_view operator()(const Person& p) const { return p.id; }
};

TEST(FlatIndex, FindsWhatWasInsertedAndForgetsWhatWasErasedThroughManyChurns) {
    std::deque<Person> people;
    FlatIndex<Person, PersonId> index;
    std::set<int> erased;
    for (int i = 0; i < 5000; ++i) {
        people.push_back({"visitor-" + std::to_string(i) + "@anon.example"});
        index.insert(&people.back());
        if (i % 3 == 0) {
            index.erase(&people[i / 2]);
            erased.insert(i / 2);
        }
    }
    std::size_t present = 0;
    for (int i = 0; i < 5000; ++i) {
        const Person* found = index.find(people[i].id);
        if (found != nullptr) {
            ++present;
            EXPECT_EQ(found, &people[i]);
        }
        EXPECT_EQ(found == nullptr, erased.count(i) == 1) << i;
    }
    EXPECT_EQ(present, index.size());
    EXPECT_EQ(index.find("nobody"), nullptr);
}

}  // namespace
}  // namespace routing
