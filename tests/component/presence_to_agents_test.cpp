// The presence agents see (PRODUCT.md, "What the agent's client shows"), checked in-process:
// the workgroup's to each online resource of an agent, and each conversation JID's.

#include <gtest/gtest.h>

#include <vector>

#include "tests/component/service_harness.hpp"

namespace component {
namespace {

using xmpp::Stanza;

const char* kDesk = R"(
[workgroups.support]
mode = "queue"
visitor_grace = "0s"
[[workgroups.support.agents]]
jid = "alice@example.com"
name = "Alice"
[[workgroups.support.agents]]
jid = "bob@example.com"
name = "Bob"
)";

constexpr const char* kSupport = "support@desk.example.com";
constexpr const char* kAlicePhone = "alice@example.com/phone";
constexpr const char* kChat1 = "support.1@desk.example.com/visitor";

// One presence as the test reads it: "from -> to [type] [show=...] (status)".
std::string shown(const Stanza& p) {
    std::string out = std::string(p.from()) + " -> " + std::string(p.to());
    if (!p.type().empty()) {
        out += " " + std::string(p.type());
    }
    if (Stanza show = p.child("show")) {
        out += " show=" + show.text();
    }
    if (Stanza status = p.child("status")) {
        out += " (" + status.text() + ")";
    }
    return out;
}

// The presences among `sent` (not the subscription requests and probes to agents).
std::vector<std::string> presences(const std::vector<Stanza>& sent) {
    std::vector<std::string> out;
    for (const auto& s : sent) {
        if (s.name() == "presence" && s.type() != "subscribe" && s.type() != "probe") {
            out.push_back(shown(s));
        }
    }
    return out;
}

class PresenceToAgentsTest : public ::testing::Test {
  protected:
    std::vector<std::string> deliver(const std::string& xml) {
        return presences(desk_.deliver(xml));
    }
    // Lets `d` pass and runs a turn of the event loop: the coalesced pushes.
    std::vector<std::string> wait(std::chrono::milliseconds d) {
        return presences(desk_.tick_after(d));
    }
    std::vector<std::string> visitor_writes(const std::string& visitor) {
        return deliver("<message type='chat' from='" + visitor +
                       "' to='support@desk.example.com'><body>I need help</body></message>");
    }

