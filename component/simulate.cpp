#include "component/simulate.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <variant>

#include "component/local_clock.hpp"
#include "component/simulate_plot.hpp"
#include "config/config.hpp"
#include "config/redact.hpp"
#include "config/values.hpp"
#include "routing/text.hpp"

namespace component {

namespace sim = routing::simulation;
using routing::Duration;
using routing::Mode;

const char* const kTraceFormat =
    "A trace is CSV, one row per line (blank lines and lines starting with # are skipped):\n"
    "  chat,TIME,VISITOR,LANGUAGE,TEXT,CHOICE,HANDLE,PATIENCE\n"
    "      a visitor writes TEXT at TIME (HH:MM or HH:MM:SS), in LANGUAGE (\"en\"; may be\n"
    "      empty), answers the menu with CHOICE (may be empty), is served for HANDLE once an\n"
    "      agent has the chat, and leaves after PATIENCE if no agent has it by then (empty:\n"
    "      waits for ever). VISITOR is an id unique in the trace.\n"
    "  shift,START,AGENT,END,AWAY\n"
    "      AGENT (a JID of the workgroup) is online from START to END, away in each period\n"
    "      of AWAY: HH:MM-HH:MM, several separated by ';' (may be empty).\n"
    "  HANDLE and PATIENCE are durations as in the configuration (\"6m\", \"90s\", \"1m30s\").\n"
    "  Fields may be quoted (\"a, b\"; \"\" is a quote).\n";

namespace {

constexpr std::array<Mode, 5> kModes{Mode::broadcast, Mode::queue, Mode::round_robin,
                                     Mode::least_busy, Mode::weighted};

// The fields of one CSV line.
std::vector<std::string> fields_of(std::string_view line) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                out.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                out.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.emplace_back();
        } else if (c != '\r') {
            out.back() += c;
        }
    }
    return out;
}

// "HH:MM" or "HH:MM:SS" (00:00 to 24:00) from midnight.
std::optional<Duration> time_of_day(std::string_view text) {
    int h = 0, m = 0, s = 0;
    char extra = 0;
    const std::string t(text);
    const int n = std::sscanf(t.c_str(), "%2d:%2d:%2d%c", &h, &m, &s, &extra);
    const bool shape = (n == 2 && t.size() == 5) || (n == 3 && t.size() == 8);
    if (!shape || h < 0 || m < 0 || m > 59 || s < 0 || s > 59 || h > 24 ||
        (h == 24 && (m > 0 || s > 0))) {
        return std::nullopt;
    }
    return std::chrono::hours{h} + std::chrono::minutes{m} + std::chrono::seconds{s};
}

bool duration_field(const std::string& text, Duration& out, std::string& why) {
    const auto parsed = config::parse_duration(text);
    if (!parsed.value) {
        why = config::plain(parsed.error);
        return false;
    }
    out = *parsed.value;
    return true;
}

std::string seconds(Duration d) {
    const auto s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
    if (s < 60) {
        return std::to_string(s) + "s";
    }
    return std::to_string(s / 60) + "m" + (s % 60 != 0 ? std::to_string(s % 60) + "s" : "");
}

std::string percent(double share) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f%%", share * 100);
    return buf;
}

struct Arguments {
    std::string config;
    std::string trace;
    std::string csv;
    std::string plot;
    std::string workgroup;
    bool compare = false;
    std::optional<Duration> target_wait;
    Duration reaction = std::chrono::seconds{10};
    std::optional<double> arrivals;
    std::string profile;
    double handle_minutes = 6;
    double patience_minutes = 4;
    int agents = 0;
    std::uint64_t seed = 1;
};

bool number(std::string_view text, double& out) {
    const std::string t(text);
    char* end = nullptr;
    out = std::strtod(t.c_str(), &end);
    return !t.empty() && end == t.c_str() + t.size() && std::isfinite(out) && out >= 0;
}

