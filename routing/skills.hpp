#pragma once
// Skills a chat requires: from the visitor's language, keywords in the first message and the
// menu answer; and which skills each agent holds. Skill names become small integer ids.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "routing/settings.hpp"

namespace routing {

/// A skill name's index in the catalog.
using SkillId = std::uint32_t;

/// A sorted, duplicate-free set of skills.
using SkillSet = std::vector<SkillId>;

/// Every skill of one workgroup, and the rules that derive a chat's skills.
class SkillCatalog {
  public:
    /// Collects the skills of the agents, rules and menu of `settings`.
    explicit SkillCatalog(const WorkgroupSettings& settings);

    /// The skills held by agent number `agent` in the settings.
    const SkillSet& agent_skills(std::size_t agent) const { return agent_skills_[agent]; }

    /// What the rules make of a first message and its xml:lang.
    struct Requirements {
        SkillSet skills;
        std::optional<int> priority;  ///< the smallest `chat_priority` of the rules matched
    };
    /// Skills required and the priority given by the rules for a first message.
    Requirements required(std::string_view first_message, std::string_view language) const;

    /// How long a chat waits for an agent with `skill` before it drops it (0: never): the
    /// longest `relax_after` of the rules and menu options that require it, and never when
    /// one of them does not relax it.
    Duration relax_after(std::string_view skill) const;

    /// The menu option chosen by an answer (its number or its label, any case), if any.
    std::optional<std::size_t> menu_choice(std::string_view answer) const;

    /// The id of a skill name (added if new).
    SkillId id(const std::string& name);

    /// The name of a skill id.
    const std::string& name(SkillId id) const { return names_[id]; }

    /// Names of a skill set, sorted by name.
    std::vector<std::string> names(const SkillSet& skills) const;

    /// Adds `skill` to `set`, keeping it sorted and unique.
    static void add(SkillSet& set, SkillId skill);

    /// True when `holder` contains every skill of `needed`.
    static bool holds(const SkillSet& holder, const SkillSet& needed);

  private:
    struct CompiledRule {
        std::string language;  ///< lower case
        std::string keyword;   ///< lower case
        std::optional<SkillId> skill;
        std::optional<int> priority;
    };
    /// Records a rule's or option's `relax_after` for `skill` (see `relax_after`).
    void note_relax(const std::string& skill, Duration after);

    std::unordered_map<std::string, SkillId> ids_;
    std::vector<std::string> names_;
    std::vector<SkillSet> agent_skills_;
    std::vector<CompiledRule> rules_;
    std::vector<std::string> menu_labels_;  ///< lower case
    /// (skill name, relax time) of the skills that relax: few, so a vector.
    std::vector<std::pair<std::string, Duration>> relax_;
    std::vector<std::string> never_relaxed_;
};

}  // namespace routing
