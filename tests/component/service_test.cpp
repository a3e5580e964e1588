// The component's answers, checked in-process: stanzas go in, replies are collected.

#include "component/service.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <variant>
#include <vector>

#include "component/adhoc.hpp"
#include "config/config.hpp"
#include "routing/texts.hpp"
#include "xmpp/component_connection.hpp"
#include "xmpp/context.hpp"
#include "xmpp/namespaces.hpp"

namespace component {
namespace {

using xmpp::Stanza;

const char* kDesk = R"(
[server]
domain = "desk.example.com"
secret = "x"

[storage]
path = ":memory:"

[workgroups.support]
mode = "round_robin"
[[workgroups.support.agents]]
jid = "alice@example.com"

[workgroups.sales]
mode = "broadcast"
[[workgroups.sales.agents]]
jid = "bob@example.com"
)";

class ServiceTest : public ::testing::Test {
  protected:
    ServiceTest() {
        auto loaded = config::load_string(kDesk, "desk.toml");
        config_ = std::get<config::Config>(loaded);
        service_ = std::make_unique<Service>(
            ctx_, config_, [this](const Stanza& s) { sent_.push_back(s); }, 1, now_);
    }

    // Lets time pass on the test's own clock (nothing here reads the machine's).
    void wait(std::chrono::milliseconds d) {
        now_.wall += d;
        now_.steady += d;
    }

    // Delivers one stanza and returns what the component sent back.
    std::vector<Stanza> deliver(const std::string& xml) {
        sent_.clear();
        Stanza in = xmpp::parse(ctx_, xml);
        EXPECT_TRUE(in) << xml;
        service_->handle(in, now_);
        service_->flush();
        return sent_;
    }

    // The one reply to `xml`; fails the test if there is not exactly one.
    Stanza only_reply(const std::string& xml) {
        auto out = deliver(xml);
        EXPECT_EQ(out.size(), 1u) << xml;
        return out.empty() ? Stanza{} : out.front();
    }

    static std::string condition(const Stanza& reply) {
        for (const auto& c : reply.child("error").children()) {
            if (c.ns() == xmpp::ns::kStanzas && c.name() != "text") {
                return std::string(c.name());
            }
        }
        return {};
    }

    xmpp::Context ctx_;
    config::Config config_;
    /// Monday 23 November 2026, 10:00 UTC, on both clocks.
    Instant now_{
        routing::Time{std::chrono::sys_days{std::chrono::year{2026} / std::chrono::November / 23} +
                      std::chrono::hours{10}},
        std::chrono::steady_clock::time_point{std::chrono::hours{1000}}};
    std::unique_ptr<Service> service_;
    std::vector<Stanza> sent_;
};

TEST_F(ServiceTest, PingToTheDomainAndToAWorkgroupGetsAResult) {
    for (const char* to : {"desk.example.com", "support@desk.example.com"}) {
        Stanza r = only_reply(std::string("<iq type='get' id='p' from='v@x.org/r' to='") + to +
                              "'><ping xmlns='urn:xmpp:ping'/></iq>");
        EXPECT_EQ(r.type(), "result") << to;
        EXPECT_EQ(r.id(), "p");
        EXPECT_EQ(r.from(), to);
        EXPECT_EQ(r.to(), "v@x.org/r");
    }
}

TEST_F(ServiceTest, DomainItemsListEveryWorkgroupInFileOrder) {
    Stanza r = only_reply(
        "<iq type='get' id='i' from='v@x.org/r' to='desk.example.com'>"
        "<query xmlns='http://jabber.org/protocol/disco#items'/></iq>");
    auto items = r.child("query", xmpp::ns::kDiscoItems).children();
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].attr("jid"), "support@desk.example.com");
    EXPECT_EQ(items[1].attr("jid"), "sales@desk.example.com");
}

