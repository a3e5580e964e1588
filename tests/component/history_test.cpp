// The conversation so far, handed to a new agent: bounded, so a chat of 10,000 lines does
// not flood their client, and saying what was left out.

#include <gtest/gtest.h>

#include "tests/component/service_harness.hpp"
#include "xmpp/namespaces.hpp"

namespace component::testing {
namespace {

const std::string kDesk = R"(
[limits]
messages_per_second = 10000
burst = 100000

[workgroups.support]
mode = "round_robin"
[[workgroups.support.agents]]
jid = "alice@example.com"
name = "Alice"
[[workgroups.support.agents]]
jid = "bob@example.com"
name = "Bob"
)";

std::string line(const std::string& from, const std::string& to, const std::string& body) {
    return "<message type='chat' from='" + from + "' to='" + to + "'><body>" + body +
           "</body></message>";
}

TEST(HistoryTest, ATransferOfTenThousandLinesGivesTheFirstAndTheLatestAndSaysWhatIsLeftOut) {
    ServiceHarness desk(kDesk);
    desk.deliver("<presence from='alice@example.com/a' to='support@desk.example.com'/>");
    desk.deliver(line("v@x.org/r", "support@desk.example.com", "first question"));
    const std::string cj = "support.1@desk.example.com";
    desk.deliver(line("alice@example.com/a", cj, "hello"));
    for (int i = 0; i < 10000; ++i) {
        desk.tick_after(std::chrono::milliseconds{100});
        desk.deliver(line("v@x.org/r", "support@desk.example.com", "line " + std::to_string(i)));
    }
    desk.deliver("<presence from='bob@example.com/b' to='support@desk.example.com'/>");
    desk.deliver(line("alice@example.com/a", cj, "transfer Bob"));
    std::vector<xmpp::Stanza> to_bob;
    for (const auto& s : desk.sent_) {
        if (s.name() == "message" && s.to() == "bob@example.com" && s.from().rfind(cj, 0) == 0 &&
            s.child("body")) {
            to_bob.push_back(s);
        }
    }
    ASSERT_EQ(to_bob.size(), 201u) << "the first line, a note, and the latest 199";
    EXPECT_EQ(to_bob[0].child("body").text(), "first question");
    EXPECT_EQ(to_bob[1].child("body").text(),
              "[9802 lines of this chat left out here; the transcript keeps them]");
    EXPECT_EQ(to_bob[2].child("body").text(), "line 9801");
    EXPECT_EQ(to_bob[200].child("body").text(), "line 9999");
    for (const auto& s : to_bob) {
        EXPECT_TRUE(s.child("delay", xmpp::ns::kDelay)) << s.child("body").text();
    }
    // Stamped with the line after the gap, so a client sorting by time keeps it in place.
    EXPECT_EQ(to_bob[1].child("delay", xmpp::ns::kDelay).attr("stamp"),
              to_bob[2].child("delay", xmpp::ns::kDelay).attr("stamp"));
}

}  // namespace
}  // namespace component::testing
