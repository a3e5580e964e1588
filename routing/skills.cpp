#include "routing/skills.hpp"
#include "routing/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace routing {

namespace {

bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           static_cast<unsigned char>(c) >= 0x80;
}

/// Case-insensitive match of `keyword` as a whole word (or phrase) in `text` (both lower).
bool contains_word(std::string_view text, std::string_view keyword) {
    if (keyword.empty()) {
        return false;
    }
    for (auto pos = text.find(keyword); pos != std::string_view::npos;
         pos = text.find(keyword, pos + 1)) {
        const bool start_ok = pos == 0 || !is_word_char(text[pos - 1]);
        const auto end = pos + keyword.size();
        const bool end_ok = end == text.size() || !is_word_char(text[end]);
        if (start_ok && end_ok) {
            return true;
        }
    }
    return false;
}

}  // namespace

SkillCatalog::SkillCatalog(const WorkgroupSettings& settings) {
    for (const auto& agent : settings.agents) {
        SkillSet set;
        for (const auto& skill : agent.skills) {
            add(set, id(skill));
        }
        agent_skills_.push_back(std::move(set));
    }
    for (const auto& rule : settings.rules) {
        CompiledRule compiled{ascii_lower(rule.language), ascii_lower(rule.keyword), std::nullopt,
                              rule.chat_priority};
        if (!rule.skill.empty()) {
            compiled.skill = id(rule.skill);
            note_relax(rule.skill, rule.relax_after);
        }
        rules_.push_back(std::move(compiled));
    }
    if (settings.menu) {
        for (const auto& option : settings.menu->options) {
            menu_labels_.push_back(ascii_lower(trim(option.label)));
            if (!option.skill.empty()) {
                id(option.skill);
                note_relax(option.skill, option.relax_after);
            }
        }
    }
    std::erase_if(relax_, [&](const auto& relax) {
        return std::find(never_relaxed_.begin(), never_relaxed_.end(), relax.first) !=
               never_relaxed_.end();
    });
}

void SkillCatalog::note_relax(const std::string& skill, Duration after) {
    if (after.count() <= 0) {
        never_relaxed_.push_back(skill);
        return;
    }
    for (auto& [name, longest] : relax_) {
        if (name == skill) {
            longest = std::max(longest, after);
            return;
        }
    }
    relax_.emplace_back(skill, after);
}

Duration SkillCatalog::relax_after(std::string_view skill) const {
    for (const auto& [name, after] : relax_) {
        if (name == skill) {
            return after;
        }
    }
    return Duration{0};
}

SkillId SkillCatalog::id(const std::string& name) {
    auto [it, inserted] = ids_.try_emplace(name, static_cast<SkillId>(names_.size()));
    if (inserted) {
        names_.push_back(name);
    }
    return it->second;
}

SkillCatalog::Requirements SkillCatalog::required(std::string_view first_message,
                                                  std::string_view language) const {
    Requirements out;
    if (rules_.empty()) {
        return out;
    }
    const auto apply = [&](const CompiledRule& rule) {
        if (rule.skill) {
            add(out.skills, *rule.skill);
        }
        if (rule.priority && (!out.priority || *rule.priority < *out.priority)) {
            out.priority = rule.priority;
        }
    };
    const std::string text = ascii_lower(first_message);
    const std::string lang = ascii_lower(language);
    for (const auto& rule : rules_) {
        if (!rule.language.empty()) {
            // "de" matches "de" and "de-AT".
            const bool match = lang == rule.language ||
                               (lang.size() > rule.language.size() &&
                                lang.compare(0, rule.language.size(), rule.language) == 0 &&
                                lang[rule.language.size()] == '-');
            if (match) {
                apply(rule);
            }
        } else if (contains_word(text, rule.keyword)) {
            apply(rule);
        }
    }
    return out;
}

std::optional<std::size_t> SkillCatalog::menu_choice(std::string_view answer) const {
    const std::string text = ascii_lower(trim(answer));
    std::size_t number = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error == std::errc{} && end == text.data() + text.size()) {
        if (number >= 1 && number <= menu_labels_.size()) {
            return number - 1;
        }
        return std::nullopt;
    }
    for (std::size_t i = 0; i < menu_labels_.size(); ++i) {
        if (!text.empty() && text == menu_labels_[i]) {
            return i;
        }
    }
    return std::nullopt;
}

std::vector<std::string> SkillCatalog::names(const SkillSet& skills) const {
    std::vector<std::string> out;
    for (SkillId s : skills) {
        out.push_back(names_[s]);
    }
    std::sort(out.begin(), out.end());
    return out;
}

void SkillCatalog::add(SkillSet& set, SkillId skill) {
    auto it = std::lower_bound(set.begin(), set.end(), skill);
    if (it == set.end() || *it != skill) {
        set.insert(it, skill);
    }
}

bool SkillCatalog::holds(const SkillSet& holder, const SkillSet& needed) {
    return std::includes(holder.begin(), holder.end(), needed.begin(), needed.end());
}

}  // namespace routing