// Reads the arguments; a message in `error` when they make no sense.
bool parse_arguments(const std::vector<std::string_view>& args, Arguments& a, std::string& error) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view flag = args[i];
        if (flag == "--compare") {
            a.compare = true;
            continue;
        }
        if (i + 1 >= args.size()) {
            error = "unrecognised argument " + std::string(flag) +
                    (flag.rfind("--", 0) == 0 ? " (or it lacks its value)" : "");
            return false;
        }
        const std::string_view value = args[++i];
        double n = 0;
        Duration d{0};
        std::string why;
        if (flag == "--config") {
            a.config = value;
        } else if (flag == "--trace") {
            a.trace = value;
        } else if (flag == "--csv") {
            a.csv = value;
        } else if (flag == "--workgroup") {
            a.workgroup = value;
        } else if (flag == "--profile") {
            a.profile = value;
        } else if (flag == "--target-wait" || flag == "--reaction") {
            if (!duration_field(std::string(value), d, why)) {
                error = std::string(flag) + ": " + why;
                return false;
            }
            (flag == "--reaction" ? a.reaction : a.target_wait.emplace()) = d;
        } else if (flag == "--arrivals" || flag == "--handle-time" || flag == "--patience" ||
                   flag == "--agents" || flag == "--seed") {
            if (!number(value, n) || n > 1e9 ||
                ((flag == "--agents" || flag == "--seed") && n != std::floor(n))) {
                error = std::string(flag) + ": \"" + std::string(value) +
                        "\" is not a number of the right kind";
                return false;
            }
            if (flag == "--arrivals") {
                a.arrivals = n;
            } else if (flag == "--handle-time") {
                a.handle_minutes = n;
            } else if (flag == "--patience") {
                a.patience_minutes = n;
            } else if (flag == "--agents") {
                a.agents = static_cast<int>(n);
            } else {
                a.seed = static_cast<std::uint64_t>(n);
            }
        } else if (flag == "--plot") {
            a.plot = value;
        } else {
            error = "unrecognised argument " + std::string(flag);
            return false;
        }
    }
    if (a.config.empty()) {
        error = "give --config FILE";
        return false;
    }
    if (a.trace.empty() == !a.arrivals) {
        error = "give either --trace FILE or --arrivals PER_HOUR (to generate a day)";
        return false;
    }
    if (a.arrivals && (a.agents < 1 || a.agents > 10000)) {
        error = "with --arrivals, give --agents N (1 to 10000)";
        return false;
    }
    if (a.arrivals && *a.arrivals > 100000) {
        error = "--arrivals: at most 100000 per hour";
        return false;
    }
    if (a.handle_minutes <= 0 || a.handle_minutes > 24 * 60) {
        error = "--handle-time: minutes, more than 0 and at most a day";
        return false;
    }
    return true;
}

bool read_file(const std::string& path, std::string& text, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot read " + path;
        return false;
    }
    std::ostringstream s;
    s << in.rdbuf();
    text = s.str();
    if (text.size() > 256u * 1024 * 1024) {
        error = path + " is larger than 256 MiB";
        return false;
    }
    return true;
}

// 24 weights, one per hour, separated by commas, spaces or lines.
bool read_profile(const std::string& path, std::array<double, 24>& profile, std::string& error) {
    std::string text;
    if (!read_file(path, text, error)) {
        return false;
    }
    std::replace_if(
        text.begin(), text.end(), [](char c) { return c == ',' || c == '\n' || c == '\r'; }, ' ');
    std::istringstream in(text);
    std::string word;
    std::size_t n = 0;
    while (in >> word) {
        double w = 0;
        if (n >= 24 || !number(word, w)) {
            error = path + ": 24 weights (one per hour, 0 or more) expected";
            return false;
        }
        profile[n++] = w;
    }
    if (n != 24) {
        error = path + ": 24 weights (one per hour) expected, found " + std::to_string(n);
        return false;
    }
    return true;
}

void print_table(std::ostream& out, const std::vector<sim::Figures>& runs) {
    char line[256];
    std::snprintf(line, sizeof line, "%-11s %7s %9s %6s %8s %8s %8s %6s %7s %11s %5s %6s\n", "mode",
                  "served", "abandoned", "missed", "wait p50", "p90", "p99", "full", "closed",
                  "chats/agent", "util", "capped");
    out << line;
    for (const auto& f : runs) {
        double util = 0;
        int with_shift = 0;
        for (const auto& a : f.agents) {
            if (a.on_shift > Duration{0}) {
                util += a.utilisation;
                ++with_shift;
            }
        }
        const std::string spread = std::to_string(f.chats_min) + "-" + std::to_string(f.chats_max);
        std::snprintf(line, sizeof line, "%-11s %7d %9d %6d %8s %8s %8s %6s %7s %11s %5s %6d\n",
                      f.label.c_str(), f.served, f.abandoned, f.missed, seconds(f.wait_p50).c_str(),
                      seconds(f.wait_p90).c_str(), seconds(f.wait_p99).c_str(),
                      percent(f.full_share).c_str(), percent(f.closed_share).c_str(),
                      spread.c_str(), percent(with_shift ? util / with_shift : 0).c_str(),
                      f.capped);
        out << line;
    }
}

