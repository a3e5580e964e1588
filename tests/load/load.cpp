// switchboard_load: plays N visitors and M agents through a real XMPP server, as a second
// external component, and measures what a help desk would feel (tests/load/README.md).
//
//   switchboard_load --port P --secret S --domain load.localhost
//                    --workgroup support@desk.localhost [--trivial relay@relay.localhost]
//                    [--visitors 200] [--agents 20] [--seconds 10] [--warmup 2]
//                    [--rate PER_SECOND] [--lines-per-chat K] [--waiting N]
//                    [--switchboard-pid PID] [--relay-pid PID] [--server-pid PID]
//                    [--csv FILE] [--label TEXT]
//   switchboard_load --relay --port P --secret S --domain relay.localhost
//                    --agent-domain load.localhost --agents M
//
// Visitors are v<i>@DOMAIN/r, agents a<j>@DOMAIN/r. A visitor writes "m <i> <seq> <ns>"
// to the workgroup; the agent who gets it answers "r <i> <seq> <ns>" into the conversation;
// the visitor measures the round trip from the echoed send time. Closed loop by default
// (each visitor waits for the answer before writing again); `--rate` sends on a schedule
// instead (open loop, for latency against offered load). With `--lines-per-chat K`, the
// agent closes each chat after K answers and the visitor starts a new one (routing cost).
// `--trivial` runs the same scenario first through a relay that does no routing at all
// (this binary with `--relay`), through the same server, and prints the ratios.
// `--waiting N`: N visitors write once and wait in a queue; prints the RSS and database
// growth per waiting visitor.

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "xmpp/builders.hpp"
#include "xmpp/component_connection.hpp"
#include "xmpp/context.hpp"
#include "xmpp/namespaces.hpp"
#include "xmpp/stanza.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using xmpp::Stanza;

struct Options {
    std::string host = "127.0.0.1";
    int port = 5347;
    std::string secret;
    std::string domain = "load.localhost";
    std::string workgroup;  ///< the Switchboard workgroup JID
    std::string trivial;    ///< the relay's JID, when comparing
    int visitors = 200;
    int agents = 20;
    double seconds = 10;
    double warmup = 2;
    double rate = 0;  ///< messages per second over all visitors; 0: closed loop
    int lines_per_chat = 0;
    int waiting = 0;
    int switchboard_pid = 0;
    int relay_pid = 0;
    int server_pid = 0;
    std::string csv;
    std::string label;
    std::string db;  ///< Switchboard's database (for --waiting)
    bool relay = false;
    std::string agent_domain;  ///< --relay: where the agents are
};

[[noreturn]] void usage(const std::string& why) {
    std::cerr << "switchboard_load: " << why << "\n(see tests/load/README.md)\n";
    std::exit(2);
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--relay") {
            o.relay = true;
            continue;
        }
        if (i + 1 >= argc) {
            usage(arg + " needs a value");
        }
        const std::string v = argv[++i];
        auto number = [&] {
            try {
                return std::stod(v);
            } catch (...) {
                usage(arg + ": not a number: " + v);
            }
        };
        if (arg == "--host")
            o.host = v;
        else if (arg == "--port")
            o.port = static_cast<int>(number());
        else if (arg == "--secret")
            o.secret = v;
        else if (arg == "--domain")
            o.domain = v;
        else if (arg == "--workgroup")
            o.workgroup = v;
        else if (arg == "--trivial")
            o.trivial = v;
        else if (arg == "--visitors")
            o.visitors = static_cast<int>(number());
        else if (arg == "--agents")
            o.agents = static_cast<int>(number());
        else if (arg == "--seconds")
            o.seconds = number();
        else if (arg == "--warmup")
            o.warmup = number();
        else if (arg == "--rate")
            o.rate = number();
        else if (arg == "--lines-per-chat")
            o.lines_per_chat = static_cast<int>(number());
        else if (arg == "--waiting")
            o.waiting = static_cast<int>(number());
        else if (arg == "--switchboard-pid")
            o.switchboard_pid = static_cast<int>(number());
        else if (arg == "--relay-pid")
            o.relay_pid = static_cast<int>(number());
        else if (arg == "--server-pid")
            o.server_pid = static_cast<int>(number());
        else if (arg == "--csv")
            o.csv = v;
        else if (arg == "--label")
            o.label = v;
        else if (arg == "--db")
            o.db = v;
        else if (arg == "--agent-domain")
            o.agent_domain = v;
        else
            usage("unknown option " + arg);
    }
    if (o.secret.empty()) {
        usage("--secret is required");
    }
    if (!o.relay && o.workgroup.empty()) {
        usage("--workgroup is required");
    }
    if (o.visitors < 1 || o.agents < 1) {
        usage("--visitors and --agents must be at least 1");
    }
    return o;
}