TEST_F(ServiceTest, WorkgroupInfoHasTheWorkgroupIdentity) {
    Stanza r = only_reply(
        "<iq type='get' id='i' from='v@x.org/r' to='sales@desk.example.com'>"
        "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
    Stanza identity = r.child("query", xmpp::ns::kDiscoInfo).child("identity");
    EXPECT_EQ(identity.attr("category"), "collaboration");
    EXPECT_EQ(identity.attr("type"), "workgroup");
}

TEST_F(ServiceTest, VersionNamesSwitchboard) {
    Stanza r = only_reply(
        "<iq type='get' id='v' from='v@x.org/r' to='desk.example.com'>"
        "<query xmlns='jabber:iq:version'/></iq>");
    EXPECT_EQ(r.child("query", xmpp::ns::kVersion).child("name").text(), "Switchboard");
}

TEST_F(ServiceTest, EveryOtherGetOrSetGetsAnError) {
    EXPECT_EQ(condition(only_reply("<iq type='set' id='s' from='v@x.org/r' to='desk.example.com'>"
                                   "<query xmlns='jabber:iq:roster'/></iq>")),
              "service-unavailable");
    EXPECT_EQ(condition(only_reply("<iq type='get' id='s' from='v@x.org/r' "
                                   "to='ghost@desk.example.com'><ping xmlns='urn:xmpp:ping'/>"
                                   "</iq>")),
              "service-unavailable");
    EXPECT_EQ(condition(only_reply("<iq type='get' id='s' from='v@x.org/r' "
                                   "to='desk.example.com'/>")),
              "bad-request");
    EXPECT_EQ(condition(only_reply("<iq type='get' id='s' from='v@x.org/r' "
                                   "to='desk.example.com'><a xmlns='u:a'/><b xmlns='u:b'/></iq>")),
              "bad-request");
    EXPECT_EQ(condition(only_reply("<iq type='get' id='s' from='v@x.org/r' to='elsewhere.org'>"
                                   "<ping xmlns='urn:xmpp:ping'/></iq>")),
              "jid-malformed");
}

TEST_F(ServiceTest, ResultsAndErrorsAreNeverAnswered) {
    EXPECT_TRUE(
        deliver("<iq type='result' id='r' from='v@x.org/r' to='desk.example.com'/>").empty());
    EXPECT_TRUE(
        deliver("<iq type='error' id='r' from='v@x.org/r' to='desk.example.com'/>").empty());
    EXPECT_TRUE(
        deliver("<message type='error' from='v@x.org/r' to='support@desk.example.com'/>").empty());
    EXPECT_TRUE(
        deliver("<presence type='error' from='v@x.org/r' to='support@desk.example.com'/>").empty());
}

TEST_F(ServiceTest, AWidgetsDirectedPresenceIsAnsweredWithTheWorkgroupsAvailability) {
    // No agent online: the workgroup is closed.
    Stanza p = only_reply("<presence from='v@anon.example.com/w' to='support@desk.example.com'/>");
    EXPECT_EQ(p.name(), "presence");
    EXPECT_EQ(p.from(), "support@desk.example.com");
    EXPECT_EQ(p.to(), "v@anon.example.com/w");
    EXPECT_EQ(p.type(), "unavailable");
    EXPECT_EQ(p.child("status").text(), "We are offline right now.");
    Stanza queue = p.child("notify-queue", xmpp::ns::kWorkgroup);
    EXPECT_EQ(queue.child("count").text(), "0");
    EXPECT_EQ(queue.child("status").text(), "closed");
}

TEST_F(ServiceTest, TheWidgetIsToldWhenAnAgentComesOnline) {
    deliver("<presence from='v@anon.example.com/w' to='support@desk.example.com'/>");
    deliver("<presence from='alice@example.com/phone' to='support@desk.example.com'/>");
    sent_.clear();
    wait(Service::kPresenceInterval);
    service_->tick(now_);
    ASSERT_EQ(sent_.size(), 1u);
    EXPECT_EQ(sent_[0].to(), "v@anon.example.com/w");
    EXPECT_EQ(sent_[0].type(), "");
    EXPECT_EQ(sent_[0].child("show").text(), "chat");
}

TEST_F(ServiceTest, AnAgentsServerProbingTheDomainDoesNotMakeTheAgentOnline) {
    // RFC 6121 4.3: an agent with the domain in their roster has their server probe it.
    EXPECT_TRUE(deliver("<presence type='probe' from='alice@example.com' "
                        "to='desk.example.com'/>")
                    .empty());
    deliver("<presence type='subscribe' from='alice@example.com' to='desk.example.com'/>");
    Stanza p = only_reply("<presence from='v@anon.example.com/w' to='support@desk.example.com'/>");
    EXPECT_EQ(p.type(), "unavailable") << "Alice never said she is available";
    deliver("<presence from='alice@example.com/phone' to='desk.example.com'/>");
    EXPECT_EQ(only_reply("<presence type='probe' from='v@anon.example.com/w' "
                         "to='support@desk.example.com'/>")
                  .child("show")
                  .text(),
              "chat")
        << "directed available presence to the domain counts";
}

TEST_F(ServiceTest, ProbesAreAnsweredAndSubscriptionsApproved) {
    Stanza p = only_reply("<presence type='probe' from='w@x.org/r' to='sales@desk.example.com'/>");
    EXPECT_EQ(p.to(), "w@x.org/r");
    EXPECT_EQ(p.type(), "unavailable");
    auto out = deliver("<presence type='subscribe' from='w@x.org/r' to='sales@desk.example.com'/>");
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].type(), "subscribed");
    EXPECT_EQ(out[0].to(), "w@x.org");
    EXPECT_EQ(out[1].type(), "unavailable");
}