// Each agent's load under each mode: chats served, and the share of their capacity used.
void print_agents(std::ostream& out, const std::vector<sim::Figures>& runs) {
    constexpr std::size_t kMostShown = 30;
    const auto& agents = runs.front().agents;
    if (agents.size() > kMostShown) {
        out << "(" << agents.size() << " agents: each one's load is in --csv)\n";
        return;
    }
    std::size_t width = 5;
    for (const auto& a : agents) {
        width = std::max(width, a.agent.size());
    }
    out << "\n" << std::string(width, ' ');
    for (const auto& f : runs) {
        char cell[32];
        std::snprintf(cell, sizeof cell, " %15s", f.label.c_str());
        out << cell;
    }
    out << "\n";
    for (std::size_t i = 0; i < agents.size(); ++i) {
        out << agents[i].agent << std::string(width - agents[i].agent.size(), ' ');
        for (const auto& f : runs) {
            char cell[32];
            std::snprintf(cell, sizeof cell, " %4d chats %4s", f.agents[i].chats,
                          percent(f.agents[i].utilisation).c_str());
            out << cell;
        }
        out << "\n";
    }
}

// Which mode best meets the target, and why, in one sentence.
std::string recommendation(const std::vector<sim::Figures>& runs,
                           const std::optional<Duration>& target) {
    const auto score = [&](const sim::Figures& f) {
        if (f.arrived == 0) {
            return 0.0;
        }
        if (target) {
            const auto within =
                std::upper_bound(f.waits.begin(), f.waits.end(), *target) - f.waits.begin();
            return static_cast<double>(within) / f.arrived;
        }
        return 1 - static_cast<double>(f.abandoned + f.missed) / f.arrived;
    };
    const sim::Figures* best = nullptr;
    for (const auto& f : runs) {
        // Ties: the shorter p90 wait, then the first listed.
        if (best == nullptr || score(f) > score(*best) + 1e-9 ||
            (std::abs(score(f) - score(*best)) <= 1e-9 && f.wait_p90 < best->wait_p90)) {
            best = &f;
        }
    }
    if (best == nullptr) {
        return "Nothing to compare.";
    }
    std::string tied;
    for (const auto& f : runs) {
        if (&f != best && std::abs(score(f) - score(*best)) <= 1e-9) {
            tied += (tied.empty() ? "" : ", ") + f.label;
        }
    }
    const std::string why =
        tied.empty() ? "" : "; " + tied + " did as well, with no shorter p90 wait";
    const std::string mode = best->label;
    if (target) {
        return "Recommended: " + mode + " - " + percent(score(*best)) +
               " of the chats had an agent within " + seconds(*target) +
               ", the most of the modes compared (p90 wait " + seconds(best->wait_p90) + why + ").";
    }
    return "Recommended: " + mode + " - the fewest chats lost (" +
           std::to_string(best->abandoned + best->missed) + " of " + std::to_string(best->arrived) +
           " abandoned or missed), p90 wait " + seconds(best->wait_p90) + why + ".";
}

void write_csv(std::ostream& out, const std::vector<sim::Figures>& runs) {
    out << "mode,agent,served,abandoned,missed,wait_p50_s,wait_p90_s,wait_p99_s,full_share,"
           "closed_share,chats,utilisation,capped\n";
    const auto s = [](Duration d) {
        return std::to_string(std::chrono::duration<double>(d).count());
    };
    for (const auto& f : runs) {
        const std::string& mode = f.label;
        out << mode << ",," << f.served << ',' << f.abandoned << ',' << f.missed << ','
            << s(f.wait_p50) << ',' << s(f.wait_p90) << ',' << s(f.wait_p99) << ',' << f.full_share
            << ',' << f.closed_share << ",,," << f.capped << '\n';
        for (const auto& a : f.agents) {
            out << mode << ',' << a.agent << ",,,,,,,,," << a.chats << ',' << a.utilisation << ','
                << (a.capped ? 1 : 0) << '\n';
        }
    }
}

}  // namespace

