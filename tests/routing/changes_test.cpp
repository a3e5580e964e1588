// The core says what it changed: after every event, each conversation, agent and sticky
// entry that differs from before the event is listed in `Workgroup::changes()`. Checked on
// long random days of visitors, agents, commands and timers in every mode (a fixed seed
// each, so a failure replays), by comparing whole snapshots around each event.

#include <map>
#include <random>
#include <set>
#include <sstream>

#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

WorkgroupSettings busy_desk(Mode mode) {
    auto alice = agent("Alice", 2);
    alice.skills = {"de", "refund"};
    alice.daily_limit = 6;
    auto bob = agent("Bob", 1);
    bob.skills = {"change"};
    bob.daily_limit = 3;
    auto carol = agent("Carol", 3);
    carol.priority = 1;
    auto s = workgroup(mode, {alice, bob, carol});
    s.max_queue = 4;
    s.sticky = true;
    s.offer_timeout = seconds{30};
    s.queue_timeout = seconds{300};
    s.offline_grace = seconds{60};
    s.visitor_grace = seconds{20};
    s.assign_delay = mode == Mode::least_busy ? seconds{5} : seconds{0};
    if (mode == Mode::round_robin || mode == Mode::queue) {
        s.menu = Menu{"What service do you need?", {{"Refund", "refund"}, {"Change", "change"}}};
    }
    s.rules.push_back(SkillRule{"de", "", "de"});
    return s;
}

// One random thing that happens at a help desk, as text for the failure message.
std::string act(Desk& desk, std::mt19937_64& rng) {
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
    static const char* agents[] = {"Alice", "Bob", "Carol"};
    static const char* bodies[] = {"hi", "1", "2", "Change", "my invoice", "hallo", "still there?"};
    const std::string visitor = "v" + std::to_string(pick(8));
    const std::string name = agents[pick(3)];
    const ConversationId id = 1 + static_cast<ConversationId>(pick(12));
    switch (pick(14)) {
        case 0:
        case 1:
        case 2: {
            const std::string body = bodies[pick(7)];
            desk.wg.handle(VisitorMessage{visitor, visitor, body, pick(3) == 0 ? "de" : "en",
                                          pick(2) == 0 ? "browser-" + visitor : ""},
                           desk.now);
            return visitor + " writes " + body;
        }
        case 3:
            desk.visitor_leaves(visitor);
            return visitor + " leaves";
        case 4:
            desk.visitor_returns(visitor);
            return visitor + " returns";
        case 5: {
            static const Presence shows[] = {Presence::online, Presence::away, Presence::offline};
            const Presence p = shows[pick(3)];
            desk.presence(name, p, pick(2) == 0 ? "laptop" : "phone");
            return name + " presence " + std::to_string(static_cast<int>(p));
        }
        case 6: {
            static const char* commands[] = {"take ", "close ", "next", "pause",
                                             "ready", "status", "list", "transfer Carol"};
            std::string command = commands[pick(8)];
            if (command.back() == ' ') {
                command += std::to_string(id);
            }
            desk.types(name, command);
            return name + " types " + command;
        }
        case 7:
        case 8:
            desk.writes(name, id, pick(4) == 0 ? "close" : "Hello!");
            return name + " writes in " + std::to_string(id);
        case 9:
            desk.starts_typing(name, id);
            return name + " types in " + std::to_string(id);
        case 10:
            desk.writes(name, id, "transfer Bob");
            return name + " transfers " + std::to_string(id);
        default: {
            const auto d = milliseconds{pick(4) == 0 ? 90'000 : pick(8'000)};
            desk.wait(d);
            return "time passes " + std::to_string(d.count()) + " ms";
        }
    }
}

std::map<ConversationId, Conversation> by_id(const WorkgroupState& s) {
    std::map<ConversationId, Conversation> out;
    for (const auto& c : s.conversations) {
        out.emplace(c.id, c);
    }
    return out;
}

