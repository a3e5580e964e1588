#include "config/waiting.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <utility>

#include "config/redact.hpp"

namespace config {

namespace {

// A duration the way the file writes one: "15m", "1h30m", "1m30s", "500ms".
std::string duration_text(routing::Duration duration) {
    std::int64_t millis = duration.count();
    if (millis == 0) {
        return "0s";
    }
    std::string out;
    for (const auto& [unit, size] : {std::pair<const char*, std::int64_t>{"h", 3'600'000},
                                     {"m", 60'000},
                                     {"s", 1'000},
                                     {"ms", 1}}) {
        if (millis >= size) {
            out += std::to_string(millis / size) + unit;
            millis %= size;
        }
    }
    return out;
}

}  // namespace

WaitingKeys read_waiting_keys(TableReader& reader, std::string_view what, bool skill_given,
                              std::optional<routing::Duration> queue_timeout) {
    WaitingKeys out;
    if (reader.find("relax_after") != nullptr) {
        const auto relax = reader.duration("relax_after");
        if (!relax) {
            out.ok = false;
        } else if (relax->count() == 0) {
            reader.invalid("relax_after",
                           "must be more than \"0s\" (leave relax_after out to keep the skill "
                           "however long the chat waits)");
            out.ok = false;
        } else if (!skill_given) {
            reader.invalid("relax_after", "relax_after needs a skill to drop; this " +
                                              std::string(what) + " has none");
            out.ok = false;
        } else if (queue_timeout && *relax >= *queue_timeout) {
            reader.invalid("relax_after",
                           "must be shorter than queue_timeout (" +
                               quote_input(duration_text(*queue_timeout)) +
                               "): the chat would be closed before the skill is dropped");
            out.ok = false;
        } else {
            out.relax_after = *relax;
        }
    }
    if (reader.find("chat_priority") != nullptr) {
        if (const auto priority = reader.integer("chat_priority", routing::kMinChatPriority,
                                                 routing::kMaxChatPriority)) {
            out.chat_priority = static_cast<int>(*priority);
        } else {
            out.ok = false;
        }
    }
    return out;
}

void read_overflow(TableReader& reader, routing::WorkgroupSettings& wg,
                   std::optional<routing::Duration> queue_timeout, int& overflow_line) {
    overflow_line = 0;
    const toml::node* target_node = reader.find("overflow");
    const toml::node* after_node = reader.find("overflow_after");
    if (target_node == nullptr && after_node == nullptr) {
        return;
    }
    if (target_node == nullptr) {
        reader.missing("overflow",
                       "missing: overflow_after needs overflow = \"NAME\", the workgroup of this "
                       "file where a chat still waiting then moves");
    } else if (const auto target = reader.non_empty_string("overflow")) {
        if (*target == wg.name) {
            reader.invalid("overflow",
                           "a workgroup cannot overflow into itself; name another workgroup of "
                           "this file");
        } else if (wg.conversation == routing::ConversationStyle::muc) {
            reader.invalid("overflow",
                           "overflow works between conversation = \"chat\" workgroups only; this "
                           "workgroup's conversation is \"muc\"");
        } else {
            wg.overflow = *target;
            overflow_line = line_of(*target_node);
        }
    }
    if (after_node == nullptr) {
        reader.missing("overflow_after",
                       "missing: overflow needs overflow_after, how long a chat waits before it "
                       "moves, e.g. overflow_after = \"3m\"");
    } else if (const auto after = reader.duration("overflow_after")) {
        if (after->count() == 0) {
            reader.invalid("overflow_after", "must be more than \"0s\"");
        } else if (queue_timeout && *after >= *queue_timeout) {
            reader.invalid("overflow_after", "must be shorter than queue_timeout (" +
                                                 quote_input(duration_text(*queue_timeout)) +
                                                 "): the chat would be closed before it overflows");
        } else {
            wg.overflow_after = *after;
        }
    }
}

void check_overflows(const std::vector<routing::WorkgroupSettings>& workgroups,
                     const std::vector<int>& overflow_lines,
                     const std::vector<std::string>& not_tables, Problems& problems) {
    std::map<std::string, std::size_t> index;  // name -> position in `workgroups`
    for (std::size_t i = 0; i < workgroups.size(); ++i) {
        index.emplace(workgroups[i].name, i);
    }
    const auto overflow_key = [&](std::size_t i) {
        return join_key(join_key("workgroups", workgroups[i].name), "overflow");
    };
    std::vector<std::optional<std::size_t>> next(workgroups.size());
    for (std::size_t i = 0; i < workgroups.size(); ++i) {
        if (overflow_lines[i] == 0) {
            continue;
        }
        const std::string& target = workgroups[i].overflow;
        const auto it = index.find(target);
        if (it == index.end()) {
            if (std::find(not_tables.begin(), not_tables.end(), target) != not_tables.end()) {
                continue;
            }
            std::string names;
            for (const auto& other : workgroups) {
                if (other.name != workgroups[i].name) {
                    names += (names.empty() ? "" : ", ") + quote_input(other.name);
                }
            }
            problems.add(overflow_lines[i], overflow_key(i),
                         quote_input(target) + " is not a workgroup of this file" +
                             (names.empty() ? " (it has no other workgroup)"
                                            : " (the others are " + names + ")"));
        } else if (workgroups[it->second].conversation == routing::ConversationStyle::muc) {
            problems.add(overflow_lines[i], overflow_key(i),
                         "overflow works between conversation = \"chat\" workgroups only; " +
                             quote_input(target) + " has conversation = \"muc\"");
        } else {
            next[i] = it->second;
        }
    }

    // Each workgroup overflows into at most one: follow each chain until it ends, meets a
    // workgroup already followed, or comes back to one of its own (a cycle).
    enum class Seen { no, on_this_chain, done };
    std::vector<Seen> seen(workgroups.size(), Seen::no);
    for (std::size_t start = 0; start < workgroups.size(); ++start) {
        std::vector<std::size_t> chain;
        for (std::optional<std::size_t> at = start; at && seen[*at] != Seen::done; at = next[*at]) {
            if (seen[*at] == Seen::on_this_chain) {
                // The cycle is the chain from `*at` on; name it from its first in the file.
                std::vector<std::size_t> cycle(std::find(chain.begin(), chain.end(), *at),
                                               chain.end());
                std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()),
                            cycle.end());
                std::string names;
                for (const std::size_t member : cycle) {
                    names += quote_input(workgroups[member].name) + " -> ";
                }
                names += quote_input(workgroups[cycle.front()].name);
                problems.add(overflow_lines[cycle.front()], overflow_key(cycle.front()),
                             "the overflows form a cycle: " + names +
                                 "; a chat would move between them forever (end the chain "
                                 "in a workgroup without overflow)");
                break;
            }
            seen[*at] = Seen::on_this_chain;
            chain.push_back(*at);
        }
        for (const std::size_t member : chain) {
            seen[member] = Seen::done;
        }
    }
}

}  // namespace config