bool parse_trace(std::string_view text, sim::Trace& trace, std::string& error) {
    std::size_t number = 0;
    for (std::size_t start = 0; start < text.size();) {
        const auto end = std::min(text.find('\n', start), text.size());
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++number;
        const auto fail = [&](const std::string& why) {
            error = std::to_string(number) + ": " + why;
            return false;
        };
        if (line.find_first_not_of(" \t\r") == std::string_view::npos || line.front() == '#') {
            continue;
        }
        auto f = fields_of(line);
        if (f[0] == "kind") {
            continue;  // a header
        }
        if (f[0] == "chat") {
            f.resize(std::max<std::size_t>(f.size(), 8));
            if (f.size() > 8) {
                return fail(
                    "a chat row has 8 fields: chat,TIME,VISITOR,LANGUAGE,TEXT,CHOICE,"
                    "HANDLE,PATIENCE");
            }
            sim::Arrival a;
            const auto at = time_of_day(f[1]);
            if (!at) {
                return fail("TIME \"" + f[1] + "\" is not HH:MM or HH:MM:SS");
            }
            a.at = *at;
            if (f[2].empty() || f[2].size() > 200) {
                return fail("VISITOR must be 1 to 200 characters");
            }
            a.visitor = f[2];
            a.language = f[3];
            a.text = f[4].empty() ? "Hello" : f[4];
            a.choice = f[5];
            std::string why;
            if (!duration_field(f[6], a.handle, why)) {
                return fail("HANDLE: " + why);
            }
            if (!f[7].empty() && !duration_field(f[7], a.patience, why)) {
                return fail("PATIENCE: " + why);
            }
            trace.arrivals.push_back(std::move(a));
        } else if (f[0] == "shift") {
            f.resize(std::max<std::size_t>(f.size(), 5));
            if (f.size() > 5) {
                return fail("a shift row has 5 fields: shift,START,AGENT,END,AWAY");
            }
            sim::Shift s;
            const auto from = time_of_day(f[1]);
            const auto to = time_of_day(f[3]);
            if (!from || !to || *to <= *from) {
                return fail("START and END are HH:MM, END after START");
            }
            s.start = *from;
            s.end = *to;
            s.agent = f[2];
            std::istringstream periods(f[4]);
            std::string period;
            while (std::getline(periods, period, ';')) {
                const auto dash = period.find('-');
                const auto a = time_of_day(period.substr(0, dash));
                const auto b =
                    dash == std::string::npos ? std::nullopt : time_of_day(period.substr(dash + 1));
                if (!a || !b || *b <= *a || *a < s.start || *b > s.end) {
                    return fail("AWAY \"" + period + "\" is not HH:MM-HH:MM within the shift");
                }
                s.away.emplace_back(*a, *b);
            }
            trace.shifts.push_back(std::move(s));
        } else {
            return fail("a row starts with chat or shift, not \"" + f[0].substr(0, 40) + "\"");
        }
        if (trace.arrivals.size() > 2'000'000) {
            return fail("more than 2,000,000 chats");
        }
    }
    return true;
}

