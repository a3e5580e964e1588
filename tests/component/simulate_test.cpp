// `switchboard simulate`'s trace format (component/simulate.hpp): what a row says, and a
// clear line-numbered error for each kind of mistake.

#include "component/simulate.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

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
    err.str("");
    EXPECT_EQ(simulate_main({"--config", "c.toml", "--plot", "a.png"}, out, err), 2);
    EXPECT_NE(err.str().find("--plot is not available yet"), std::string::npos);
}

}  // namespace
}  // namespace component