// CPU seconds (user + system) a process has used so far, from /proc; 0 when unknown.
double cpu_seconds(int pid) {
    if (pid <= 0) {
        return 0;
    }
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = stat.rfind(')');  // the command name may hold spaces
    if (close == std::string::npos) {
        return 0;
    }
    std::istringstream fields(stat.substr(close + 2));
    std::string skip;
    for (int i = 3; i < 14; ++i) {  // fields 3..13
        fields >> skip;
    }
    double utime = 0;
    double stime = 0;
    fields >> utime >> stime;
    return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Resident memory of a process in KiB, from /proc; 0 when unknown.
long rss_kib(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::atol(line.c_str() + 6);
        }
    }
    return 0;
}

long file_bytes(const std::string& path) {
    long total = 0;
    for (const char* suffix : {"", "-wal"}) {
        struct stat st {};
        if (::stat((path + suffix).c_str(), &st) == 0) {
            total += st.st_size;
        }
    }
    return total;
}

double percentile(std::vector<double>& v, double p) {
    if (v.empty()) {
        return 0;
    }
    const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

double ms_since(std::int64_t ns, Clock::time_point now) {
    return static_cast<double>(now.time_since_epoch().count() - ns) / 1e6;
}

// The local part's number of "v12@..." or "a3@...", or -1.
int index_of(std::string_view jid, char kind) {
    if (jid.size() < 2 || jid[0] != kind) {
        return -1;
    }
    int n = 0;
    std::size_t i = 1;
    for (; i < jid.size() && jid[i] >= '0' && jid[i] <= '9'; ++i) {
        n = n * 10 + (jid[i] - '0');
    }
    return i > 1 && i < jid.size() && jid[i] == '@' ? n : -1;
}

// The kind of a Switchboard notice to a visitor (urn:switchboard:visitor:0), or empty.
std::string notice_of(const Stanza& message) {
    for (const auto& child : message.children()) {
        if (child.name() == "notice") {
            return std::string(child.attr("kind"));
        }
    }
    return {};
}

/// What one run against one target measured.
struct Figures {
    std::string target;
    double seconds = 0;
    std::uint64_t round_trips = 0;
    std::uint64_t chats = 0;
    std::uint64_t sent = 0;
    std::vector<double> rtt;
    std::vector<double> to_agent;
    double cpu_target = 0;
    double cpu_server = 0;
};

/// The visitors and agents, playing against one target JID on one connection.
class Players {
  public:
    Players(const xmpp::Context& ctx, xmpp::ComponentConnection& conn, const Options& o)
        : ctx_(ctx), conn_(conn), o_(o), visitors_(static_cast<std::size_t>(o.visitors)) {}

    void start(const std::string& target, bool announce_agents) {
        target_ = target;
        measuring_ = false;
        quiet_ = false;
        figures_ = Figures{};
        figures_.target = target;
        for (auto& v : visitors_) {
            v = Visitor{};
        }
        if (announce_agents) {
            for (int j = 0; j < o_.agents; ++j) {
                conn_.send(xmpp::presence(ctx_, agent_jid(j), target_));
            }
        }
    }

    void measure(bool on) { measuring_ = on; }
    /// Visitors write no more (the in-flight answers still arrive).
    void quiet() {
        quiet_ = true;
        for (auto& v : visitors_) {
            v.next_at = Clock::time_point{};
        }
    }
    Figures& figures() { return figures_; }

    /// Closed loop: every visitor writes its first line. Open loop: nothing yet.
    void kick_off(Clock::time_point now) {
        for (int i = 0; i < o_.visitors; ++i) {
            if (o_.rate <= 0) {
                send_line(i, now);
            } else {
                // Spread evenly over one period of the schedule.
                const double period = o_.visitors / o_.rate;
                visitors_[static_cast<std::size_t>(i)].next_at =
                    now + std::chrono::duration_cast<Clock::duration>(
                              std::chrono::duration<double>(period * i / o_.visitors));
            }
        }
    }

    /// Open loop: sends what is due.
    void tick(Clock::time_point now) {
        if (o_.rate <= 0) {
            return;
        }
        const auto period = std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(o_.visitors / o_.rate));
        for (int i = 0; i < o_.visitors; ++i) {
            auto& v = visitors_[static_cast<std::size_t>(i)];
            while (v.next_at != Clock::time_point{} && v.next_at <= now) {
                send_line(i, now);
                v.next_at += period;
            }
        }
    }

    void on_stanza(const Stanza& s) {
        if (s.name() == "iq" && (s.type() == "get" || s.type() == "set")) {
            conn_.send(xmpp::iq_result(ctx_, s));
            return;
        }
        if (s.name() != "message" || s.type() == "error") {
            if (s.name() == "message") {
                ++errors_;
            }
            return;
        }
        const auto now = Clock::now();
        if (const int i = index_of(s.to(), 'v'); i >= 0 && i < o_.visitors) {
            visitor_got(i, s, now);
        } else if (const int j = index_of(s.to(), 'a'); j >= 0 && j < o_.agents) {
            agent_got(j, s, now);
        }
    }

    std::uint64_t errors() const { return errors_; }
    std::uint64_t notices(const std::string& kind) const {
        auto it = notices_.find(kind);
        return it == notices_.end() ? 0 : it->second;
    }

  private:
    struct Visitor {
        std::uint64_t seq = 0;
        Clock::time_point next_at{};
    };

    std::string visitor_jid(int i) const {
        return "v" + std::to_string(i) + "@" + o_.domain + "/r";
    }
    std::string agent_jid(int j) const { return "a" + std::to_string(j) + "@" + o_.domain + "/r"; }

    void send_line(int i, Clock::time_point now) {
        if (quiet_) {
            return;
        }
        auto& v = visitors_[static_cast<std::size_t>(i)];
        const std::string body = "m " + std::to_string(i) + " " + std::to_string(++v.seq) + " " +
                                 std::to_string(now.time_since_epoch().count());
        conn_.send(xmpp::message(ctx_, visitor_jid(i), target_, "chat", body));
        if (measuring_) {
            ++figures_.sent;
        }
    }

    void visitor_got(int i, const Stanza& s, Clock::time_point now) {
        const std::string notice = notice_of(s);
        if (!notice.empty()) {
            ++notices_[notice];
            if (notice == "closed" && o_.rate <= 0) {
                if (measuring_) {
                    ++figures_.chats;
                }
                send_line(i, now);  // a new chat
            }
            return;
        }
        const std::string body = s.child("body").text();
        int who = 0;
        unsigned long long seq = 0;
        long long ns = 0;
        if (std::sscanf(body.c_str(), "r %d %llu %lld", &who, &seq, &ns) != 3 || who != i) {
            return;
        }
        if (measuring_) {
            ++figures_.round_trips;
            figures_.rtt.push_back(ms_since(ns, now));
        }
        const bool closes = o_.lines_per_chat > 0 && seq % o_.lines_per_chat == 0;
        if (o_.rate <= 0 && !closes) {
            send_line(i, now);
        }
    }

    void agent_got(int j, const Stanza& s, Clock::time_point now) {
        if (s.from() == target_) {
            return;  // a notice from the workgroup (an offer, an answer to a command)
        }
        const std::string body = s.child("body").text();
        int who = 0;
        unsigned long long seq = 0;
        long long ns = 0;
        if (std::sscanf(body.c_str(), "m %d %llu %lld", &who, &seq, &ns) != 3) {
            return;
        }
        if (measuring_) {
            figures_.to_agent.push_back(ms_since(ns, now));
        }
        const std::string from = agent_jid(j);
        conn_.send(xmpp::message(ctx_, from, s.from(), "chat", "r" + body.substr(1)));
        if (o_.lines_per_chat > 0 && seq % o_.lines_per_chat == 0) {
            conn_.send(xmpp::message(ctx_, from, s.from(), "chat", "close"));
        }
    }

    const xmpp::Context& ctx_;
    xmpp::ComponentConnection& conn_;
    const Options& o_;
    std::vector<Visitor> visitors_;
    std::string target_;
    bool measuring_ = false;
    bool quiet_ = false;
    Figures figures_;
    std::uint64_t errors_ = 0;
    std::unordered_map<std::string, std::uint64_t> notices_;
};

