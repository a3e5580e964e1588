// When a chat waits too long (PRODUCT.md): relaxed skills, chat priority, overflow and the
// adaptive mode, each as a help desk lives it.

#include <memory>
#include <random>

#include "tests/routing/desk.hpp"

namespace routing::testing {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

AgentSettings speaks(AgentSettings a, std::vector<std::string> skills) {
    a.skills = std::move(skills);
    return a;
}

/// Notified agents' names, per Notify, in order.
std::vector<std::vector<std::string>> notified(const Desk& desk, const Effects& fx) {
    std::vector<std::vector<std::string>> out;
    for (const auto& n : all<Notify>(fx)) {
        std::vector<std::string> names;
        for (AgentId a : n.agents) {
            names.push_back(desk.name(a));
        }
        std::sort(names.begin(), names.end());
        out.push_back(names);
    }
    return out;
}

// --- relaxing skills ------------------------------------------------------------------

WorkgroupSettings german_desk(Mode mode) {
    auto s = workgroup(mode, {agent("Alice"), speaks(agent("Bruno"), {"de"})});
    SkillRule rule{"de", "", "de"};
    rule.relax_after = seconds{90};
    s.rules.push_back(rule);
    return s;
}

TEST(RelaxSkills, AGermanChatWithNoGermanAgentOnlineIsServedByAnyoneAfter90Seconds) {
    Desk desk{german_desk(Mode::round_robin)};
    desk.online("Alice");  // Bruno, who speaks German, is not online
    EXPECT_TRUE(all<Assign>(desk.visitor_writes("hans", "Guten Tag", "de")).empty());
    EXPECT_TRUE(all<Assign>(desk.wait(seconds{89})).empty());
    const auto fx = desk.wait(seconds{1});
    EXPECT_EQ(desk.assigned(fx), std::vector<std::string>{"Alice"});
    const Conversation& c = *desk.wg.conversation_of("hans");
    EXPECT_TRUE(c.skills.empty());
    ASSERT_EQ(c.relaxed.size(), 1u);
    EXPECT_EQ(c.relaxed[0].skill, "de");
    EXPECT_EQ(c.relaxed[0].at, desk.now.at);
}

TEST(RelaxSkills, AGermanAgentWhoComesInTimeGetsTheChatAndNothingIsRelaxed) {
    Desk desk{german_desk(Mode::round_robin)};
    desk.online("Alice");
    desk.visitor_writes("hans", "Guten Tag", "de");
    desk.wait(seconds{30});
    EXPECT_EQ(desk.assigned(desk.online("Bruno")), std::vector<std::string>{"Bruno"});
    desk.wait(seconds{120});
    EXPECT_EQ(desk.holder("hans"), "Bruno");
    EXPECT_TRUE(desk.wg.conversation_of("hans")->relaxed.empty());
}

TEST(RelaxSkills, WhySaysTheSkillWasDroppedAndWhen) {
    Desk desk{german_desk(Mode::round_robin)};
    desk.online("Alice");
    desk.visitor_writes("hans", "Guten Tag", "de");
    desk.wait(seconds{90});
    desk.wait(seconds{60});
    const std::string why = Desk::reply(desk.types("Alice", "why 1"));
    EXPECT_NE(why.find("no longer needs de: dropped 60 seconds ago"), std::string::npos) << why;
}

TEST(RelaxSkills, InBroadcastTheAgentsWhoLackedTheSkillAreToldThenAndOnlyThey) {
    Desk desk{german_desk(Mode::broadcast)};
    desk.online("Alice");
    desk.online("Bruno");
    EXPECT_EQ(notified(desk, desk.visitor_writes("hans", "Guten Tag", "de")),
              (std::vector<std::vector<std::string>>{{"Bruno"}}));
    // Bruno does not take it: after 90 s Alice hears of it, and Bruno not a second time.
    EXPECT_EQ(notified(desk, desk.wait(seconds{90})),
              (std::vector<std::vector<std::string>>{{"Alice"}}));
    EXPECT_EQ(Desk::reply(desk.types("Alice", "take 1")).find("not"), std::string::npos);
    EXPECT_EQ(desk.holder("hans"), "Alice");
}

TEST(RelaxSkills, TheRelaxedChatKeepsItsPlaceInTheQueue) {
    Desk desk{german_desk(Mode::queue)};
    desk.online("Alice");
    desk.visitor_writes("hans", "Guten Tag", "de");
    desk.wait(seconds{10});
    desk.visitor_writes("ann", "hello");
    desk.wait(seconds{80});  // hans's skill is dropped: still first in the queue
    EXPECT_EQ(desk.assigned(desk.types("Alice", "next")), std::vector<std::string>{"Alice"});
    EXPECT_EQ(desk.holder("hans"), "Alice");
    EXPECT_EQ(desk.holder("ann"), "");
}

TEST(RelaxSkills, AMenuOptionRelaxesItsSkillToo) {
    auto s = workgroup(Mode::least_busy, {agent("Alice"), speaks(agent("Bruno"), {"refund"})});
    MenuOption refund{"Refund", "refund"};
    refund.relax_after = minutes{2};
    s.menu = Menu{"What service do you need?", {refund, {"Other", ""}}};
    Desk desk{s};
    desk.online("Alice");
    desk.visitor_writes("v", "hi");
    EXPECT_TRUE(all<Assign>(desk.visitor_writes("v", "1")).empty());
    EXPECT_EQ(desk.assigned(desk.wait(minutes{2})), std::vector<std::string>{"Alice"});
}

TEST(RelaxSkills, ASkillWithoutRelaxAfterIsKeptForever) {
    auto s = german_desk(Mode::round_robin);
    s.rules[0].relax_after = Duration{0};
    Desk desk{s};
    desk.online("Alice");
    desk.visitor_writes("hans", "Guten Tag", "de");
    EXPECT_TRUE(all<Assign>(desk.wait(minutes{10})).empty());
    EXPECT_EQ(desk.wg.conversation_of("hans")->skills, std::vector<std::string>{"de"});
}

TEST(RelaxSkills, ARestoredChatIsRelaxedOnTime) {
    Desk before{german_desk(Mode::round_robin)};
    before.online("Alice");
    before.visitor_writes("hans", "Guten Tag", "de");
    before.wait(seconds{60});
    Desk after{german_desk(Mode::round_robin)};
    after.now = before.now;
    after.wg.restore(before.wg.snapshot());
    EXPECT_TRUE(all<Assign>(after.wait(seconds{29})).empty());
    EXPECT_EQ(after.assigned(after.wait(seconds{1})), std::vector<std::string>{"Alice"});
}

TEST(RelaxSkills, AChatNobodyPullsIsRelaxedThenOverflowAskedThenTimesOutEachOnTime) {
    // One timer per waiting chat serves its rules and its queue timeout (15 minutes).
    auto s = german_desk(Mode::queue);  // in queue mode Alice would have to pull it
    s.overflow = "sales";
    s.overflow_after = minutes{3};
    Desk desk{s};
    desk.online("Alice");
    desk.visitor_writes("hans", "Guten Tag", "de");
    desk.wait(seconds{89});
    EXPECT_EQ(desk.wg.conversation_of("hans")->skills, std::vector<std::string>{"de"});
    desk.wait(seconds{1});
    EXPECT_TRUE(desk.wg.conversation_of("hans")->skills.empty());
    EXPECT_TRUE(all<Overflow>(desk.wait(seconds{89})).empty());
    EXPECT_EQ(all<Overflow>(desk.wait(seconds{1})).size(), 1u);  // nobody adopts it
    EXPECT_TRUE(all<Closed>(desk.wait(minutes{12} - seconds{1})).empty());
    const auto closed = all<Closed>(desk.wait(seconds{1}));
    ASSERT_EQ(closed.size(), 1u);
    EXPECT_EQ(closed[0].reason, CloseReason::queue_timeout);
    EXPECT_TRUE(all<Overflow>(desk.wait(minutes{30})).empty());
}

TEST(RelaxSkills, WithoutAQueueTimeoutTheSkillIsStillRelaxed) {
    auto s = german_desk(Mode::round_robin);
    s.queue_timeout = Duration{0};
    Desk desk{s};
    desk.online("Alice");
    desk.visitor_writes("hans", "Guten Tag", "de");
    EXPECT_TRUE(all<Assign>(desk.wait(seconds{89})).empty());
    EXPECT_EQ(desk.assigned(desk.wait(seconds{1})), std::vector<std::string>{"Alice"});
}

// --- chat priority --------------------------------------------------------------------

WorkgroupSettings urgent_desk(Mode mode) {
    auto s = workgroup(mode, {agent("Alice", 1)});
    SkillRule urgent{"", "urgent", ""};
    urgent.chat_priority = 1;
    s.rules.push_back(urgent);
    return s;
}

TEST(ChatPriority, APriorityOneChatIsPulledBeforeAnOlderPriorityTenOne) {
    Desk desk{urgent_desk(Mode::queue)};
    desk.online("Alice");
    desk.visitor_writes("old", "hello");
    desk.wait(seconds{30});
    const auto fx = desk.visitor_writes("new", "urgent: my order is wrong");
    const std::vector<std::string> told{"Hi! Someone will be with you shortly.",
                                        "You are number 1 in the queue."};
    EXPECT_EQ(Desk::told(fx, "new"), told);
    EXPECT_EQ(desk.wg.conversation_of("new")->priority, 1);
    desk.types("Alice", "next");
    EXPECT_EQ(desk.holder("new"), "Alice");
    EXPECT_EQ(desk.holder("old"), "");
}

TEST(ChatPriority, TheOlderChatIsToldItMovedDown) {
    Desk desk{urgent_desk(Mode::queue)};
    desk.online("Alice");
    desk.visitor_writes("old", "hello");
    desk.wait(seconds{30});
    const auto fx = desk.visitor_writes("new", "urgent");
    EXPECT_EQ(Desk::told(fx, "old"), std::vector<std::string>{"You are number 2 in the queue."});
}

TEST(ChatPriority, QueueFiguresStillNameTheOldestWaitingChat) {
    Desk desk{urgent_desk(Mode::queue)};
    desk.online("Alice");
    const Time first = desk.now.at;
    desk.visitor_writes("old", "hello");
    desk.wait(seconds{30});
    desk.visitor_writes("new", "urgent");
    EXPECT_EQ(desk.wg.figures().count, 2u);
    EXPECT_EQ(desk.wg.figures().oldest, first);
}

TEST(ChatPriority, ListInBroadcastShowsThePriorityChatFirst) {
    Desk desk{urgent_desk(Mode::broadcast)};
    desk.online("Alice");
    desk.visitor_writes("old", "hello");
    desk.visitor_writes("new", "urgent help");
    const std::string list = Desk::reply(desk.types("Alice", "list"));
    EXPECT_LT(list.find("urgent help"), list.find("hello")) << list;
}

TEST(ChatPriority, InAnAutoModeTheFreedAgentGetsThePriorityChatFirst) {
    Desk desk{urgent_desk(Mode::round_robin)};
    desk.online("Alice");
    desk.visitor_writes("first", "hello");  // Alice's only seat
    desk.visitor_writes("old", "hello");
    desk.visitor_writes("new", "urgent");
    desk.writes("Alice", desk.chat("first"), "hi");
    EXPECT_EQ(desk.assigned(desk.writes("Alice", desk.chat("first"), "close")),
              std::vector<std::string>{"Alice"});
    EXPECT_EQ(desk.holder("new"), "Alice");
}

TEST(ChatPriority, AMenuAnswerSetsThePriorityAndTheSmallestNumberWins) {
    auto s = urgent_desk(Mode::queue);
    MenuOption refund{"Refund", ""};
    refund.chat_priority = 5;
    s.menu = Menu{"What service do you need?", {refund, {"Other", ""}}};
    Desk desk{s};
    desk.online("Alice");
    desk.visitor_writes("a", "hello");
    desk.visitor_writes("a", "1");
    EXPECT_EQ(desk.wg.conversation_of("a")->priority, 5);
    desk.visitor_writes("b", "urgent");
    desk.visitor_writes("b", "Refund");
    EXPECT_EQ(desk.wg.conversation_of("b")->priority, 1);
    desk.visitor_writes("c", "hello");
    desk.visitor_writes("c", "2");
    EXPECT_EQ(desk.wg.conversation_of("c")->priority, kDefaultChatPriority);
}

TEST(ChatPriority, ARequeuedChatGoesFirstAmongItsPriorityOnly) {
    auto s = urgent_desk(Mode::queue);
    s.agents.push_back(agent("Bob", 1));
    s.offline_grace = seconds{0};
    Desk d{s};
    d.online("Alice");
    d.online("Bob");
    d.visitor_writes("served", "hello");
    d.types("Bob", "next");
    d.visitor_writes("urgent1", "urgent");
    d.visitor_writes("plain", "hello");
    d.offline("Bob");  // "served" goes back: behind the urgent chat, before "plain"
    ASSERT_EQ(d.holder("served"), "") << "back in the queue";
    d.types("Alice", "next");
    EXPECT_EQ(d.holder("urgent1"), "Alice");
    d.online("Bob");
    d.types("Bob", "next");
    EXPECT_EQ(d.holder("served"), "Bob");
    EXPECT_EQ(d.holder("plain"), "");
}

TEST(ChatPriority, ARestartKeepsTheOrder) {
    Desk before{urgent_desk(Mode::queue)};
    before.online("Alice");
    before.visitor_writes("old", "hello");
    before.visitor_writes("new", "urgent");
    Desk after{urgent_desk(Mode::queue)};
    after.now = before.now;
    after.wg.restore(before.wg.snapshot());
    after.online("Alice");
    after.types("Alice", "next");
    EXPECT_EQ(after.holder("new"), "Alice");
}

// --- overflow -------------------------------------------------------------------------

WorkgroupSettings overflowing(Mode mode) {
    auto s = workgroup(mode, {agent("Alice")});
    s.overflow = "sales";
    s.overflow_after = minutes{3};
    return s;
}

WorkgroupSettings sales(Mode mode) {
    auto s = workgroup(mode, {agent("Sam", 1)});
    s.name = "sales";
    return s;
}

/// Carries out the overflows in `fx` as the component does: Adopt there, then Moved here.
Effects overflow(Desk& from, Desk& to, const Effects& fx) {
    Effects out;
    for (const auto& o : all<Overflow>(fx)) {
        const Conversation copy = *from.wg.conversation(o.conversation);
        out = to.wg.handle(Adopt{&copy, from.wg.settings().name}, to.now);
        const Conversation* there = to.wg.conversation_of(copy.visitor);
        if (there != nullptr && !there->via.empty()) {
            from.wg.handle(Moved{o.conversation, o.to}, from.now);
        }
    }
    return out;
}

TEST(Overflow, AChatStillWaitingAfterThreeMinutesMovesToSales) {
    Desk support{overflowing(Mode::queue)};
    Desk sale{sales(Mode::round_robin)};
    support.online("Alice");
    sale.online("Sam");
    support.visitor_writes("v", "hello");
    support.visitor_writes("v", "anyone?");
    EXPECT_TRUE(all<Overflow>(support.wait(seconds{179})).empty());
    sale.now = Now::at_offset(support.now.at + seconds{1});
    const auto fx = support.wait(seconds{1});
    ASSERT_EQ(all<Overflow>(fx).size(), 1u);
    EXPECT_EQ(all<Overflow>(fx)[0].to, "sales");
    const auto there = overflow(support, sale, fx);
    // Sam gets it with both lines; support has it no more.
    EXPECT_EQ(sale.assigned(there), std::vector<std::string>{"Sam"});
    ASSERT_EQ(all<Assign>(there)[0].backlog.size(), 2u);
    EXPECT_EQ(all<Assign>(there)[0].backlog[1].body, "anyone?");
    EXPECT_EQ(support.wg.conversation_of("v"), nullptr);
    EXPECT_EQ(sale.wg.conversation_of("v")->via, "support");
    EXPECT_EQ(support.wg.missed_today(), 0u);
}

TEST(Overflow, TheMovedChatKeepsItsPlaceByArrivalAndTheVisitorHearsOnlyTheNewPosition) {
    Desk support{overflowing(Mode::queue)};
    Desk sale{sales(Mode::queue)};
    sale.online("Sam");
    support.online("Alice");
    support.visitor_writes("early", "hello");  // arrives at 10:00
    sale.now = Now::at_offset(support.now.at + minutes{1});
    sale.visitor_writes("s1", "hi");  // 10:01 in sales
    sale.now = Now::at_offset(support.now.at + minutes{4});
    sale.visitor_writes("s2", "hi");  // 10:04 in sales
    const auto fx = support.wait(minutes{3});
    sale.now = support.now;
    const auto there = overflow(support, sale, fx);
    EXPECT_EQ(Desk::told(there, "early"),
              std::vector<std::string>{"You are number 1 in the queue."});
    sale.types("Sam", "next");
    EXPECT_EQ(sale.holder("early"), "Sam");
}

TEST(Overflow, AgentsToldAboutTheChatHearWhereItWent) {
    Desk support{overflowing(Mode::broadcast)};
    Desk sale{sales(Mode::broadcast)};
    support.online("Alice");
    sale.online("Sam");
    support.visitor_writes("v", "hello");
    const auto fx = support.wait(minutes{3});
    sale.now = support.now;
    Effects moved;
    for (const auto& o : all<Overflow>(fx)) {
        const Conversation copy = *support.wg.conversation(o.conversation);
        EXPECT_EQ(notified(sale, sale.wg.handle(Adopt{&copy, "support"}, sale.now)),
                  (std::vector<std::vector<std::string>>{{"Sam"}}));
        moved = support.wg.handle(Moved{o.conversation, o.to}, support.now);
    }
    ASSERT_EQ(all<Revoke>(moved).size(), 1u);
    EXPECT_EQ(all<Revoke>(moved)[0].text, "Chat 1 waited too long and moved to sales.");
    EXPECT_EQ(all<Closed>(moved).at(0).reason, CloseReason::overflowed);
    EXPECT_TRUE(Desk::told(moved, "v").empty());
}

TEST(Overflow, AClosedTargetLeavesTheChatWhereItIsAndItIsNotAskedAgain) {
    Desk support{overflowing(Mode::queue)};
    Desk sale{sales(Mode::queue)};  // Sam is not online: sales is closed
    support.online("Alice");
    support.visitor_writes("v", "hello");
    const auto fx = support.wait(minutes{3});
    sale.now = support.now;
    overflow(support, sale, fx);
    EXPECT_EQ(sale.wg.conversation_of("v"), nullptr);
    EXPECT_NE(support.wg.conversation_of("v"), nullptr);
    EXPECT_TRUE(all<Overflow>(support.wait(minutes{3})).empty());
}

TEST(Overflow, ChatsOfTheTargetWorkgroupItselfDoNotOverflowBackWithoutTheKey) {
    Desk sale{sales(Mode::queue)};
    sale.online("Sam");
    sale.visitor_writes("v", "hello");
    EXPECT_TRUE(all<Overflow>(sale.wait(minutes{10})).empty());
}

TEST(Overflow, TheTargetsRulesGiveTheSkillsAndTheStickyAgentIsPreferred) {
    Desk support{overflowing(Mode::queue)};
    auto s = workgroup(Mode::round_robin, {agent("Sam"), speaks(agent("Dora"), {"de"})});
    s.name = "sales";
    s.rules.push_back(SkillRule{"de", "", "de"});
    Desk sale{s};
    support.online("Alice");
    sale.online("Sam");
    sale.online("Dora");
    support.visitor_writes("hans", "Guten Tag", "de");
    const auto fx = support.wait(minutes{3});
    sale.now = support.now;
    EXPECT_EQ(sale.assigned(overflow(support, sale, fx)), std::vector<std::string>{"Dora"});
}

// --- adaptive mode --------------------------------------------------------------------

WorkgroupSettings adaptive() {
    auto s = workgroup(Mode::broadcast, {agent("Alice"), agent("Bob")});
    s.adaptive_queue_above = 4;
    s.max_queue = 20;
    return s;
}

std::vector<std::string> tells(const Effects& fx, AgentNotice notice) {
    std::vector<std::string> out;
    for (const auto& t : all<TellAgent>(fx)) {
        if (t.notice == notice) {
            out.push_back(t.text);
        }
    }
    return out;
}

TEST(Adaptive, SwitchesToQueueAboveTheThresholdAndBackAtHalf) {
    Desk desk{adaptive()};
    desk.online("Alice");
    desk.online("Bob");
    for (int i = 1; i <= 4; ++i) {
        const auto fx = desk.visitor_writes("v" + std::to_string(i), "hello");
        EXPECT_EQ(all<Notify>(fx).size(), 1u) << i;
        EXPECT_TRUE(tells(fx, AgentNotice::now_queue).empty());
    }
    // The fifth is one too many: it is not announced, and each agent is told once.
    auto fx = desk.visitor_writes("v5", "hello");
    EXPECT_TRUE(all<Notify>(fx).empty());
    EXPECT_EQ(tells(fx, AgentNotice::now_queue).size(), 2u);
    EXPECT_EQ(desk.wg.mode(), Mode::queue);
    fx = desk.visitor_writes("v6", "hello");
    EXPECT_TRUE(all<Notify>(fx).empty());
    EXPECT_TRUE(tells(fx, AgentNotice::now_queue).empty());
    EXPECT_EQ(Desk::reply(desk.types("Alice", "list")).find("hello"), std::string::npos);
    // Pulled with next, oldest first, down to 3 waiting: still queue; at 2 broadcast again.
    desk.types("Alice", "next");
    desk.types("Alice", "next");
    fx = desk.types("Alice", "next");
    EXPECT_TRUE(tells(fx, AgentNotice::now_broadcast).empty());
    EXPECT_EQ(desk.holder("v1"), "Alice");
    EXPECT_EQ(desk.holder("v3"), "Alice");
    fx = desk.types("Bob", "next");
    EXPECT_EQ(desk.holder("v4"), "Bob");
    EXPECT_EQ(tells(fx, AgentNotice::now_broadcast).size(), 2u);
    EXPECT_EQ(desk.wg.mode(), Mode::broadcast);
    // The two still waiting were never announced: they are now, and new chats are again.
    EXPECT_EQ(all<Notify>(fx).size(), 2u);  // v5 and v6
    EXPECT_EQ(all<Notify>(desk.visitor_writes("v7", "hello")).size(), 1u);
}

TEST(Adaptive, AChatAnnouncedBeforeTheSwitchMayStillBeTaken) {
    Desk desk{adaptive()};
    desk.online("Alice");
    for (int i = 1; i <= 5; ++i) {
        desk.visitor_writes("v" + std::to_string(i), "hello");
    }
    ASSERT_EQ(desk.wg.mode(), Mode::queue);
    desk.types("Alice", "take 2");
    EXPECT_EQ(desk.holder("v2"), "Alice");
    EXPECT_EQ(Desk::reply_kind(desk.types("Alice", "take 5")), ReplyKind::not_in_mode);
}

TEST(Adaptive, TheStateSurvivesARestart) {
    Desk before{adaptive()};
    before.online("Alice");
    for (int i = 1; i <= 5; ++i) {
        before.visitor_writes("v" + std::to_string(i), "hello");
    }
    Desk after{adaptive()};
    after.now = before.now;
    after.wg.restore(before.wg.snapshot());
    EXPECT_EQ(after.wg.mode(), Mode::queue);
    const auto fx = after.online("Alice");
    EXPECT_TRUE(tells(fx, AgentNotice::now_queue).empty());
}

TEST(Adaptive, OffItIsPlainBroadcast) {
    auto s = adaptive();
    s.adaptive_queue_above = 0;
    Desk desk{s};
    desk.online("Alice");
    for (int i = 1; i <= 10; ++i) {
        EXPECT_EQ(all<Notify>(desk.visitor_writes("v" + std::to_string(i), "hello")).size(), 1u);
    }
    EXPECT_EQ(desk.wg.mode(), Mode::broadcast);
}

}  // namespace
}  // namespace routing::testing

