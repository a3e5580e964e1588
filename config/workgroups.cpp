#include "config/workgroups.hpp"
#include "routing/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "config/redact.hpp"
#include "config/values.hpp"
#include "config/waiting.hpp"

namespace config {

using routing::ascii_lower;
using routing::trim;

namespace {

template <typename T>
void set_if(std::optional<T> value, T& out) {
    if (value) {
        out = std::move(*value);
    }
}

// Integers are range-checked by TableReader::integer to fit in an int.
void set_int(std::optional<std::int64_t> value, int& out) {
    if (value) {
        out = static_cast<int>(*value);
    }
}

// Checks the NAME of [workgroups.NAME]: it becomes NAME@domain, and conversations are
// NAME.ID@domain, so it is a localpart without dots.
void check_workgroup_name(const std::string& name, int line, const std::string& key,
                          Problems& problems) {
    const auto local = parse_localpart(name);
    if (!local.value) {
        problems.add(line, key, "bad workgroup name: " + local.error);
    } else if (name.find('.') != std::string::npos) {
        problems.add(line, key,
                     "bad workgroup name " + quote_input(name) +
                         ": it may not contain '.' (conversations are NAME.ID@domain)");
    } else if (ascii_lower(name) != name) {
        problems.add(line, key,
                     "bad workgroup name " + quote_input(name) +
                         ": use lower case, e.g. [workgroups." + ascii_lower(name) + "]");
    }
}

// max_message: a size string ("16KiB") or a plain number of bytes.
void read_max_message(TableReader& reader, std::size_t& out) {
    const toml::node* node = reader.find("max_message");
    if (node == nullptr) {
        return;
    }
    if (const auto* number = node->as_integer()) {
        if (number->get() <= 0) {
            reader.invalid("max_message",
                           "must be more than 0 bytes, got " + std::to_string(number->get()));
        } else {
            out = static_cast<std::size_t>(number->get());
        }
    } else if (const auto* text = node->as_string()) {
        const auto size = parse_size(text->get());
        if (size.value) {
            out = *size.value;
        } else {
            reader.invalid("max_message", size.error);
        }
    } else {
        reader.invalid("max_message", "expected a size like \"16KiB\" or a number of bytes, got " +
                                          type_name(*node));
    }
}

// For a key that belongs to one mode only (`order` to round_robin): false, with the problem
// reported, when the workgroup's mode is another. An unknown mode (a bad `mode`, reported
// already) lets the key through.
bool allowed_in_mode(TableReader& reader, std::string_view name, routing::Mode needed,
                     routing::Mode mode, bool mode_known) {
    if (!mode_known || mode == needed) {
        return true;
    }
    reader.invalid(name, "only for mode = \"" + std::string(routing::to_string(needed)) +
                             "\"; this workgroup's mode is \"" +
                             std::string(routing::to_string(mode)) + "\"");
    return false;
}

// One [[workgroups.NAME.agents]] entry; false when it has problems.
bool read_agent(const toml::table& table, const std::string& path, routing::Mode mode,
                bool mode_known, Problems& problems, routing::AgentSettings& agent) {
    TableReader reader(table, path, problems);
    bool ok = true;
    std::string written_localpart;
    if (const auto jid = reader.string("jid")) {
        const auto parsed = parse_bare_jid(*jid);
        if (parsed.value) {
            agent.jid = *parsed.value;
            written_localpart = jid->substr(0, jid->find('@'));
        } else {
            reader.invalid("jid", parsed.error);
            ok = false;
        }
    } else {
        if (reader.find("jid") == nullptr) {
            reader.missing("jid", "missing: every agent needs jid = \"name@example.com\"");
        }
        ok = false;
    }
    if (const auto name = reader.non_empty_string("name")) {
        agent.name = *name;
    } else {
        agent.name = written_localpart;
    }
    set_int(reader.integer("max_chats", 1), agent.max_chats);
    if (const auto skills = reader.string_list("skills")) {
        for (const auto& skill : *skills) {
            agent.skills.push_back(skill.value);
        }
    }
    set_int(reader.integer("priority", std::numeric_limits<int>::min()), agent.priority);
    if (reader.find("daily_limit") != nullptr) {
        set_int(reader.integer("daily_limit", 1), agent.daily_limit);
    } else if (mode_known && mode == routing::Mode::weighted) {
        reader.missing("daily_limit",
                       "missing: in mode = \"weighted\" every agent needs a daily_limit (its "
                       "share of the chats and its cap per day)");
    }
    reader.report_unknown_keys();
    return ok;
}

routing::Menu read_menu(const toml::table& table, const std::string& path,
                        std::optional<routing::Duration> queue_timeout, Problems& problems) {
    TableReader reader(table, path, problems);
    routing::Menu menu;
    if (const auto question = reader.non_empty_string("question")) {
        menu.question = *question;
    } else if (reader.find("question") == nullptr) {
        reader.missing("question", "missing: the menu needs a question to ask");
    }
    const auto options = reader.tables("options");
    if (const toml::node* node = reader.find("options"); node == nullptr) {
        reader.missing("options",
                       "missing: options = [ { label = \"Refund\", skill = \"refund\" }, ... ]");
    } else if (node->is_array() && node->as_array()->empty()) {
        reader.invalid("options", "the menu needs at least one option");
    }
    std::map<std::string, int> labels;  // lower-cased label -> line
    for (const auto& [option_table, option_path] : options) {
        TableReader option(*option_table, option_path, problems);
        const auto label = option.non_empty_string("label");
        const auto skill = option.non_empty_string("skill");
        if (!label && option.find("label") == nullptr) {
            option.missing("label", "missing: each option needs a label");
        }
        const bool skill_given = option.find("skill") != nullptr;
        const auto waiting = read_waiting_keys(option, "option", skill_given, queue_timeout);
        if (!skill_given && option.find("chat_priority") == nullptr) {
            option.missing("skill",
                           "missing: each option needs the skill it requires, a chat_priority, "
                           "or both");
        }
        if (label) {
            const int line = line_of(*option_table->get("label"));
            const auto [it, inserted] = labels.emplace(ascii_lower(*label), line);
            if (!inserted) {
                option.invalid("label", quote_input(*label) + " is already an option (line " +
                                            std::to_string(it->second) + ")");
            }
        }
        option.report_unknown_keys();
        if (label && (skill || (!skill_given && waiting.chat_priority)) && waiting.ok) {
            routing::MenuOption entry;
            entry.label = *label;
            entry.skill = skill.value_or("");
            entry.relax_after = waiting.relax_after;
            entry.chat_priority = waiting.chat_priority;
            menu.options.push_back(std::move(entry));
        }
    }
    reader.report_unknown_keys();
    return menu;
}

void read_rule(const toml::table& table, const std::string& path,
               std::optional<routing::Duration> queue_timeout, Problems& problems,
               std::vector<routing::SkillRule>& rules) {
    TableReader reader(table, path, problems);
    routing::SkillRule rule;
    const auto language = reader.non_empty_string("language");
    const auto keyword = reader.non_empty_string("keyword");
    const auto skill = reader.non_empty_string("skill");
    const toml::node* language_node = reader.find("language");
    const toml::node* keyword_node = reader.find("keyword");
    if (language_node != nullptr && keyword_node != nullptr) {
        const bool keyword_later = line_of(*keyword_node) >= line_of(*language_node);
        reader.invalid(keyword_later ? "keyword" : "language",
                       "a rule has either language or keyword, not both (write two rules)");
    } else if (language_node == nullptr && keyword_node == nullptr) {
        reader.missing("language", "missing: a rule needs language = \"...\" or keyword = \"...\"");
    }
    // A rule may only set a priority ("urgent" -> chat_priority = 1) and require no skill.
    const bool skill_given = reader.find("skill") != nullptr;
    const auto waiting = read_waiting_keys(reader, "rule", skill_given, queue_timeout);
    if (!skill_given && reader.find("chat_priority") == nullptr) {
        reader.missing("skill",
                       "missing: a rule needs the skill it requires, a chat_priority, or both");
    }
    reader.report_unknown_keys();
    if ((skill || (!skill_given && waiting.chat_priority)) && waiting.ok && (language || keyword)) {
        rule.language = language.value_or("");
        rule.keyword = keyword.value_or("");
        rule.skill = skill.value_or("");
        rule.relax_after = waiting.relax_after;
        rule.chat_priority = waiting.chat_priority;
        rules.push_back(std::move(rule));
    }
}

// Reads one workgroup. `overflow_line` becomes the line of its `overflow` when the target
// still has to be checked against the other workgroups (0: nothing to check).
routing::WorkgroupSettings read_workgroup(const toml::table& table, const std::string& name,
                                          const std::string& path, const std::string& domain,
                                          Problems& problems, int& overflow_line) {
    using routing::ConversationStyle;
    using routing::Mode;
    TableReader reader(table, path, problems);
    routing::WorkgroupSettings wg;
    wg.name = name;

    const auto mode =
        reader.choice("mode", {"broadcast", "queue", "round_robin", "least_busy", "weighted"});
    const bool mode_known = mode.has_value() || reader.find("mode") == nullptr;
    if (mode) {
        wg.mode = static_cast<Mode>(*mode);
    }
    if (reader.find("order") != nullptr &&
        allowed_in_mode(reader, "order", Mode::round_robin, wg.mode, mode_known)) {
        if (const auto order = reader.choice("order", {"rotate", "random"})) {
            wg.order = static_cast<routing::Order>(*order);
        }
    }
    const auto max_queue = reader.integer("max_queue", 0);
    set_int(max_queue, wg.max_queue);
    const bool max_queue_known = max_queue.has_value() || reader.find("max_queue") == nullptr;
    set_if(reader.boolean("include_away"), wg.include_away);
    set_if(reader.boolean("include_offline"), wg.include_offline);
    set_if(reader.boolean("sticky"), wg.sticky);
    set_if(reader.string("welcome"), wg.welcome);
    set_if(reader.string("not_available"), wg.not_available);
    set_if(reader.string("offline"), wg.offline);
    set_if(reader.duration("assign_delay"), wg.assign_delay);
    set_if(reader.duration("offer_timeout"), wg.offer_timeout);
    const auto queue_timeout = reader.duration("queue_timeout");
    set_if(queue_timeout, wg.queue_timeout);
    // When waiting chats are closed, for what must happen before that (nullopt: never, or
    // not known because queue_timeout itself is wrong).
    std::optional<routing::Duration> closes_after;
    if ((queue_timeout || reader.find("queue_timeout") == nullptr) &&
        wg.queue_timeout.count() > 0) {
        closes_after = wg.queue_timeout;
    }
    set_if(reader.duration("offline_grace"), wg.offline_grace);
    set_if(reader.duration("visitor_grace"), wg.visitor_grace);
    read_max_message(reader, wg.max_message);

    const auto style = reader.choice("conversation", {"chat", "muc"});
    const bool style_known = style.has_value() || reader.find("conversation") == nullptr;
    if (style) {
        wg.conversation = static_cast<ConversationStyle>(*style);
    }
    const bool muc = wg.conversation == ConversationStyle::muc;
    const std::string only_muc =
        "only with conversation = \"muc\"; this workgroup's "
        "conversation is \"chat\"";
    if (reader.find("muc_service") != nullptr) {
        if (style_known && !muc) {
            reader.invalid("muc_service", only_muc);
        } else if (const auto service = reader.string("muc_service")) {
            const auto service_domain = parse_domain(*service);
            if (!service_domain.value) {
                reader.invalid("muc_service", service_domain.error);
            } else if (*service_domain.value == domain) {
                // The rooms are the XMPP server's: Switchboard's own domain has none.
                reader.invalid("muc_service", "is the component's own domain " + domain +
                                                  "; give the server's MUC service, e.g. "
                                                  "\"conference.example.com\"");
            } else {
                wg.muc_service = *service_domain.value;
            }
        }
    } else if (muc) {
        reader.missing("muc_service",
                       "missing: conversation = \"muc\" needs muc_service = "
                       "\"conference.example.com\"");
    }
    if (reader.find("supervisors") != nullptr) {
        if (style_known && !muc) {
            reader.invalid("supervisors", only_muc);
        } else if (const auto supervisors = reader.string_list("supervisors")) {
            for (const auto& supervisor : *supervisors) {
                const auto jid = parse_bare_jid(supervisor.value);
                if (!jid.value) {
                    problems.add(supervisor.line, supervisor.key, jid.error);
                } else if (!domain.empty() &&
                           jid.value->substr(jid.value->find('@') + 1) == domain) {
                    problems.add(supervisor.line, supervisor.key,
                                 "supervisor " + *jid.value + " is in the component's own domain " +
                                     domain + "; give the supervisor's own XMPP account");
                } else {
                    wg.supervisors.push_back(*jid.value);
                }
            }
        }
    }
    if (const auto hours = reader.string_list("hours")) {
        for (const auto& entry : *hours) {
            const auto window = parse_hours(entry.value);
            if (window.value) {
                wg.hours.push_back(*window.value);
            } else {
                problems.add(entry.line, entry.key, window.error);
            }
        }
    }

    read_overflow(reader, wg, closes_after, overflow_line);
    if (reader.find("adaptive_queue_above") != nullptr &&
        allowed_in_mode(reader, "adaptive_queue_above", Mode::broadcast, wg.mode, mode_known)) {
        if (const auto above = reader.integer("adaptive_queue_above", 1)) {
            // A bad max_queue is reported already: nothing to compare with then.
            if (max_queue_known && wg.max_queue == 0) {
                reader.invalid("adaptive_queue_above",
                               "cannot be used with max_queue = 0: no chat ever waits, so the "
                               "workgroup could never switch to queue");
            } else if (max_queue_known && wg.max_queue <= *above) {
                reader.invalid("adaptive_queue_above",
                               "must be less than max_queue (" + std::to_string(wg.max_queue) +
                                   "): more than " + std::to_string(*above) +
                                   " chats never wait, so the workgroup could never switch to "
                                   "queue");
            } else {
                wg.adaptive_queue_above = static_cast<int>(*above);
            }
        }
    }

    std::map<std::string, int> seen;  // agent JID -> line of its jid
    for (const auto& [agent_table, agent_path] : reader.tables("agents")) {
        routing::AgentSettings agent;
        if (!read_agent(*agent_table, agent_path, wg.mode, mode_known, problems, agent)) {
            continue;
        }
        const int line = line_of(*agent_table->get("jid"));
        // The component's own addresses (workgroups, conversations) are no one's account:
        // chats offered there would come back to Switchboard and never reach a person.
        if (!domain.empty() && agent.jid.substr(agent.jid.find('@') + 1) == domain) {
            problems.add(line, join_key(agent_path, "jid"),
                         "agent " + agent.jid + " is in the component's own domain " + domain +
                             " (an address Switchboard serves, not a person's account); give "
                             "the agent's own XMPP account, e.g. alice@example.com");
            continue;
        }
        const auto [it, inserted] = seen.emplace(agent.jid, line);
        if (!inserted) {
            problems.add(line, join_key(agent_path, "jid"),
                         "agent " + agent.jid +
                             " is listed twice in this workgroup (first on line " +
                             std::to_string(it->second) + ")");
            continue;
        }
        wg.agents.push_back(std::move(agent));
    }
    if (const auto* menu = reader.table("menu")) {
        wg.menu = read_menu(*menu, reader.key("menu"), closes_after, problems);
    }
    for (const auto& [rule_table, rule_path] : reader.tables("rules")) {
        read_rule(*rule_table, rule_path, closes_after, problems, wg.rules);
    }
    reader.report_unknown_keys();
    return wg;
}

}  // namespace

std::vector<routing::WorkgroupSettings> read_workgroups(const toml::table& workgroups,
                                                        const std::string& domain,
                                                        Problems& problems) {
    // toml::table is ordered by key; the operator expects the order of the file.
    std::vector<std::pair<const toml::key*, const toml::node*>> entries;
    for (const auto& [name, node] : workgroups) {
        entries.emplace_back(&name, &node);
    }
    std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        const auto& x = a.second->source().begin;
        const auto& y = b.second->source().begin;
        return x.line != y.line ? x.line < y.line : x.column < y.column;
    });

    std::vector<routing::WorkgroupSettings> out;
    std::vector<int> overflow_lines;  // for each of `out`
    std::vector<std::string> not_tables;
    for (const auto& [name, node] : entries) {
        const std::string workgroup(name->str());
        const std::string path = join_key("workgroups", workgroup);
        check_workgroup_name(workgroup, line_of(*node), path, problems);
        const auto* table = node->as_table();
        if (table == nullptr) {
            problems.add(*node, path, "expected a table [" + path + "], got " + type_name(*node));
            not_tables.push_back(workgroup);
            continue;
        }
        int overflow_line = 0;
        out.push_back(read_workgroup(*table, workgroup, path, domain, problems, overflow_line));
        overflow_lines.push_back(overflow_line);
    }
    check_overflows(out, overflow_lines, not_tables, problems);
    return out;
}

}  // namespace config