TEST_F(ServiceTest, OnConnectEveryAgentIsAskedForAPresenceSubscription) {
    sent_.clear();
    service_->on_online(now_);
    service_->flush();
    std::vector<std::string> asked;
    for (const auto& s : sent_) {
        if (s.type() == "subscribe") {
            asked.push_back(std::string(s.from()) + " -> " + std::string(s.to()));
        }
    }
    EXPECT_EQ(asked, (std::vector<std::string>{"support@desk.example.com -> alice@example.com",
                                               "sales@desk.example.com -> bob@example.com"}));
}

TEST_F(ServiceTest, SubscribingToAnAddressThatDoesNotExistIsRefused) {
    Stanza p = only_reply(
        "<presence type='subscribe' from='w@x.org/r' "
        "to='ghost@desk.example.com'/>");
    EXPECT_EQ(p.type(), "unsubscribed");
    EXPECT_EQ(p.from(), "ghost@desk.example.com");
    EXPECT_EQ(p.to(), "w@x.org");
    EXPECT_TRUE(deliver("<presence type='unsubscribed' from='w@x.org/r' "
                        "to='ghost@desk.example.com'/>")
                    .empty())
        << "never answer an answer";
}

TEST_F(ServiceTest, ANonAgentWritingIntoAConversationIsForbidden) {
    Stanza r = only_reply(
        "<message type='chat' from='mallory@x.org/r' "
        "to='support.1@desk.example.com'><body>hi</body></message>");
    EXPECT_EQ(condition(r), "forbidden");
}

TEST_F(ServiceTest, BadAddressesGetTheRightErrorOrNothing) {
    // A message without a sender cannot be answered; one to a stranger's address gets
    // service-unavailable; a groupchat to a workgroup's room from someone not in it is
    // not acceptable (XEP-0045 §7.4).
    EXPECT_TRUE(deliver("<message type='chat' to='support@desk.example.com'><body>x</body>"
                        "</message>")
                    .empty());
    EXPECT_TRUE(deliver("<iq type='get' id='n' to='desk.example.com'>"
                        "<ping xmlns='urn:xmpp:ping'/></iq>")
                    .empty());
    EXPECT_EQ(condition(only_reply("<message type='chat' from='v@x.org/r' "
                                   "to='ghost@desk.example.com'><body>x</body></message>")),
              "service-unavailable");
    EXPECT_EQ(condition(only_reply("<message type='groupchat' from='v@x.org/r' "
                                   "to='support@desk.example.com'><body>x</body></message>")),
              "not-acceptable");
    EXPECT_TRUE(deliver("<message type='headline' from='v@x.org/r' "
                        "to='support@desk.example.com'><body>x</body></message>")
                    .empty());
    EXPECT_TRUE(deliver("<presence from='bad jid@x.org' to='support@desk.example.com'/>").empty());
    EXPECT_TRUE(deliver("<foo xmlns='urn:unknown'/>").empty());
}

TEST_F(ServiceTest, DeeplyNestedAndUnknownPayloadsAreHarmless) {
    std::string deep = "<message type='chat' from='v@x.org/r' to='support@desk.example.com'>";
    for (int i = 0; i < 500; ++i) {
        deep += "<x xmlns='urn:deep'>";
    }
    for (int i = 0; i < 500; ++i) {
        deep += "</x>";
    }
    deep += "</message>";
    EXPECT_TRUE(deliver(deep).empty()) << "no body, no chat state: nothing to do";
    const auto replies = deliver(
        "<iq type='get' id='q' from='v@x.org/r' to='support@desk.example.com'>"
        "<query xmlns='urn:unknown:ns'><a><b/></a></query></iq>");
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_EQ(condition(replies[0]), "service-unavailable");
}

TEST_F(ServiceTest, AVisitorWhoFloodsIsToldToSlowDown) {
    int refused = 0;
    for (int i = 0; i < 40; ++i) {
        for (const auto& r : deliver("<message type='chat' from='fast@x.org/r' "
                                     "to='support@desk.example.com'><body>spam</body>"
                                     "</message>")) {
            if (r.type() == "error" && condition(r) == "policy-violation") {
                ++refused;
            }
        }
    }
    EXPECT_GE(refused, 40 - 20 - 2) << "a burst of 20, then 5 per second";
}

TEST_F(ServiceTest, AVisitorMayNotOpenMoreChatsThanTheLimit) {
    auto loaded = config::load_string(
        std::string(kDesk) + "\n[limits]\nconversations_per_visitor = 1\n", "desk.toml");
    config_ = std::get<config::Config>(loaded);
    service_ = std::make_unique<Service>(
        ctx_, config_, [this](const Stanza& s) { sent_.push_back(s); }, 1, now_);
    deliver("<presence from='alice@example.com/a' to='support@desk.example.com'/>");
    deliver("<presence from='bob@example.com/b' to='sales@desk.example.com'/>");
    deliver(
        "<message type='chat' from='v@x.org/r' to='support@desk.example.com'>"
        "<body>first</body></message>");
    const auto replies = deliver(
        "<message type='chat' from='v@x.org/r' "
        "to='sales@desk.example.com'><body>second</body></message>");
    ASSERT_FALSE(replies.empty());
    EXPECT_EQ(condition(replies[0]), "policy-violation");
    for (const auto& r : replies) {
        EXPECT_NE(r.to(), "bob@example.com") << "the second chat must not reach an agent";
    }
}