int simulate_main(const std::vector<std::string_view>& args, std::ostream& out, std::ostream& err) {
    Arguments a;
    std::string error;
    if (!parse_arguments(args, a, error)) {
        err << "switchboard simulate: " << error
            << "\nsee switchboard --help (simulate), and the trace format there\n";
        return 2;
    }
    const auto loaded = config::load_file(a.config, config::StorageCheck::trust);
    if (const auto* errors = std::get_if<std::vector<config::Error>>(&loaded)) {
        for (const auto& e : *errors) {
            err << config::to_string(e) << "\n";
        }
        return 2;
    }
    const auto& cfg = std::get<config::Config>(loaded);
    const routing::WorkgroupSettings* chosen = &cfg.workgroups.front();
    if (!a.workgroup.empty()) {
        const auto it = std::find_if(cfg.workgroups.begin(), cfg.workgroups.end(),
                                     [&](const auto& w) { return w.name == a.workgroup; });
        if (it == cfg.workgroups.end()) {
            err << "switchboard simulate: no workgroup " << a.workgroup << " in " << a.config
                << "\n";
            return 2;
        }
        chosen = &*it;
    }
    routing::WorkgroupSettings settings = *chosen;

    sim::Trace trace;
    std::string source;
    if (!a.trace.empty()) {
        std::string text;
        if (!read_file(a.trace, text, error) || !parse_trace(text, trace, error)) {
            err << "switchboard simulate: " << (error.rfind("cannot", 0) == 0 ? "" : a.trace + ":")
                << error << "\n";
            return 2;
        }
        for (auto& s : trace.shifts) {
            s.agent = routing::ascii_lower(s.agent);
            if (std::none_of(settings.agents.begin(), settings.agents.end(),
                             [&](const auto& agent) { return agent.jid == s.agent; })) {
                err << "switchboard simulate: " << a.trace << ": " << s.agent
                    << " is not an agent of workgroup " << settings.name << "\n";
                return 2;
            }
        }
        source = a.trace;
    } else {
        sim::Traffic traffic;
        traffic.per_hour = *a.arrivals;
        if (!a.profile.empty() && !read_profile(a.profile, traffic.profile, error)) {
            err << "switchboard simulate: " << error << "\n";
            return 2;
        }
        traffic.handle = Duration{static_cast<Duration::rep>(a.handle_minutes * 60000)};
        traffic.patience = Duration{static_cast<Duration::rep>(a.patience_minutes * 60000)};
        traffic.agents = a.agents;
        traffic.seed = a.seed;
        trace = sim::generate(traffic);
        // The generated agents take the configured agents' settings in turn.
        std::vector<routing::AgentSettings> agents;
        for (int i = 0; i < a.agents; ++i) {
            routing::AgentSettings agent =
                settings.agents.empty()
                    ? routing::AgentSettings{}
                    : settings.agents[static_cast<std::size_t>(i) % settings.agents.size()];
            agent.jid = sim::agent_jid(i + 1);
            agent.name = "Agent " + std::to_string(i + 1);
            agents.push_back(std::move(agent));
        }
        settings.agents = std::move(agents);
        source = "generated: " + std::to_string(trace.arrivals.size()) + " chats, seed " +
                 std::to_string(a.seed);
    }

    // The day simulated: a Monday, in the configured time zone (hours and daily limits).
    sim::Options options;
    options.reaction = a.reaction;
    options.seed = a.seed;
    const routing::Time monday{
        std::chrono::sys_days{std::chrono::year{2026} / std::chrono::November / 23}};
    const routing::Now local = LocalClock(cfg.timezone).at(monday);
    options.utc_offset = std::chrono::minutes{(local.minute_of_day + 720) % 1440 -
                                              720};  // the zone's offset at that midnight
    options.day_start = monday - options.utc_offset;

    std::vector<sim::Figures> runs;
    for (const Mode mode : kModes) {
        if (!a.compare && mode != settings.mode) {
            continue;
        }
        routing::WorkgroupSettings s = settings;
        s.mode = mode;
        if (mode != Mode::broadcast) {
            s.adaptive_queue_above = 0;  // a broadcast key
        } else if (a.compare && s.adaptive_queue_above > 0) {
            // Adaptive against both fixed modes: plain broadcast too.
            routing::WorkgroupSettings plain = s;
            plain.adaptive_queue_above = 0;
            runs.push_back(sim::run(plain, trace, options));
        }
        runs.push_back(sim::run(s, trace, options));
    }
    int on_shift = 0;
    for (const auto& f : runs.front().agents) {
        on_shift += f.on_shift > Duration{0} ? 1 : 0;
    }
    out << "Workgroup " << settings.name << " (" << source << "): " << trace.arrivals.size()
        << " chats, " << on_shift << " agents on shift, agents act " << seconds(a.reaction)
        << " after they can; waits until an agent has the chat.\n";
    print_table(out, runs);
    print_agents(out, runs);
    if (runs.size() > 1) {
        out << "\n" << recommendation(runs, a.target_wait) << "\n";
    }
    if (!a.plot.empty() && !write_plot(a.plot, runs, error)) {
        err << "switchboard simulate: " << error << "\n";
        return 1;
    }
    if (!a.csv.empty()) {
        std::ofstream csv(a.csv, std::ios::binary);
        write_csv(csv, runs);
        if (!csv) {
            err << "switchboard simulate: cannot write " << a.csv << "\n";
            return 1;
        }
    }
    return 0;
}

}  // namespace component
