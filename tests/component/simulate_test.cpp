// `switchboard simulate`'s trace format (component/simulate.hpp): what a row says, and a
// clear line-numbered error for each kind of mistake.

#include "component/simulate.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "tests/component/service_harness.hpp"

namespace component {
namespace {

using namespace std::chrono_literals;

std::string error_of(const std::string& text) {
    routing::simulation::Trace trace;
    std::string error;
    EXPECT_FALSE(parse_trace(text, trace, error)) << text;
    return error;
}

TEST(SimulateTrace, RowsOfChatsAndShifts) {
    routing::simulation::Trace trace;
    std::string error;
    ASSERT_TRUE(
        parse_trace("# a comment\n"
                    "kind,time,visitor,language,text,choice,handle,patience\n"
                    "\n"
                    "chat,09:00:05,v1,de,\"Hallo, ich\",2,6m,90s\r\n"
                    "chat,09:01,v2,,,,1m30s,\n"
                    "shift,08:00,Alice@Example.com,16:00,12:00-12:30;14:00-14:10\n",
                    trace, error))
        << error;
    ASSERT_EQ(trace.arrivals.size(), 2u);
    const auto& a = trace.arrivals[0];
    EXPECT_EQ(a.at, 9h + 5s);
    EXPECT_EQ(a.visitor, "v1");
    EXPECT_EQ(a.language, "de");
    EXPECT_EQ(a.text, "Hallo, ich");
    EXPECT_EQ(a.choice, "2");
    EXPECT_EQ(a.handle, 6min);
    EXPECT_EQ(a.patience, 90s);
    EXPECT_EQ(trace.arrivals[1].patience, 0s) << "empty: waits for ever";
    EXPECT_EQ(trace.arrivals[1].text, "Hello");
    ASSERT_EQ(trace.shifts.size(), 1u);
    EXPECT_EQ(trace.shifts[0].start, 8h);
    EXPECT_EQ(trace.shifts[0].end, 16h);
    ASSERT_EQ(trace.shifts[0].away.size(), 2u);
    EXPECT_EQ(trace.shifts[0].away[1],
              std::make_pair(routing::Duration{14h}, routing::Duration{14h + 10min}));
}

TEST(SimulateTrace, EachMistakeNamesItsLine) {
    EXPECT_EQ(error_of("chat,09:00,v1,en,hi,,6m,\nchat,9am,v2,en,hi,,6m,\n"),
              "2: TIME \"9am\" is not HH:MM or HH:MM:SS");
    EXPECT_EQ(error_of("chat,09:00,v1,en,hi,,six minutes,\n").rfind("1: HANDLE: ", 0), 0u);
    EXPECT_EQ(error_of("chat,09:00,,en,hi,,6m,\n"), "1: VISITOR must be 1 to 200 characters");
    EXPECT_EQ(error_of("chat,09:00,v,en,hi,,6m,,extra\n").rfind("1: a chat row has 8 fields", 0),
              0u);
    EXPECT_EQ(error_of("shift,16:00,a@b.c,08:00,\n"),
              "1: START and END are HH:MM, END after START");
    EXPECT_EQ(error_of("shift,08:00,a@b.c,16:00,07:00-07:30\n"),
              "1: AWAY \"07:00-07:30\" is not HH:MM-HH:MM within the shift");
    EXPECT_EQ(error_of("visit,09:00\n"), "1: a row starts with chat or shift, not \"visit\"");
    EXPECT_EQ(error_of("chat,25:00,v1,en,hi,,6m,\n"), "1: TIME \"25:00\" is not HH:MM or HH:MM:SS");
}

TEST(SimulateCommand, BadArgumentsAreRefusedWithAReason) {
    std::ostringstream out, err;
    EXPECT_EQ(simulate_main({"--trace", "x.csv"}, out, err), 2);
    EXPECT_NE(err.str().find("give --config FILE"), std::string::npos) << err.str();
    err.str("");
    EXPECT_EQ(
        simulate_main({"--config", "c.toml", "--trace", "x.csv", "--arrivals", "5"}, out, err), 2);
    EXPECT_NE(err.str().find("either --trace FILE or --arrivals"), std::string::npos);
    err.str("");
    EXPECT_EQ(simulate_main({"--config", "c.toml", "--arrivals", "5"}, out, err), 2);
    EXPECT_NE(err.str().find("give --agents N"), std::string::npos);
    err.str("");
    EXPECT_EQ(simulate_main({"--config", "c.toml", "--arrivals", "-5", "--agents", "2"}, out, err),
              2);
    EXPECT_NE(err.str().find("--arrivals: \"-5\" is not a number"), std::string::npos);
}

TEST(SimulateCommand, CompareRunsAdaptiveAgainstBothFixedModes) {
    const std::string path = ::testing::TempDir() + "simulate_adaptive.toml";
    {
        std::ofstream file(path);
        file << "[server]\ndomain = \"desk.example.com\"\nsecret = \"s\"\n"
                "[workgroups.support]\nmode = \"broadcast\"\nmax_queue = 20\n"
                "adaptive_queue_above = 3\n"
                "[[workgroups.support.agents]]\njid = \"a@example.com\"\n";
    }
    std::ostringstream out, err;
    ASSERT_EQ(simulate_main({"--config", path, "--arrivals", "30", "--agents", "3", "--compare"},
                            out, err),
              0)
        << err.str();
    const std::string report = out.str();
    for (const char* row : {"\nbroadcast ", "\nadaptive ", "\nqueue "}) {
        EXPECT_NE(report.find(row), std::string::npos) << row << " in\n" << report;
    }
    // Without --compare: the configured mode as configured, adaptive.
    out.str("");
    ASSERT_EQ(simulate_main({"--config", path, "--arrivals", "30", "--agents", "3"}, out, err), 0);
    EXPECT_NE(out.str().find("\nadaptive "), std::string::npos) << out.str();
    EXPECT_EQ(out.str().find("\nbroadcast "), std::string::npos) << out.str();
}

// The simulator and the live component make the same decisions from the same events: the
// events the simulator gave the routing core, with their times, are replayed as stanzas
// through a Service; every chat goes to the same agent, in the same order.
namespace replay {

using routing::simulation::Arrival;
using routing::simulation::Shift;

struct Recorded {
    routing::Duration at;
    std::string xml;  // empty: a tick
};

std::string to_xml(const routing::Event& event) {
    const std::string desk = "support@desk.example.com";
    if (const auto* v = std::get_if<routing::VisitorMessage>(&event)) {
        return "<message type='chat' from='" + std::string(v->visitor) + "/web' to='" + desk +
               "' xml:lang='" + std::string(v->language) + "'><body>" + std::string(v->body) +
               "</body></message>";
    }
    if (const auto* v = std::get_if<routing::VisitorPresence>(&event)) {
        return "<presence from='" + std::string(v->visitor) + "/web' to='" + desk + "'" +
               (v->online ? "/>" : " type='unavailable'/>");
    }
    if (const auto* a = std::get_if<routing::AgentPresence>(&event)) {
        const std::string head = "<presence from='" + std::string(a->agent) + "/" +
                                 std::string(a->resource) + "' to='" + desk + "'";
        if (a->presence == routing::Presence::offline) {
            return head + " type='unavailable'/>";
        }
        return a->presence == routing::Presence::away ? head + "><show>away</show></presence>"
                                                      : head + "/>";
    }
    if (const auto* m = std::get_if<routing::AgentMessage>(&event)) {
        const std::string to =
            m->conversation ? "support." + std::to_string(*m->conversation) + "@desk.example.com"
                            : desk;
        return "<message type='chat' from='" + std::string(m->agent) + "/sim' to='" + to +
               "'><body>" + std::string(m->body) + "</body></message>";
    }
    return {};  // Tick
}

// "Chat N with ... is yours": (N, the agent's bare JID).
void collect(const std::vector<xmpp::Stanza>& sent,
             std::vector<std::pair<routing::ConversationId, std::string>>& out) {
    static const std::regex yours("^Chat ([0-9]+) with .* is yours");
    for (const auto& s : sent) {
        std::smatch m;
        const std::string body(s.child("body").text());
        if (s.name() == "message" && s.from() == "support@desk.example.com" &&
            std::regex_search(body, m, yours)) {
            const std::string to(s.to());
            out.emplace_back(std::stoull(m[1]), to.substr(0, to.find('/')));
        }
    }
}

}  // namespace replay

TEST(SimulateAgainstTheComponent, TheSameEventsGiveTheSameAssignments) {
    using namespace replay;
    for (const char* mode : {"round_robin", "least_busy", "weighted", "broadcast", "queue"}) {
        const std::string desk = std::string(R"(
[workgroups.support]
mode = ")") + mode + R"("
queue_timeout = "1h"
max_queue = 100
[[workgroups.support.agents]]
jid = "alice@example.com"
max_chats = 2
daily_limit = 100
[[workgroups.support.agents]]
jid = "bob@example.com"
max_chats = 1
daily_limit = 200
[[workgroups.support.agents]]
jid = "carol@example.com"
max_chats = 3
daily_limit = 300
)";
        testing::ServiceHarness live(desk);
        const routing::WorkgroupSettings& settings = live.config_.workgroups.front();
        // From the harness's 10:00: shifts, and 40 chats 25 s apart lasting 2 minutes.
        routing::simulation::Trace day;
        for (int i = 0; i < 40; ++i) {
            day.arrivals.push_back(Arrival{10h + 1s + i * 25s,
                                           "v" + std::to_string(i) + "@anon.example.com", "en",
                                           "Hello", "", 2min, 0ms});
        }
        day.shifts = {Shift{"alice@example.com", 10h, 17h, {}},
                      Shift{"bob@example.com", 10h, 17h, {{10h + 5min, 10h + 9min}}},
                      Shift{"carol@example.com", 10h + 3min, 17h, {}}};
        routing::simulation::Options options;
        options.day_start = live.now_.wall - 10h;
        std::vector<Recorded> events;
        std::vector<std::pair<routing::ConversationId, std::string>> simulated, component;
        options.watch = [&](routing::Duration at, const routing::Event& e,
                            const routing::Effects& fx) {
            events.push_back(Recorded{at, to_xml(e)});
            for (const auto& effect : fx) {
                if (const auto* a = std::get_if<routing::Assign>(&effect);
                    a != nullptr && a->reason != routing::AssignReason::transferred) {
                    simulated.emplace_back(a->conversation, settings.agents[a->agent].jid);
                }
            }
        };
        routing::simulation::run(settings, day, options);
        ASSERT_GT(simulated.size(), 30u) << mode;

        routing::Duration clock = 10h;
        for (const auto& e : events) {
            std::vector<xmpp::Stanza> sent = live.tick_after(e.at - clock);  // timers due
            clock = e.at;
            if (!e.xml.empty()) {
                const auto more = live.deliver(e.xml);
                sent.insert(sent.end(), more.begin(), more.end());
            }
            collect(sent, component);
            // Visitors answer the workgroup's pings, as a browser does.
            std::vector<std::string> answers;
            for (const auto& s : sent) {
                if (s.name() == "iq" && s.type() == "get") {
                    answers.push_back("<iq type='result' id='" + std::string(s.id()) + "' from='" +
                                      std::string(s.to()) + "' to='" + std::string(s.from()) +
                                      "'/>");
                }
            }
            for (const auto& answer : answers) {
                collect(live.deliver(answer), component);
            }
        }
        EXPECT_EQ(component, simulated) << mode;
    }
}

}  // namespace
}  // namespace component
