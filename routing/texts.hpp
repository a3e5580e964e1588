#pragma once
// The short human sentences agents and visitors read. Pure functions, English only; the
// workgroup puts their result in each effect's `text`. Every sentence that invites an agent
// to act names the exact command to type (`take 42`, `close 42`, `next`).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "routing/agent.hpp"
#include "routing/command.hpp"
#include "routing/decision.hpp"
#include "routing/effects.hpp"
#include "routing/settings.hpp"

namespace routing::texts {

/// How much of someone's own words a line quotes (see `excerpt`), so that no line grows with
/// what a visitor sends: a XEP-0172 nick is as long as the server lets a stanza be (256 KiB
/// by default), and a first message as long as `max_message`. The visitor's name (the
/// component keeps no more of a nick either)...
inline constexpr std::size_t kNameChars = 64;
/// ... the start of a first message in a notification or in `list` (the whole message is
/// handed over with the chat) ...
inline constexpr std::size_t kQuoteChars = 200;
/// ... and what an agent typed, repeated in a "did not understand" or "no such agent".
inline constexpr std::size_t kEchoChars = 100;

/// broadcast: a new chat that any notified agent may take.
std::string new_chat(ConversationId id, std::string_view visitor_name, std::string_view first);

/// A conversation's address from `WorkgroupSettings::conversation_address` ("" for "").
std::string conversation_address(std::string_view address, ConversationId id);

/// The notice an agent gets when a chat becomes theirs; it names the conversation's
/// `address` (see `conversation_address`) where the agent writes.
std::string assigned(AssignReason reason, ConversationId id, std::string_view visitor_name,
                     Duration offer_timeout, std::string_view from_agent, std::string_view address);

/// How agents see a visitor who gave no readable name (an anonymous login's random id).
std::string unnamed_visitor(ConversationId id);
/// The nickname (XEP-0172) on a conversation's messages to its agent: "Carl (chat 4)".
std::string conversation_nick(std::string_view visitor_name, ConversationId id);

/// Why a chat left an agent's view; `taker_name` is the agent who took it (taken), or the
/// workgroup it moved to (overflowed).
std::string revoked(RevokeReason reason, ConversationId id, std::string_view taker_name);

/// Adaptive mode: the workgroup switched to queue behaviour (more than `above` wait), or
/// back to broadcast; told once per switch to each agent present.
std::string now_queue(int above, std::size_t waiting);
std::string now_broadcast(std::size_t waiting);

/// Visitor lines.
std::string menu(const Menu& menu);
std::string position(std::uint32_t position);
std::string agent_joined(std::string_view agent_name);
std::string transferred(std::string_view agent_name);
std::string requeued();
std::string closed(std::string_view agent_name);

/// Agent notices about their chats.
std::string visitor_left(ConversationId id);
std::string visitor_back(ConversationId id);
std::string chats_waiting(std::size_t count, Mode mode);
/// The agent's client or server refused the messages of chat `id` from `address` (empty:
/// none named): what happened, and how to see them.
std::string messages_refused(ConversationId id, std::string_view address);

/// queue mode: the status of the workgroup's presence to its agents ("2 waiting — type
/// next"), so their roster shows what waits without a name or a line of it.
std::string desk_status(std::size_t waiting);

/// One waiting chat in a broadcast `list`.
struct ListedChat {
    ConversationId id = 0;
    std::string_view visitor_name;
    std::string_view first_message;
};

/// Command replies.
std::string help(Mode mode);
std::string list_chats(const std::vector<ListedChat>& chats, std::size_t more,
                       std::uint32_t missed_today);
std::string list_count(std::size_t waiting, std::uint32_t missed_today);
std::string status(const std::vector<ConversationId>& chats, int max_chats, bool paused,
                   std::size_t waiting, std::uint32_t missed_today);
std::string paused();
std::string ready();
std::string closed_reply(ConversationId id);
std::string transferred_reply(ConversationId id, std::string_view to_agent);
std::string not_in_mode(std::string_view command, Mode mode);
std::string no_such_chat(ConversationId id);
/// The offered agent typed `take ID`.
std::string offer_taken(ConversationId id);
std::string not_your_chat(ConversationId id);
std::string at_capacity(int max_chats);
std::string lacks_skills(ConversationId id);
std::string nothing_waiting();
std::string no_such_agent(std::string_view target);
std::string agent_unavailable(std::string_view agent_name);
/// `command` (close, history, why) named no chat, and the agent has none or several.
std::string which_chat(CommandKind command, const std::vector<ConversationId>& chats);
std::string transfer_where();
std::string already_yours(ConversationId id);
std::string unknown_command(std::string_view text);

/// Why an agent's message to conversation `id` was refused (nothing was relayed): the chat
/// closed, is now with `holder` (another agent), is not theirs, or never was.
std::string refused_closed(ConversationId id);
std::string refused_now_with(ConversationId id, std::string_view holder);
std::string refused_not_yours(ConversationId id);
std::string refused_no_chat(ConversationId id);
/// A sender who is no agent of the workgroup asked for what only agents may do.
std::string refused_not_agent();
/// A message longer than `max_message` bytes.
std::string refused_too_long(std::size_t max_message);
/// A waiting visitor wrote all that may wait for an agent.
std::string refused_wait_for_agent();

/// `history`: the conversation so far follows, as a hand-over gives it.
std::string history(ConversationId id);
/// An agent's line in a hand-over of the conversation so far: "[Alice] Sure, ...".
std::string agent_line(std::string_view agent_name, std::string_view body);
/// In a hand-over of the conversation so far: `count` lines were left out here.
std::string lines_left_out(std::size_t count);

/// How a routing decision chose its agent ("next in the rotation after Bob"), for the log
/// and for `why`; `before` names `Decision::before`, `priority` is the winner's.
std::string decision(const Decision& d, std::string_view before, int priority);

/// Why an agent was left out of a decision.
std::string lacks(const std::vector<std::string_view>& missing_skills);
std::string not_present(Presence presence);
std::string is_paused();
std::string full_up(int max_chats);
std::string daily_limit_reached(int daily_limit);
std::string let_it_time_out();
std::string eligible_now();

/// One agent named in a `why` answer, with why they were left out (or nothing).
struct WhyAgent {
    std::string_view name;
    std::string reason;
};

/// Everything a `why` answer says about one chat's last routing decision.
struct WhyAnswer {
    ConversationId id = 0;
    const Decision* decision = nullptr;
    std::string_view chosen;         ///< the decision's winner
    std::string how;                 ///< see `decision`
    Duration ago{};                  ///< since the decision
    std::string_view holder;         ///< who has the chat now ("": nobody)
    std::vector<WhyAgent> eligible;  ///< unchanged since, and not the winner
    std::vector<WhyAgent> left_out;  ///< unchanged since, with the reason
    std::vector<WhyAgent> changed;   ///< changed since: as they are now
    std::size_t more_eligible = 0;
    std::size_t more_left_out = 0;
    std::size_t more_changed = 0;
    bool outside_hours = false;
    /// Skills the chat no longer requires (relax_after), with how long ago each was dropped.
    std::vector<std::pair<std::string_view, Duration>> relaxed;
    std::string_view via;  ///< it overflowed here from this workgroup ("": it did not)
};
std::string why(const WhyAnswer& answer);
/// A chat as an ad-hoc form offers it: "4 Nora: "Do you ship..."" (`first` may be empty);
/// a chat that is not the agent's is named without its visitor: "7 (with Bob)".
std::string chat_choice(ConversationId id, std::string_view visitor_name, std::string_view first);
std::string other_chat_choice(ConversationId id, std::string_view holder);
/// An agent as an ad-hoc form offers them: "Bob", "Bob (away)".
std::string agent_choice(std::string_view name, std::string_view state);
/// What an ad-hoc form says when it has nothing to offer.
std::string no_open_chat();
std::string no_other_agent();

/// `why ID` for a chat that is not open (closed chats keep no routing record).
std::string why_not_open(ConversationId id);

}  // namespace routing::texts