std::string fixed(double v, int digits = 1) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

void report(const Options& o, Figures& f, std::ostream& out) {
    const double per_s = f.round_trips / f.seconds;
    out << f.target << ": " << o.visitors << " visitors, " << o.agents << " agents, "
        << (o.rate > 0 ? "open loop at " + fixed(o.rate, 0) + " lines/s" : "closed loop") << ", "
        << fixed(f.seconds) << " s measured\n";
    out << "  round trips/s       " << fixed(per_s, 0) << "\n";
    if (o.lines_per_chat > 0) {
        out << "  conversations/s     " << fixed(f.chats / f.seconds, 1) << "\n";
    }
    out << "  round trip ms       p50 " << fixed(percentile(f.rtt, 0.50)) << "  p95 "
        << fixed(percentile(f.rtt, 0.95)) << "  p99 " << fixed(percentile(f.rtt, 0.99)) << "\n";
    out << "  visitor->agent ms   p50 " << fixed(percentile(f.to_agent, 0.50)) << "  p95 "
        << fixed(percentile(f.to_agent, 0.95)) << "  p99 " << fixed(percentile(f.to_agent, 0.99))
        << "\n";
    out << "  cpu s               " << f.target << " " << fixed(f.cpu_target, 2) << "  server "
        << fixed(f.cpu_server, 2);
    if (f.cpu_server > 0) {
        out << "  ratio " << fixed(f.cpu_target / f.cpu_server, 2);
    }
    out << "\n";
    if (!o.csv.empty()) {
        const bool fresh = file_bytes(o.csv) == 0;
        std::ofstream csv(o.csv, std::ios::app);
        if (fresh) {
            csv << "label,target,visitors,agents,rate,seconds,round_trips_per_s,"
                   "conversations_per_s,p50_ms,p95_ms,p99_ms,cpu_target_s,cpu_server_s\n";
        }
        csv << o.label << "," << f.target << "," << o.visitors << "," << o.agents << "," << o.rate
            << "," << f.seconds << "," << fixed(per_s, 1) << "," << fixed(f.chats / f.seconds, 2)
            << "," << fixed(percentile(f.rtt, 0.50), 2) << "," << fixed(percentile(f.rtt, 0.95), 2)
            << "," << fixed(percentile(f.rtt, 0.99), 2) << "," << fixed(f.cpu_target, 3) << ","
            << fixed(f.cpu_server, 3) << "\n";
    }
}

}  // namespace

