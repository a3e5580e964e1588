// Visitors who vanish without a word, checked in-process: the pings the workgroup sends,
// what their answers and a bounced message do, and that none of it is ever answered.

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "tests/component/service_harness.hpp"
#include "xmpp/namespaces.hpp"

namespace component {
namespace {

using namespace std::chrono_literals;
using xmpp::Stanza;

// visitor_grace 3 s: a silent visitor is pinged after 1 s, a ping unanswered for 1 s fails.
const char* kWorkgroups = R"(
[workgroups.support]
mode = "round_robin"
visitor_grace = "3s"
[[workgroups.support.agents]]
jid = "alice@example.com"

[workgroups.line]
mode = "queue"
visitor_grace = "3s"
[[workgroups.line.agents]]
jid = "alice@example.com"
)";

const char* kVisitor = "v@anon.example.com/page";

class GoneVisitorTest : public ::testing::Test, public testing::ServiceHarness {
  protected:
    GoneVisitorTest() : ServiceHarness(kWorkgroups) {
        deliver("<presence from='alice@example.com/a' to='support@desk.example.com'/>");
        deliver("<presence from='alice@example.com/a' to='line@desk.example.com'/>");
    }

    // Lets `d` pass in steps of 50 ms (as the event loop ticks); returns what was sent.
    // With `reply`, the visitor answers each ping at once: with a result, or with an error
    // of that condition.
    std::vector<Stanza> pass(std::chrono::milliseconds d, const char* reply = nullptr) {
        std::vector<Stanza> out;
        for (auto t = 0ms; t < d; t += 50ms) {
            const auto sent = tick_after(50ms);
            out.insert(out.end(), sent.begin(), sent.end());
            for (const auto& ping : reply != nullptr ? pings_in(sent) : std::vector<Stanza>{}) {
                const std::string type = reply == std::string("result") ? "result" : "error";
                const auto answered = deliver(answer(ping, type, type == "error" ? reply : ""));
                EXPECT_TRUE(answered.empty()) << "an answer to a ping is never answered";
                out.insert(out.end(), answered.begin(), answered.end());
            }
        }
        return out;
    }

    // The visitor opens a chat in `workgroup` with one line (no presence ever).
    void visitor_writes(const std::string& workgroup = "support") {
        deliver(std::string("<message type='chat' from='") + kVisitor + "' to='" + workgroup +
                "@desk.example.com'><body>Hello?</body></message>");
    }

    static std::vector<Stanza> pings_in(const std::vector<Stanza>& out) {
        std::vector<Stanza> pings;
        std::copy_if(out.begin(), out.end(), std::back_inserter(pings), [](const Stanza& s) {
            return s.name() == "iq" && s.child("ping", xmpp::ns::kPing);
        });
        return pings;
    }

    // The one ping sent within `d`.
    Stanza ping_within(std::chrono::milliseconds d) {
        const auto pings = pings_in(pass(d));
        EXPECT_EQ(pings.size(), 1u);
        return pings.empty() ? Stanza{} : pings.front();
    }

    static bool tells_alice(const std::vector<Stanza>& out, const std::string& part) {
        return std::any_of(out.begin(), out.end(), [&](const Stanza& s) {
            return s.to() == "alice@example.com" && s.from() == "support@desk.example.com" &&
                   s.child("body").text().find(part) != std::string::npos;
        });
    }

    std::string answer(const Stanza& ping, const std::string& type,
                       const std::string& condition = {}) const {
        std::string xml = "<iq type='" + type + "' id='" + std::string(ping.id()) + "' from='" +
                          std::string(ping.to()) + "' to='" + std::string(ping.from()) + "'>";
        if (!condition.empty()) {
            xml += "<error type='cancel'><" + condition +
                   " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>";
        }
        return xml + "</iq>";
    }

