#pragma once
// What an operator configures for a workgroup and its agents: plain data, filled in by
// config/ from the TOML file and consumed by the routing core. No behaviour lives here.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace routing {

/// How a workgroup hands new chats to its agents (PRODUCT.md, "Routing modes").
enum class Mode { broadcast, queue, round_robin, least_busy, weighted };

/// round_robin only: take turns, or pick uniformly at random.
enum class Order { rotate, random };

/// Where a conversation is held: a JID per conversation, or a room per conversation.
enum class ConversationStyle { chat, muc };

/// Durations in configuration and routing are whole milliseconds.
using Duration = std::chrono::milliseconds;

/// The operator's word for each mode, as written in the TOML file.
std::string_view to_string(Mode mode);
std::string_view to_string(Order order);
std::string_view to_string(ConversationStyle style);

/// One business-hours window: a set of weekdays and a time span within one day.
struct HoursWindow {
    /// Bit 0 is Monday ... bit 6 is Sunday.
    std::uint8_t days = 0;
    /// Minutes after local midnight; start < end, never crossing midnight.
    int start_minute = 0;
    int end_minute = 0;
};

/// One agent as listed in a workgroup.
struct AgentSettings {
    std::string jid;   ///< bare JID, lower-cased
    std::string name;  ///< shown to visitors ("Alice has joined the chat"); defaults to localpart
    int max_chats = 3;
    std::vector<std::string> skills;
    int priority = 10;    ///< smaller wins ties in least_busy
    int daily_limit = 0;  ///< weighted: reception ratio and daily cap; 0 = not set
};

/// A chat's place among waiting chats when nothing sets it: smaller numbers are served
/// first (`chat_priority`, PRODUCT.md "When a chat waits too long").
inline constexpr int kDefaultChatPriority = 10;
/// The range `chat_priority` may take.
inline constexpr int kMinChatPriority = 1;
inline constexpr int kMaxChatPriority = 100;

/// One choice of the optional menu asked before routing.
struct MenuOption {
    std::string label;
    std::string skill;  ///< may be empty: the option requires no skill
    /// Drop `skill` after the chat waited this long without an agent (0: never).
    Duration relax_after = Duration{0};
    /// Served before chats of a larger number; nullopt: the option sets none.
    std::optional<int> chat_priority = std::nullopt;
};

/// The optional menu: "What service do you need? 1 Refund, 2 Change".
struct Menu {
    std::string question;
    std::vector<MenuOption> options;
};

/// A rule on the visitor's language or on a keyword of the first message: the chat then
/// requires a skill, or gets a priority, or both. Exactly one of `language` and `keyword`
/// is non-empty; at least one of `skill` and `chat_priority` is set.
struct SkillRule {
    std::string language;
    std::string keyword;
    std::string skill;  ///< may be empty when `chat_priority` is set
    /// Drop `skill` after the chat waited this long without an agent (0: never).
    Duration relax_after = Duration{0};
    /// Served before chats of a larger number; nullopt: the rule sets none.
    std::optional<int> chat_priority = std::nullopt;
};

/// Everything configured for one workgroup (`[workgroups.NAME]`).
struct WorkgroupSettings {
    std::string name;  ///< the localpart of the workgroup JID
    /// Where an agent writes to a conversation, with `{id}` for the chat id
    /// ("support.{id}@desk.example.com"), named in the notices. Not configured: the
    /// component fills it in from its addresses. Empty: notices name no address.
    std::string conversation_address;
    Mode mode = Mode::round_robin;
    Order order = Order::rotate;
    int max_queue = 20;
    bool include_away = false;
    bool include_offline = false;
    bool sticky = false;
    std::string welcome = "Hi! Someone will be with you shortly.";
    std::string not_available = "All our agents are busy. Please try again in a few minutes.";
    std::string offline = "We are offline right now.";
    Duration assign_delay = Duration{0};
    Duration offer_timeout = std::chrono::seconds{60};
    Duration queue_timeout = std::chrono::minutes{15};
    Duration offline_grace = std::chrono::minutes{2};
    /// How long a waiting visitor who went offline keeps their place (a page reload).
    Duration visitor_grace = std::chrono::seconds{30};
    std::size_t max_message = 16 * 1024;  ///< bytes of a message body
    ConversationStyle conversation = ConversationStyle::chat;
    std::string muc_service;               ///< muc only
    std::vector<std::string> supervisors;  ///< muc only, bare JIDs
    std::vector<HoursWindow> hours;        ///< empty: always within hours
    /// Another workgroup of the same file where a chat still waiting after
    /// `overflow_after` moves (empty: none).
    std::string overflow;
    Duration overflow_after = Duration{0};
    /// broadcast only: behave as queue while more than this many chats wait, back to
    /// broadcast at half of it (0: off).
    int adaptive_queue_above = 0;
    std::vector<AgentSettings> agents;
    std::optional<Menu> menu;
    std::vector<SkillRule> rules;
};

}  // namespace routing