namespace {

xmpp::ComponentOptions connection_options(const Options& o) {
    xmpp::ComponentOptions c;
    c.host = o.host;
    c.port = static_cast<std::uint16_t>(o.port);
    c.domain = o.domain;
    c.secret = o.secret;
    return c;
}

// Steps of a run, each with its own length; `each` runs on every turn of the loop.
struct Step {
    std::string what;
    double seconds;
    std::function<void(Clock::time_point)> begin;
    std::function<bool()> done_early;  ///< may end the step before its time
};

int run_steps(xmpp::ComponentConnection& conn, std::vector<Step> steps,
              const std::function<void(Clock::time_point)>& each) {
    std::atomic<bool> stop{false};
    std::size_t at = 0;
    bool online = false;
    Clock::time_point ends{};
    conn.on_online([&] { online = true; });
    const auto result = conn.run(
        stop,
        [&] {
            if (!online || stop) {
                return;
            }
            const auto now = Clock::now();
            if (ends == Clock::time_point{} || now >= ends ||
                (steps[at].done_early && steps[at].done_early())) {
                if (ends != Clock::time_point{} && ++at == steps.size()) {
                    stop = true;
                    return;
                }
                ends = now + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(steps[at].seconds));
                if (steps[at].begin) {
                    steps[at].begin(now);
                }
            }
            each(now);
        },
        std::chrono::milliseconds{1});
    if (result == xmpp::RunResult::refused) {
        std::cerr << "switchboard_load: the server refused the connection: " << conn.fatal_reason()
                  << "\n";
        return 1;
    }
    return 0;
}