namespace routing::testing {
namespace {

// The queue keeps serving order and positions under any mix of joins and leaves.
TEST(WaitingListOrder, PositionsMatchTheServingOrderWhateverJoinsAndLeaves) {
    std::mt19937_64 rng(7);
    std::vector<std::unique_ptr<ConversationEntry>> entries;
    WaitingList<kWorkgroupQueue> list;
    std::int64_t front = -1;
    for (int step = 0; step < 2000; ++step) {
        const auto roll = rng() % 10;
        if (roll < 6 || entries.empty()) {
            auto e = std::make_unique<ConversationEntry>();
            e->data.id = static_cast<ConversationId>(step + 1);
            e->data.priority = static_cast<int>(1 + rng() % 4) * 3;
            e->data.queue_order = roll == 0 ? front-- : static_cast<std::int64_t>(rng() % 500);
            list.insert(e.get());
            entries.push_back(std::move(e));
        } else {
            const std::size_t i = rng() % entries.size();
            list.erase(entries[i].get());
            entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(i));
        }
        ASSERT_EQ(list.size(), entries.size());
    }
    std::size_t position = 0;
    const ConversationEntry* previous = nullptr;
    for (const ConversationEntry* e = list.front(); e != nullptr; e = list.next(e)) {
        ++position;
        EXPECT_EQ(list.position(e), position);
        if (previous != nullptr) {
            EXPECT_FALSE(served_before(e->data, previous->data));
        }
        previous = e;
    }
    EXPECT_EQ(position, entries.size());
}

}  // namespace
}  // namespace routing::testing