// Issue 10, items 2 and 3: widgets whose unavailable never comes, and presence floods.

std::string widget_presence(const std::string& widget, const std::string& type = "") {
    return "<presence from='" + widget + "' to='support@desk.example.com'" +
           (type.empty() ? std::string{} : " type='" + type + "'") + "/>";
}

// The widgets (full JIDs at anon.example.com) a push of the support workgroup reached.
std::vector<std::string> widgets_pushed_to(const std::vector<Stanza>& sent) {
    std::vector<std::string> out;
    for (const auto& s : sent) {
        if (s.name() == "presence" && s.from() == "support@desk.example.com" &&
            s.to().find("@anon.example.com/") != std::string::npos) {
            out.emplace_back(s.to());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

// The widgets the store keeps for a workgroup, sorted.
std::vector<std::string> stored_widgets(Store& store, const routing::WorkgroupSettings& wg) {
    auto directed = store.load(wg)->directed;
    std::sort(directed.begin(), directed.end());
    return directed;
}

TEST_F(ServiceTest, AWidgetWhosePresenceBouncesIsPushedToNoMoreAndForgotten) {
    deliver(widget_presence("gone@anon.example.com/w"));
    deliver(widget_presence("here@anon.example.com/w"));
    EXPECT_TRUE(deliver("<presence type='error' from='gone@anon.example.com/w' "
                        "to='support@desk.example.com'><error type='cancel'>"
                        "<remote-server-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                        "</error></presence>")
                    .empty())
        << "an error is never answered";
    EXPECT_EQ(stored_widgets(service_->store(), config_.workgroups[0]),
              std::vector<std::string>{"here@anon.example.com/w"});
    deliver("<presence from='alice@example.com/phone' to='support@desk.example.com'/>");
    sent_.clear();
    wait(Service::kPresenceInterval);
    service_->tick(now_);
    EXPECT_EQ(widgets_pushed_to(sent_), std::vector<std::string>{"here@anon.example.com/w"});
}

TEST_F(ServiceTest, AWidgetSilentForADayIsForgottenOneThatPingsOrWritesIsNot) {
    for (const char* w : {"silent", "pings", "writes", "again"}) {
        deliver(widget_presence(std::string(w) + "@anon.example.com/w"));
    }
    wait(std::chrono::hours{20});
    deliver(
        "<iq type='get' id='p' from='pings@anon.example.com/w' to='support@desk.example.com'>"
        "<ping xmlns='urn:xmpp:ping'/></iq>");
    deliver(
        "<message type='chat' from='writes@anon.example.com/w' to='support@desk.example.com'>"
        "<body>anyone?</body></message>");
    deliver(widget_presence("again@anon.example.com/w"));
    wait(std::chrono::hours{4});
    service_->tick(now_);
    EXPECT_EQ(stored_widgets(service_->store(), config_.workgroups[0]).size(), 4u)
        << "a day has not passed yet";
    wait(std::chrono::seconds{1});
    service_->tick(now_);
    const std::vector<std::string> alive{"again@anon.example.com/w", "pings@anon.example.com/w",
                                         "writes@anon.example.com/w"};
    EXPECT_EQ(stored_widgets(service_->store(), config_.workgroups[0]), alive);
    deliver("<presence from='alice@example.com/phone' to='support@desk.example.com'/>");
    sent_.clear();
    wait(Service::kPresenceInterval);
    service_->tick(now_);
    EXPECT_EQ(widgets_pushed_to(sent_), alive);
}

TEST_F(ServiceTest, AtMostTenThousandWidgetsAreKeptAndAPushToThemIsSpreadOverTurns) {
    const std::size_t cap = PresenceAudience::kMaxDirected;
    for (std::size_t i = 0; i <= cap; ++i) {
        wait(std::chrono::milliseconds{1});
        deliver(widget_presence("w" + std::to_string(i) + "@anon.example.com/w"));
    }
    const auto directed = stored_widgets(service_->store(), config_.workgroups[0]);
    EXPECT_EQ(directed.size(), cap);
    EXPECT_EQ(std::count(directed.begin(), directed.end(), "w0@anon.example.com/w"), 0)
        << "the one silent longest made room";

    deliver("<presence from='alice@example.com/phone' to='support@desk.example.com'/>");
    sent_.clear();
    wait(Service::kPresenceInterval);
    std::vector<std::string> reached;
    int turns = 0;
    do {
        sent_.clear();
        service_->tick(now_);
        const auto pushed = widgets_pushed_to(sent_);
        EXPECT_LE(pushed.size(), AvailabilityPublisher::kPushBatch) << "turn " << turns;
        reached.insert(reached.end(), pushed.begin(), pushed.end());
        wait(std::chrono::milliseconds{50});
    } while (!sent_.empty() && ++turns < 100);
    std::sort(reached.begin(), reached.end());
    EXPECT_EQ(reached, directed) << "each widget once, in " << turns << " turns";
}

TEST_F(ServiceTest, AVisitorTogglingPresenceIsHeldToTheRateAndAnsweredWithNoErrors) {
    deliver("<presence from='alice@example.com/phone' to='support@desk.example.com'/>");
    deliver(
        "<message type='chat' from='v@anon.example.com/w' to='support@desk.example.com'>"
        "<body>hello</body></message>");
    deliver(
        "<message type='chat' from='alice@example.com/phone' to='support.1@desk.example.com'>"
        "<body>Hi, Alice here</body></message>");
    std::size_t answers = 0;
    std::size_t to_alice = 0;
    for (int i = 0; i < 500; ++i) {
        wait(std::chrono::milliseconds{1});
        for (const auto& r :
             deliver(widget_presence("v@anon.example.com/w", i % 2 == 0 ? "unavailable" : ""))) {
            EXPECT_NE(r.type(), "error") << r.to_string();
            answers += r.to() == "v@anon.example.com/w" ? 1 : 0;
            to_alice += r.to().rfind("alice@example.com", 0) == 0 ? 1 : 0;
        }
    }
    // A burst of 20, then 5 per second: half of them available presence, each answered.
    EXPECT_LE(answers, 12u);
    EXPECT_EQ(to_alice, 0u) << "the visitor came back each time before the grace ran out: "
                               "no line, and the conversation's presence never flapped";
    wait(std::chrono::seconds{10});
    deliver(widget_presence("v@anon.example.com/w", "unavailable"));
    sent_.clear();
    wait(std::chrono::seconds{30});
    service_->tick(now_);
    ASSERT_EQ(sent_.size(), 2u);
    EXPECT_EQ(sent_[0].to(), "alice@example.com");
    EXPECT_NE(sent_[0].child("body").text().find("left"), std::string::npos);
    EXPECT_EQ(sent_[1].name(), "presence");
    EXPECT_EQ(sent_[1].from(), "support.1@desk.example.com/visitor");
    EXPECT_EQ(sent_[1].to(), "alice@example.com/phone");
    EXPECT_EQ(sent_[1].type(), "unavailable");
}

}  // namespace
}  // namespace component

namespace component {
namespace {

TEST_F(ServiceTest, AnAgentRunsStatusAsAnAdHocCommand) {
    deliver("<presence from='alice@example.com/a' to='support@desk.example.com'/>");
    Stanza items = only_reply(
        "<iq type='get' id='c' from='alice@example.com/a' to='support@desk.example.com'>"
        "<query xmlns='http://jabber.org/protocol/disco#items' "
        "node='http://jabber.org/protocol/commands'/></iq>");
    std::vector<std::string> nodes;
    for (const auto& item : items.child("query").children()) {
        nodes.emplace_back(item.attr("node"));
    }
    EXPECT_EQ(nodes, (std::vector<std::string>{"next", "list", "status", "close", "transfer",
                                               "history", "why", "pause", "ready", "help"}))
        << "round_robin: no take; in the order an agent uses them";
    Stanza done = only_reply(
        "<iq type='set' id='s' from='alice@example.com/a' to='support@desk.example.com'>"
        "<command xmlns='http://jabber.org/protocol/commands' node='status' "
        "action='execute'/></iq>");
    Stanza command = done.child("command", "http://jabber.org/protocol/commands");
    EXPECT_EQ(command.attr("status"), "completed");
    EXPECT_NE(command.child("note").text().find("Waiting: 0"), std::string::npos)
        << command.child("note").text();
}

TEST_F(ServiceTest, AnAdHocTakeOffersTheWaitingChatsToChooseFrom) {
    const std::string take =
        "<iq type='set' id='t' from='bob@example.com/b' to='sales@desk.example.com'>"
        "<command xmlns='http://jabber.org/protocol/commands' node='take' action='execute'/>"
        "</iq>";
    deliver("<presence from='bob@example.com/b' to='sales@desk.example.com'/>");
    Stanza none = only_reply(take).child("command", "http://jabber.org/protocol/commands");
    EXPECT_EQ(none.attr("status"), "completed") << "nothing to choose from: no form";
    EXPECT_EQ(none.child("note").text(), "No chats are waiting for you.");

    deliver(
        "<message type='chat' from='v@x.org/r' to='sales@desk.example.com'><body>Do you ship "
        "to Norway?</body><nick xmlns='http://jabber.org/protocol/nick'>Nora</nick></message>");
    Stanza command = only_reply(take).child("command", "http://jabber.org/protocol/commands");
    EXPECT_EQ(command.attr("status"), "executing");
    Stanza field = command.child("x", "jabber:x:data").child("field");
    EXPECT_EQ(field.attr("var"), "id");
    EXPECT_EQ(field.attr("type"), "list-single");
    Stanza option = field.child("option");
    EXPECT_EQ(option.attr("label"), "1 Nora: \"Do you ship to Norway?\"");
    EXPECT_EQ(option.child("value").text(), "1");
    EXPECT_EQ(field.child("value").text(), "1") << "the only chat is chosen already";

    auto out = deliver(
        "<iq type='set' id='t2' from='bob@example.com/b' to='sales@desk.example.com'>"
        "<command xmlns='http://jabber.org/protocol/commands' node='take' sessionid='take'>"
        "<x xmlns='jabber:x:data' type='submit'><field var='id'><value>7</value></field></x>"
        "</command></iq>");
    ASSERT_EQ(out.size(), 1u) << "the refusal is the note, not a chat message";
    EXPECT_EQ(out[0].child("command", "http://jabber.org/protocol/commands").attr("status"),
              "completed");
}

TEST(AdhocNote, ReadsRightInAFormWithoutHintsOnWhatToType) {
    EXPECT_EQ(form_note("Chat 4 is yours now. Type close 4 when done."), "Chat 4 is yours now.");
    EXPECT_EQ(form_note("Paused: you will get no new chats. Type ready to resume."),
              "Paused: you will get no new chats.");
    EXPECT_EQ(form_note("You have 0 of 3 chats, paused (type ready to resume). Waiting: 0."),
              "You have 0 of 3 chats, paused. Waiting: 0.");
    EXPECT_EQ(form_note("Waiting chats:\n4 Nora: \"Hi\" (take 4)\nMissed today: 0."),
              "Waiting chats:\n4 Nora: \"Hi\"\nMissed today: 0.");
}

TEST_F(ServiceTest, OnlyAgentsMayRunAdHocCommands) {
    EXPECT_EQ(condition(only_reply("<iq type='set' id='x' from='v@x.org/r' "
                                   "to='support@desk.example.com'><command "
                                   "xmlns='http://jabber.org/protocol/commands' node='next' "
                                   "action='execute'/></iq>")),
              "forbidden");
}

TEST_F(ServiceTest, AVisitorLineInAnOwnedChatWritesItselfNotTheWholeConversation) {
    deliver("<presence from='alice@example.com/a' to='support@desk.example.com'/>");
    deliver(
        "<message type='chat' from='v@x.org/r' to='support@desk.example.com'>"
        "<body>hello</body></message>");
    deliver(
        "<message type='chat' from='alice@example.com/a' to='support.1@desk.example.com'>"
        "<body>Hi, Alice here</body></message>");
    const std::string line(1000, 'x');
    const auto before = service_->store().bytes_written();
    for (int i = 0; i < 100; ++i) {
        wait(std::chrono::milliseconds{250});  // within the visitor's rate limit
        const auto replies =
            deliver("<message type='chat' from='v@x.org/r' to='support@desk.example.com'><body>" +
                    line + "</body></message>");
        ASSERT_EQ(replies.size(), 1u);
        ASSERT_EQ(replies[0].to(), "alice@example.com");
    }
    // 100 KB of text: each line is one transcript row, never the growing conversation
    // again (that was 100 * 101 / 2 KB = 5 MB).
    const auto written = service_->store().bytes_written() - before;
    EXPECT_GT(written, 100u * 1000u);
    EXPECT_LT(written, 2u * 100u * 1000u) << written << " bytes written for 100 KB of text";
}

TEST_F(ServiceTest, NothingIsAnnouncedThatCouldNotBeSavedAndServiceResumesWithTheDisk) {
    deliver("<presence from='alice@example.com/a' to='support@desk.example.com'/>");
    deliver(
        "<message type='chat' from='v1@x.org/r' to='support@desk.example.com'>"
        "<body>first</body></message>");

    service_->store().pretend_full(true);
    const std::string big(8000, 'b');
    const std::string second =
        "<message type='chat' id='m2' from='v2@x.org/r' to='support@desk.example.com'><body>" +
        big + "</body></message>";
    // Only the visitor's error, and each workgroup asking its agents for presence again:
    // no welcome, no offer to Alice.
    std::vector<Stanza> errors;
    for (const auto& s : deliver(second)) {
        if (s.name() == "presence") {
            EXPECT_EQ(s.type(), "subscribe") << s.to_string();
        } else {
            errors.push_back(s);
        }
    }
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].to(), "v2@x.org/r");
    EXPECT_EQ(errors[0].type(), "error");
    EXPECT_EQ(errors[0].child("error").attr("type"), "wait");
    EXPECT_EQ(condition(errors[0]), "resource-constraint");

    // The chat was never announced, so it does not exist: the disk back, the same line
    // opens chat 2 (not 3), offered to Alice, as if the first try had never happened.
    service_->store().pretend_full(false);
    bool offered = false;
    for (const auto& s : deliver(second)) {
        offered = offered ||
                  (s.to() == "alice@example.com" && s.child("body").text().find("Chat 2 ") == 0);
    }
    EXPECT_TRUE(offered);
    EXPECT_EQ(service_->store().transcript("support", 2).size(), 1u);
}

TEST_F(ServiceTest, AWaitingVisitorBeyondTheBacklogIsToldToWait) {
    deliver("<presence from='bob@example.com/b' to='sales@desk.example.com'/>");
    const std::string line =
        "<message type='chat' from='v@x.org/r' to='sales@desk.example.com'><body>" +
        std::string(2000, 'w') + "</body></message>";
    for (int i = 0; i < 32; ++i) {  // 64,000 bytes wait for someone to take the chat
        wait(std::chrono::milliseconds{250});
        for (const auto& reply : deliver(line)) {
            ASSERT_NE(reply.type(), "error") << i << ": " << reply.to_string();
        }
    }
    wait(std::chrono::milliseconds{250});
    const Stanza refused = only_reply(line);
    EXPECT_EQ(refused.type(), "error");
    EXPECT_EQ(refused.child("error").attr("type"), "wait");
    EXPECT_EQ(condition(refused), "resource-constraint");
    EXPECT_NE(refused.child("error").child("text").text().find("wait until one answers"),
              std::string::npos);
}

TEST_F(ServiceTest, AWaitingVisitorsLinesAreRowsAndComeBackAfterARestart) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("switchboard-service-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::string toml = kDesk;
    toml.replace(toml.find("\":memory:\""), 10, "\"" + (dir / "state.db").string() + "\"");
    auto loaded = config::load_string(toml, "desk.toml");
    ASSERT_TRUE(std::holds_alternative<config::Config>(loaded))
        << config::to_string(std::get<std::vector<config::Error>>(loaded).at(0));
    config_ = std::get<config::Config>(loaded);
    auto start = [&] {
        service_.reset();  // the old process is gone before the new one opens the file
        service_ = std::make_unique<Service>(
            ctx_, config_, [this](const Stanza& s) { sent_.push_back(s); }, 1, now_);
    };
    start();
    // Broadcast, and Bob takes nothing yet: every line waits in the backlog.
    deliver("<presence from='bob@example.com/b' to='sales@desk.example.com'/>");
    const auto before = service_->store().bytes_written();
    for (int i = 0; i < 30; ++i) {
        wait(std::chrono::milliseconds{250});
        deliver("<message type='chat' from='v@x.org/r' to='sales@desk.example.com'><body>" +
                std::to_string(100 + i) + std::string(1997, 'w') + "</body></message>");
    }
    // 60 KB of text, each line one row: rewriting the conversation with its backlog for
    // every line was 30 * 31 / 2 * 2 KB = 930 KB.
    const auto written = service_->store().bytes_written() - before;
    EXPECT_GT(written, 30u * 2000u);
    EXPECT_LT(written, 2u * 30u * 2000u) << written << " bytes written for 60 KB of text";

    start();
    deliver("<presence from='bob@example.com/b' to='sales@desk.example.com'/>");
    std::vector<std::string> got;
    for (const auto& s : deliver("<message type='chat' from='bob@example.com/b' "
                                 "to='sales@desk.example.com'><body>take 1</body></message>")) {
        const std::string body(s.child("body").text());
        if (s.to() == "bob@example.com" && body.size() == 2000) {
            got.push_back(body.substr(0, 3));
        }
    }
    ASSERT_EQ(got.size(), 30u) << "every waiting line reaches the agent after the restart";
    EXPECT_EQ(got.front(), "100");
    EXPECT_EQ(got.back(), "129");
    // Handed over: after another restart the chat has no backlog to hand over again.
    start();
    const auto stored = service_->store().load(config_.workgroups[1]);
    ASSERT_TRUE(stored);
    ASSERT_EQ(stored->state.conversations.size(), 1u);
    EXPECT_TRUE(stored->state.conversations[0].backlog.empty());
    EXPECT_EQ(service_->store().transcript("sales", 1).size(), 30u) << "the transcript keeps all";
    service_.reset();
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace component

// Issue 10, item 6: what visitors send never makes what Switchboard sends grow past the
// server's stanza limit (a larger stanza closes the component's stream, every chat cut).

namespace component {
namespace {

std::string visitor_chat(int visitor, const std::string& workgroup, const std::string& nick,
                         const std::string& body) {
    return "<message type='chat' from='v" + std::to_string(visitor) + "@anon.example.com/w' to='" +
           workgroup + "@desk.example.com'><body>" + body +
           "</body><nick xmlns='http://jabber.org/protocol/nick'>" + nick + "</nick></message>";
}

// Every chat message to `agent` in `sent`, each checked against the sizes Switchboard keeps
// to; their bodies.
std::vector<std::string> bodies_to(const std::vector<Stanza>& sent, std::string_view agent) {
    std::vector<std::string> bodies;
    for (const auto& s : sent) {
        if (s.name() == "message" && s.to() == agent) {
            bodies.push_back(s.child("body").text());
            EXPECT_LE(bodies.back().size(), Desk::kMaxAgentText);
            EXPECT_LE(s.to_string().size(), xmpp::ComponentConnection::kMaxStanzaBytes);
        }
    }
    return bodies;
}

const std::string kHugeNick(200 * 1000, 'N');
const std::string kShownNick = std::string(routing::texts::kNameChars - 1, 'N') + "\u2026";

TEST_F(ServiceTest, AHugeNickIsCutShortInEveryLineAboutTheVisitor) {
    deliver("<presence from='bob@example.com/b' to='sales@desk.example.com'/>");
    EXPECT_EQ(bodies_to(deliver(visitor_chat(1, "sales", kHugeNick, "Hello")), "bob@example.com"),
              std::vector<std::string>{"New chat 1 from " + kShownNick +
                                       ": \"Hello\". Type take 1 to answer it."});
    const auto taken = bodies_to(deliver("<message type='chat' from='bob@example.com/b' "
                                         "to='sales@desk.example.com'><body>take 1</body>"
                                         "</message>"),
                                 "bob@example.com");
    ASSERT_FALSE(taken.empty());
    EXPECT_EQ(taken.front().rfind("Chat 1 with " + kShownNick + " is yours.", 0), 0u)
        << taken.front().substr(0, 200);
    // A nick of line breaks and control characters is one line of spaces: no name at all,
    // so the visitor is named by their address.
    EXPECT_EQ(bodies_to(deliver(visitor_chat(2, "sales", "&#9;\n\n  ", "Hi")), "bob@example.com"),
              std::vector<std::string>{"New chat 2 from v2: \"Hi\". Type take 2 to answer it."});
}

TEST_F(ServiceTest, AListOfChatsWithHugeNamesAndFirstMessagesStaysWellUnderTheLimit) {
    deliver("<presence from='bob@example.com/b' to='sales@desk.example.com'/>");
    // Each first message as long as max_message allows, of the character XML escapes most.
    const std::string first(16 * 1024, '"');
    for (int v = 1; v <= 12; ++v) {
        deliver(visitor_chat(v, "sales", kHugeNick, first));
    }
    const auto list = bodies_to(deliver("<message type='chat' from='bob@example.com/b' "
                                        "to='sales@desk.example.com'><body>list</body></message>"),
                                "bob@example.com");
    ASSERT_FALSE(list.empty());
    std::string all;
    for (const auto& body : list) {
        all += body + "\n";
    }
    for (int id = 1; id <= 10; ++id) {
        EXPECT_NE(all.find(std::to_string(id) + " " + kShownNick + ": \"" +
                           std::string(routing::texts::kQuoteChars - 1, '"') + "\u2026\" (take " +
                           std::to_string(id) + ")"),
                  std::string::npos)
            << id;
    }
    EXPECT_NE(all.find("... and 2 more."), std::string::npos);
}

const char* kBusyDesk = R"(
[server]
domain = "desk.example.com"
secret = "x"

[storage]
path = ":memory:"

[limits]
conversations_per_visitor = 1

[workgroups.support]
mode = "round_robin"
[[workgroups.support.agents]]
jid = "alice@example.com"
max_chats = 5000
)";

TEST_F(ServiceTest, AnAnswerLongerThanAMessageHoldsIsSentInSeveralBetweenWords) {
    config_ = std::get<config::Config>(config::load_string(kBusyDesk, "desk.toml"));
    service_ = std::make_unique<Service>(
        ctx_, config_, [this](const Stanza& s) { sent_.push_back(s); }, 1, now_);
    deliver("<presence from='alice@example.com/a' to='support@desk.example.com'/>");
    constexpr int kChats = 3000;
    for (int v = 1; v <= kChats; ++v) {
        deliver(visitor_chat(v, "support", "V", "Hello"));
    }
    // "Which chat? ... close ID with one of: 1, 2, ..., 3000." is 18 KB: two messages.
    const auto answer =
        bodies_to(deliver("<message type='chat' from='alice@example.com/a' "
                          "to='support@desk.example.com'><body>close</body></message>"),
                  "alice@example.com");
    ASSERT_EQ(answer.size(), 2u);
    EXPECT_EQ(answer[0].rfind("Which chat?", 0), 0u);
    std::string ids = answer[0].substr(answer[0].find(": ") + 2) + " " + answer[1];
    int expected = 1;
    for (std::size_t at = 0; at < ids.size(); ++expected) {
        const std::size_t end = ids.find_first_of(",.", at);
        EXPECT_EQ(ids.substr(at, end - at), std::to_string(expected)) << "no id cut in two";
        at = end + 2;
    }
    EXPECT_EQ(expected, kChats + 1);
}

}  // namespace
}  // namespace component