int waiting_main(Options o, xmpp::Context& ctx, xmpp::ComponentConnection& conn) {
    o.visitors = o.waiting;
    Players players(ctx, conn, o);
    conn.on_stanza([&](const Stanza& s) { players.on_stanza(s); });
    long rss_before = 0;
    long db_before = 0;
    std::vector<Step> steps;
    steps.push_back({"agents announce themselves",
                     1.0,
                     [&](Clock::time_point) { players.start(o.workgroup, true); },
                     {}});
    steps.push_back({"settle",
                     1.0,
                     [&](Clock::time_point) {
                         rss_before = rss_kib(o.switchboard_pid);
                         db_before = o.db.empty() ? 0 : file_bytes(o.db);
                     },
                     {}});
    steps.push_back(
        {"visitors write once", 120.0, [&](Clock::time_point now) { players.kick_off(now); },
         [&] { return players.notices("position") >= static_cast<std::uint64_t>(o.waiting); }});
    steps.push_back({"settle", 2.0, {}, {}});
    const int rc = run_steps(conn, std::move(steps), [](Clock::time_point) {});
    const long rss_after = rss_kib(o.switchboard_pid);
    const long db_after = o.db.empty() ? 0 : file_bytes(o.db);
    const double n = o.waiting;
    std::cout << "waiting: " << players.notices("position") << " of " << o.waiting
              << " visitors told their place in the queue\n"
              << "  switchboard RSS     " << rss_before << " KiB -> " << rss_after
              << " KiB: " << fixed((rss_after - rss_before) * 1024.0 / n, 0)
              << " bytes per waiting visitor\n"
              << "  database            " << db_before / 1024 << " KiB -> " << db_after / 1024
              << " KiB: " << fixed((db_after - db_before) / n, 0) << " bytes per waiting visitor\n";
    return rc;
}