    std::size_t waiting_in_line() {
        // The queue figures of the presence pushed to a widget that asks.
        for (const auto& s : deliver("<presence type='probe' from='w@anon.example.com/w' "
                                     "to='line@desk.example.com'/>")) {
            if (s.to() == "w@anon.example.com/w") {
                return std::stoul(
                    s.child("notify-queue", xmpp::ns::kWorkgroup).child("count").text());
            }
        }
        ADD_FAILURE() << "the probe got no presence";
        return 0;
    }
};

TEST_F(GoneVisitorTest, ASilentVisitorIsPingedFromTheWorkgroupAtTheFullJidTheyWroteFrom) {
    visitor_writes();
    EXPECT_TRUE(pings_in(pass(900ms)).empty()) << "heard from a moment ago";
    Stanza ping = ping_within(200ms);
    EXPECT_EQ(ping.type(), "get");
    EXPECT_EQ(ping.from(), "support@desk.example.com");
    EXPECT_EQ(ping.to(), kVisitor);
    EXPECT_FALSE(ping.id().empty());
}

TEST_F(GoneVisitorTest, AReloadedVisitorGraceAppliesToTheVisitorsAlreadyWatched) {
    visitor_writes();
    // visitor_grace 3 s -> 30 s: pinged after 10 s of silence, not after 1 s.
    std::string longer = kWorkgroups;
    for (auto at = longer.find("\"3s\""); at != std::string::npos; at = longer.find("\"3s\"", at)) {
        longer.replace(at, 4, "\"30s\"");
    }
    auto loaded = config::load_string(testing::kTestServer + longer, "desk.toml");
    ASSERT_TRUE(std::holds_alternative<config::Config>(loaded));
    service_->reload(std::get<config::Config>(loaded), now_);
    EXPECT_TRUE(pings_in(pass(9500ms)).empty()) << "pinged as if the grace were still 3 s";
    Stanza ping = ping_within(1000ms);
    EXPECT_EQ(ping.to(), kVisitor);
}

TEST_F(GoneVisitorTest, APingTheServerBouncesTellsTheAgentTheVisitorLeftAndNothingAnswersIt) {
    visitor_writes();
    Stanza ping = ping_within(1100ms);
    EXPECT_TRUE(deliver(answer(ping, "error", "service-unavailable")).empty())
        << "an error is never answered";
    // The chat is offered to Alice: she hears "left" once the visitor stayed away (5 s at
    // least for an agent), and no ping goes to the gone address meanwhile.
    const auto out = pass(6s);
    EXPECT_TRUE(tells_alice(out, "left")) << "no 'visitor left' for Alice";
    EXPECT_TRUE(pings_in(out).empty());
}

TEST_F(GoneVisitorTest, AnUnansweredPingCountsAsGoneAndALateAnswerBringsTheVisitorBack) {
    visitor_writes();
    Stanza ping = ping_within(1100ms);
    auto out = pass(7s);  // the ping fails after 1 s, then the 5 s before "left"
    EXPECT_TRUE(tells_alice(out, "left"));
    EXPECT_TRUE(tells_alice(deliver(answer(ping, "result")), "is back"));
}

TEST_F(GoneVisitorTest, AVisitorWhoAnswersPingsStays) {
    visitor_writes();
    const auto out = pass(12s, "result");
    EXPECT_FALSE(tells_alice(out, "left"));
    EXPECT_GE(pings_in(out).size(), 5u) << "pinged again after every quiet second";
}

TEST_F(GoneVisitorTest, AClientThatDoesNotDoPingsIsThereAllTheSame) {
    visitor_writes();
    EXPECT_FALSE(tells_alice(pass(12s, "feature-not-implemented"), "left"));
}

TEST_F(GoneVisitorTest, AnAnswerFromAnotherAddressOrToNoPingOfOursChangesNothing) {
    visitor_writes();
    Stanza ping = ping_within(1100ms);
    std::string forged = answer(ping, "error", "service-unavailable");
    forged.replace(forged.find(kVisitor), std::string(kVisitor).size(), "m@evil.example.com/x");
    EXPECT_TRUE(deliver(forged).empty());
    EXPECT_TRUE(deliver("<iq type='error' id='sb-ping-77' from='v@anon.example.com/page' "
                        "to='support@desk.example.com'><error type='cancel'>"
                        "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                        "</error></iq>")
                    .empty());
    EXPECT_TRUE(deliver(answer(ping, "result")).empty());
    EXPECT_FALSE(tells_alice(pass(12s, "result"), "left"));
}

TEST_F(GoneVisitorTest, ABouncedMessageToTheVisitorCountsAsGoneAnOtherErrorDoesNot) {
    visitor_writes();
    deliver(std::string("<message type='error' from='") + kVisitor +
            "' to='support@desk.example.com'><error type='modify'><not-acceptable "
            "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
    EXPECT_FALSE(tells_alice(pass(900ms), "left"));
    EXPECT_TRUE(deliver(std::string("<message type='error' from='") + kVisitor +
                        "' to='support@desk.example.com'><error type='cancel'><item-not-found "
                        "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>")
                    .empty())
        << "a bounce is never answered";
    EXPECT_TRUE(tells_alice(pass(6s), "left"));
}

TEST_F(GoneVisitorTest, AGoneWaitingVisitorLeavesTheQueueAfterTheGrace) {
    visitor_writes("line");
    EXPECT_EQ(waiting_in_line(), 1u);
    Stanza ping = ping_within(1100ms);
    EXPECT_EQ(ping.from(), "line@desk.example.com");
    deliver(answer(ping, "error", "service-unavailable"));
    pass(2500ms);
    EXPECT_EQ(waiting_in_line(), 1u) << "the place is kept for the grace";
    pass(600ms);
    EXPECT_EQ(waiting_in_line(), 0u);
}

TEST_F(GoneVisitorTest, AVisitorWhoWritesAgainAfterAFailedPingIsBack) {
    visitor_writes("line");
    deliver(answer(ping_within(1100ms), "error", "service-unavailable"));
    pass(2s);
    visitor_writes("line");
    EXPECT_EQ(pings_in(pass(2s)).size(), 1u) << "watched again";
    EXPECT_EQ(waiting_in_line(), 1u) << "the place the first grace would have given up";
}

}  // namespace
}  // namespace component