    testing::ServiceHarness desk_{kDesk};
};

using Presences = std::vector<std::string>;

TEST_F(PresenceToAgentsTest, EachResourceOfAnAgentGetsTheWorkgroupOnlineOnceWithTheQueue) {
    EXPECT_EQ(deliver("<presence from='alice@example.com/phone' to='desk.example.com'/>"),
              Presences{"support@desk.example.com -> alice@example.com/phone (No chats waiting)"});
    EXPECT_EQ(deliver("<presence from='alice@example.com/phone' to='desk.example.com'>"
                      "<show>away</show></presence>"),
              Presences{})
        << "that resource has it already";
    EXPECT_EQ(deliver("<presence from='alice@example.com/laptop' to='support@desk.example.com'/>"),
              Presences{"support@desk.example.com -> alice@example.com/laptop (No chats waiting)"});
    EXPECT_EQ(deliver("<presence type='probe' from='alice@example.com' "
                      "to='support@desk.example.com'/>"),
              Presences{"support@desk.example.com -> alice@example.com (No chats waiting)"})
        << "an agent's probe gets the agents' presence, not the widgets'";
}

TEST_F(PresenceToAgentsTest, TheQueueCountIsPushedToEveryResourceCoalesced) {
    deliver("<presence from='alice@example.com/phone' to='desk.example.com'/>");
    deliver("<presence from='bob@example.com/pc' to='desk.example.com'/>");
    visitor_writes("v1@x.org/r");
    EXPECT_EQ(wait(Service::kPresenceInterval),
              (Presences{"support@desk.example.com -> alice@example.com/phone (1 waiting "
                         "\u2014 type next)",
                         "support@desk.example.com -> bob@example.com/pc (1 waiting \u2014 type "
                         "next)"}));
    visitor_writes("v2@x.org/r");
    EXPECT_EQ(wait(Service::kPresenceInterval / 4), Presences{}) << "not twice in 200 ms";
    visitor_writes("v3@x.org/r");
    EXPECT_EQ(wait(Service::kPresenceInterval),
              (Presences{"support@desk.example.com -> alice@example.com/phone (3 waiting "
                         "\u2014 type next)",
                         "support@desk.example.com -> bob@example.com/pc (3 waiting \u2014 type "
                         "next)"}));
    EXPECT_EQ(wait(Service::kPresenceInterval), Presences{}) << "nothing changed";
    deliver("<presence type='unavailable' from='bob@example.com/pc' to='desk.example.com'/>");
    deliver(
        "<message type='chat' from='alice@example.com/phone' to='support@desk.example.com'>"
        "<body>next</body></message>");
    EXPECT_EQ(wait(Service::kPresenceInterval),
              Presences{"support@desk.example.com -> alice@example.com/phone (2 waiting "
                        "\u2014 type next)"})
        << "a resource gone offline is sent nothing";
}

TEST_F(PresenceToAgentsTest, ASubscribedAgentGetsNoWidgetPresence) {
    EXPECT_EQ(deliver("<presence type='subscribe' from='alice@example.com' "
                      "to='support@desk.example.com'/>"),
              (Presences{"support@desk.example.com -> alice@example.com subscribed",
                         "support@desk.example.com -> alice@example.com (No chats waiting)"}));
    deliver("<presence from='v@anon.example.com/w' to='support@desk.example.com'/>");
    deliver("<presence from='alice@example.com/phone' to='desk.example.com'/>");
    for (const auto& p : wait(Service::kPresenceInterval)) {
        EXPECT_EQ(p.find("-> alice@example.com "), std::string::npos) << p;
    }
    desk_.sent_.clear();
    desk_.service_->shutdown();
    EXPECT_EQ(presences(desk_.sent_),
              (Presences{"support@desk.example.com -> v@anon.example.com/w unavailable "
                         "(We are offline right now.)",
                         "support@desk.example.com -> alice@example.com/phone unavailable"}));
}

TEST_F(PresenceToAgentsTest, AConversationIsAvailableToItsAgentWhileTheVisitorIsThere) {
    deliver("<presence from='alice@example.com/phone' to='desk.example.com'/>");
    deliver("<presence from='bob@example.com/pc' to='desk.example.com'/>");
    visitor_writes("v1@x.org/r");
    EXPECT_EQ(deliver("<message type='chat' from='alice@example.com/phone' "
                      "to='support@desk.example.com'><body>next</body></message>"),
              Presences{"support.1@desk.example.com/visitor -> alice@example.com/phone"});
    wait(Service::kPresenceInterval);  // the queue count, pushed
    const std::string probe = "<presence type='probe' to='support.1@desk.example.com' from='";
    EXPECT_EQ(deliver(probe + "alice@example.com/phone'/>"),
              Presences{"support.1@desk.example.com/visitor -> alice@example.com/phone"});
    EXPECT_EQ(deliver(probe + "bob@example.com/pc'/>"),
              Presences{"support.1@desk.example.com/visitor -> bob@example.com/pc unavailable"});
    EXPECT_EQ(deliver(probe + "mallory@x.org/r'/>"),
              Presences{"support.1@desk.example.com/visitor -> mallory@x.org/r unavailable"});

    // The visitor goes: unavailable once the agent hears they left; back: available.
    deliver("<presence type='unavailable' from='v1@x.org/r' to='support@desk.example.com'/>");
    EXPECT_EQ(wait(std::chrono::seconds{5}),
              Presences{"support.1@desk.example.com/visitor -> alice@example.com/phone "
                        "unavailable"});
    EXPECT_EQ(deliver(probe + "alice@example.com/phone'/>"),
              Presences{"support.1@desk.example.com/visitor -> alice@example.com/phone "
                        "unavailable"});
    EXPECT_EQ(deliver("<presence from='v1@x.org/r' to='support@desk.example.com'/>").back(),
              "support.1@desk.example.com/visitor -> alice@example.com/phone");

    // Transferred: gone for Alice, there for Bob.
    EXPECT_EQ(deliver("<message type='chat' from='alice@example.com/phone' "
                      "to='support.1@desk.example.com'><body>transfer Bob</body></message>"),
              (Presences{"support.1@desk.example.com/visitor -> alice@example.com/phone "
                         "unavailable",
                         "support.1@desk.example.com/visitor -> bob@example.com/pc"}));
    // Closed: gone for Bob.
    EXPECT_EQ(deliver("<message type='chat' from='bob@example.com/pc' "
                      "to='support.1@desk.example.com'><body>close</body></message>"),
              Presences{"support.1@desk.example.com/visitor -> bob@example.com/pc unavailable"});
}

TEST_F(PresenceToAgentsTest, AfterAReconnectAResourceSeenAgainGetsItAllAgain) {
    deliver("<presence from='alice@example.com/phone' to='desk.example.com'/>");
    visitor_writes("v1@x.org/r");
    deliver(
        "<message type='chat' from='alice@example.com/phone' to='support@desk.example.com'>"
        "<body>next</body></message>");
    desk_.service_->on_online(desk_.now_);
    EXPECT_EQ(deliver("<presence from='alice@example.com/phone' to='desk.example.com'/>"),
              (Presences{"support@desk.example.com -> alice@example.com/phone (No chats waiting)",
                         std::string(kChat1) + " -> " + kAlicePhone}));
    EXPECT_EQ(deliver("<presence type='error' from='alice@example.com/phone' to='" +
                      std::string(kSupport) + "'/>"),
              Presences{});
    EXPECT_EQ(deliver("<presence from='alice@example.com/phone' to='desk.example.com'/>").size(),
              2u)
        << "a resource whose presence bounced is new again when it comes back";
}

}  // namespace
}  // namespace component