int driver_main(const Options& o) {
    xmpp::Context ctx;
    xmpp::ComponentConnection conn(ctx, connection_options(o));
    if (o.waiting > 0) {
        return waiting_main(o, ctx, conn);
    }
    Players players(ctx, conn, o);
    conn.on_stanza([&](const Stanza& s) { players.on_stanza(s); });
    std::vector<Figures> results;
    struct Target {
        std::string jid;
        int pid;
        bool announce;
    };
    std::vector<Target> targets;
    if (!o.trivial.empty()) {
        targets.push_back({o.trivial, o.relay_pid, false});
    }
    targets.push_back({o.workgroup, o.switchboard_pid, true});
    std::vector<Step> steps;
    double cpu_target = 0;
    double cpu_server = 0;
    for (const auto& t : targets) {
        steps.push_back({"start " + t.jid,
                         1.0,
                         [&, t](Clock::time_point) { players.start(t.jid, t.announce); },
                         {}});
        steps.push_back(
            {"warm up", o.warmup, [&](Clock::time_point now) { players.kick_off(now); }, {}});
        steps.push_back({"measure",
                         o.seconds,
                         [&, t](Clock::time_point) {
                             cpu_target = cpu_seconds(t.pid);
                             cpu_server = cpu_seconds(o.server_pid);
                             players.measure(true);
                         },
                         {}});
        steps.push_back({"drain",
                         3.0,
                         [&, t](Clock::time_point) {
                             players.measure(false);
                             players.quiet();
                             Figures f = players.figures();
                             f.seconds = o.seconds;
                             f.cpu_target = cpu_seconds(t.pid) - cpu_target;
                             f.cpu_server = cpu_seconds(o.server_pid) - cpu_server;
                             f.target = t.jid;
                             results.push_back(std::move(f));
                         },
                         {}});
    }
    const int rc =
        run_steps(conn, std::move(steps), [&](Clock::time_point now) { players.tick(now); });
    for (auto& f : results) {
        report(o, f, std::cout);
    }
    if (results.size() == 2) {
        Figures& relay = results[0];
        Figures& desk = results[1];
        const double ratio =
            relay.round_trips > 0 ? static_cast<double>(desk.round_trips) / relay.round_trips : 0;
        std::cout << "switchboard / trivial relay: round trips " << fixed(ratio, 2) << "x, p99 "
                  << (percentile(desk.rtt, 0.99) >= percentile(relay.rtt, 0.99) ? "+" : "")
                  << fixed(percentile(desk.rtt, 0.99) - percentile(relay.rtt, 0.99)) << " ms\n";
    }
    if (players.errors() > 0) {
        std::cout << "errors: " << players.errors() << " error messages received\n";
    }
    for (const auto& f : results) {
        if (f.round_trips == 0) {
            std::cerr << "switchboard_load: no round trip through " << f.target << "\n";
            return 1;
        }
    }
    return rc;
}

// The trivial relay: no routing, no state beyond who is who. A visitor's line to the
// relay goes to a fixed agent from a per-visitor conversation address; the agent's answer
// to that address goes back to the visitor; "close" ends the chat with a closing notice.
int relay_main(const Options& o) {
    xmpp::Context ctx;
    xmpp::ComponentConnection conn(ctx, connection_options(o));
    const std::string self = "relay@" + o.domain;
    std::unordered_map<int, std::string> visitor_of;  // conversation number -> full JID
    conn.on_stanza([&](const Stanza& s) {
        if (s.name() == "iq" && (s.type() == "get" || s.type() == "set")) {
            conn.send(xmpp::iq_result(ctx, s));
            return;
        }
        if (s.name() != "message" || s.type() == "error") {
            return;
        }
        const std::string body = s.child("body").text();
        if (s.to() == self) {
            const int i = index_of(s.from(), 'v');
            if (i < 0) {
                return;
            }
            visitor_of[i] = std::string(s.from());
            conn.send(xmpp::message(ctx, "c" + std::to_string(i) + "@" + o.domain,
                                    "a" + std::to_string(i % o.agents) + "@" + o.agent_domain,
                                    "chat", body));
            return;
        }
        const int c = index_of(s.to(), 'c');
        auto it = visitor_of.find(c);
        if (it == visitor_of.end()) {
            return;
        }
        Stanza m = xmpp::message(ctx, self, it->second, "chat", body);
        if (body == "close") {
            Stanza notice = xmpp::element(ctx, "notice", "urn:switchboard:visitor:0");
            notice.set_attr("kind", "closed");
            m.add(notice);
        }
        conn.send(m);
    });
    std::atomic<bool> stop{false};
    return conn.run(stop, [] {}) == xmpp::RunResult::refused ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    return o.relay ? relay_main(o) : driver_main(o);
}