void check_one_day(Mode mode, std::uint64_t seed) {
    Desk desk{busy_desk(mode), seed};
    std::mt19937_64 rng(seed);
    WorkgroupState before = desk.wg.snapshot();
    for (int step = 0; step < 3000; ++step) {
        const std::string what = act(desk, rng);
        const WorkgroupState after = desk.wg.snapshot();
        const Changes& changes = desk.wg.changes();
        // One lifecycle: the counts kept beside the states agree with the states.
        std::size_t pending = 0;
        std::size_t with_agent = 0;
        for (const auto& c : after.conversations) {
            const bool owned =
                c.state == ConversationState::offered || c.state == ConversationState::assigned;
            (owned ? with_agent : pending) += 1;
            ASSERT_EQ(owned, c.agent.has_value())
                << to_string(mode) << " seed " << seed << " step " << step << " (" << what
                << "): conversation " << c.id << " in state " << static_cast<int>(c.state);
        }
        ASSERT_EQ(desk.wg.waiting_count(), pending)
            << to_string(mode) << " seed " << seed << " step " << step << " (" << what << ")";
        std::size_t chats_of_agents = 0;
        for (const auto& a : after.agents) {
            chats_of_agents += a.chats.size();
        }
        ASSERT_EQ(chats_of_agents, with_agent)
            << to_string(mode) << " seed " << seed << " step " << step << " (" << what << ")";
        const std::set<ConversationId> said(changes.conversations.begin(),
                                            changes.conversations.end());
        const auto old_chats = by_id(before);
        const auto new_chats = by_id(after);
        std::set<ConversationId> ids;
        for (const auto& [id, c] : old_chats) {
            ids.insert(id);
        }
        for (const auto& [id, c] : new_chats) {
            ids.insert(id);
        }
        // Lines kept in a backlog are reported as said lines, not as changed conversations.
        std::map<ConversationId, std::vector<std::string>> kept;
        for (const Said& line : changes.said) {
            if (line.kept) {
                kept[line.conversation].push_back(line.body);
            }
        }
        for (ConversationId id : ids) {
            const auto a = old_chats.find(id);
            const auto b = new_chats.find(id);
            bool same = false;
            if (a != old_chats.end() && b != new_chats.end()) {
                Conversation grown = a->second;
                for (const auto& body : kept[id]) {
                    grown.backlog.push_back(BacklogLine{desk.now.at, body});
                }
                same = grown == b->second;
            }
            ASSERT_TRUE(same || said.count(id))
                << to_string(mode) << " seed " << seed << " step " << step << " (" << what
                << "): conversation " << id << " changed but is not in changes()";
        }
        const std::set<AgentId> agents(changes.agents.begin(), changes.agents.end());
        for (std::size_t i = 0; i < after.agents.size(); ++i) {
            ASSERT_TRUE(before.agents[i] == after.agents[i] ||
                        agents.count(static_cast<AgentId>(i)))
                << to_string(mode) << " seed " << seed << " step " << step << " (" << what
                << "): agent " << i << " changed but is not in changes()";
        }
        const std::set<std::pair<std::string, AgentId>> old_sticky(before.last_agent_of.begin(),
                                                                   before.last_agent_of.end());
        const std::set<std::pair<std::string, AgentId>> sticky(changes.sticky.begin(),
                                                               changes.sticky.end());
        for (const auto& entry : after.last_agent_of) {
            ASSERT_TRUE(old_sticky.count(entry) || sticky.count(entry))
                << to_string(mode) << " seed " << seed << " step " << step << " (" << what
                << "): sticky memory of " << entry.first << " not in changes()";
        }
        before = after;
    }
}

TEST(Changes, EveryChangeOfABusyDayIsReportedInEveryMode) {
    for (Mode mode :
         {Mode::broadcast, Mode::queue, Mode::round_robin, Mode::least_busy, Mode::weighted}) {
        for (std::uint64_t seed : {1u, 2u, 3u, 4u}) {
            check_one_day(mode, seed);
            if (::testing::Test::HasFatalFailure()) {
                return;
            }
        }
    }
}

TEST(Changes, AQuietMidnightReportsTheAgentsWhoseDailyCountStartsAgain) {
    auto alice = agent("Alice");
    alice.daily_limit = 1;
    Desk desk{workgroup(Mode::weighted, {alice})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.types("Alice", "close");
    desk.next_day();
    EXPECT_EQ(desk.wg.changes().agents, std::vector<AgentId>{desk.id("Alice")});
}

TEST(Changes, ARepeatedPresenceOfAVisitorChangesNothing) {
    Desk desk{workgroup(Mode::queue, {agent("Alice")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.visitor_returns("v1");  // already online
    EXPECT_TRUE(desk.wg.changes().conversations.empty());
}

TEST(Changes, AWaitingVisitorsLineIsOneKeptLineAndNoChangedConversation) {
    Desk desk{workgroup(Mode::queue, {agent("Alice")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.visitor_writes("v1", "my invoice is wrong");
    EXPECT_TRUE(desk.wg.changes().conversations.empty());
    ASSERT_EQ(desk.wg.changes().said.size(), 1u);
    const Said& line = desk.wg.changes().said[0];
    EXPECT_EQ(line.body, "my invoice is wrong");
    EXPECT_TRUE(line.kept);
    EXPECT_FALSE(line.agent.has_value());
}

TEST(Changes, AnOwnedChatsLinesAreSaidBothWaysAndKeptByNobody) {
    Desk desk{workgroup(Mode::queue, {agent("Alice")})};
    desk.online("Alice");
    desk.visitor_writes("v1", "hi");
    desk.types("Alice", "next");
    EXPECT_TRUE(desk.wg.conversation(1)->backlog.empty());  // handed over
    desk.visitor_writes("v1", "are you there?");
    ASSERT_EQ(desk.wg.changes().said.size(), 1u);
    EXPECT_FALSE(desk.wg.changes().said[0].kept);
    EXPECT_TRUE(desk.wg.changes().conversations.empty());
    desk.writes("Alice", 1, "Yes, hello!");
    ASSERT_EQ(desk.wg.changes().said.size(), 1u);
    EXPECT_EQ(desk.wg.changes().said[0].agent, desk.id("Alice"));
    EXPECT_EQ(desk.wg.changes().said[0].body, "Yes, hello!");
}

}  // namespace
}  // namespace routing::testing
