#include "routing/simulation.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <queue>
#include <random>
#include <unordered_map>

#include "routing/workgroup.hpp"

namespace routing::simulation {

namespace {

using std::chrono::duration_cast;

// What a simulated person does next, at `at`.
struct Action {
    enum class Kind : std::uint8_t {
        arrive,       // arrival `index` writes their first message
        answer_menu,  // ... answers the menu
        give_up,      // ... leaves if no agent has the chat yet
        shift_start,  // shift `index`: online
        away_start,   // shift `index`, away period `away`
        away_end,
        shift_end,
        answer,  // `agent` answers the offer of `conversation`
        take,    // `agent` types `take ID` (broadcast) or `next` (queue)
        close,   // `agent` closes `conversation`
    };
    Duration at{0};
    std::uint64_t order = 0;  // ties: in the order they were planned
    Kind kind = Kind::arrive;
    std::size_t index = 0;
    std::size_t away = 0;
    AgentId agent = 0;
    ConversationId conversation = 0;
    bool operator>(const Action& o) const { return at != o.at ? at > o.at : order > o.order; }
};

struct Chat {
    std::size_t arrival = 0;
    bool owned = false;  // an agent had it once
    AgentId agent = 0;
    Duration owned_at{0};
};

class Replay {
  public:
    Replay(const WorkgroupSettings& settings, const Trace& trace, const Options& options)
        : settings_(settings),
          trace_(trace),
          options_(options),
          wg_(settings, options.seed),
          jitter_(options.seed ^ 0x5eedULL),
          pending_(settings.agents.size(), false),
          chat_time_(settings.agents.size(), Duration{0}),
          served_by_(settings.agents.size(), 0) {
        figures_.mode = settings.mode;
        figures_.label = settings.mode == Mode::broadcast && settings.adaptive_queue_above > 0
                             ? "adaptive"
                             : std::string(to_string(settings.mode));
        figures_.arrived = static_cast<int>(trace.arrivals.size());
        for (std::size_t i = 0; i < trace.arrivals.size(); ++i) {
            plan(trace.arrivals[i].at, Action::Kind::arrive, i);
            by_visitor_.emplace(trace.arrivals[i].visitor, i);
        }
        std::optional<Duration> first;
        Duration last{0};
        const auto seen = [&](Duration t) {
            first = first ? std::min(*first, t) : t;
            last = std::max(last, t);
        };
        for (const auto& a : trace.arrivals) {
            seen(a.at);
        }
        for (std::size_t i = 0; i < trace.shifts.size(); ++i) {
            const Shift& s = trace.shifts[i];
            plan(s.start, Action::Kind::shift_start, i);
            for (std::size_t k = 0; k < s.away.size(); ++k) {
                plan(s.away[k].first, Action::Kind::away_start, i, k);
                plan(s.away[k].second, Action::Kind::away_end, i, k);
            }
            plan(s.end, Action::Kind::shift_end, i);
            seen(s.start);
            seen(s.end);
        }
        span_start_ = first.value_or(Duration{0});
        span_end_ = last;
        availability_ = wg_.availability();
    }

    Figures run() {
        // Nothing is left once every person acted and no timer of the core is due before
        // an hour after the last planned event (a queue timeout, a grace period).
        const Duration horizon = span_end_ + std::chrono::hours{1};
        for (;;) {
            const std::optional<Duration> due = deadline();
            const bool act = !actions_.empty() && (!due || actions_.top().at <= *due);
            if (act) {
                const Action a = actions_.top();
                actions_.pop();
                advance(a.at);
                perform(a);
            } else if (due && *due <= horizon) {
                advance(*due);
                handle(Tick{});
            } else {
                break;
            }
        }
        advance(std::max(now_, span_end_));
        return finish();
    }

  private:
    void plan(Duration at, Action::Kind kind, std::size_t index = 0, std::size_t away = 0,
              AgentId agent = 0, ConversationId conversation = 0) {
        actions_.push(Action{at, next_order_++, kind, index, away, agent, conversation});
    }

    std::optional<Duration> deadline() const {
        const auto next = wg_.next_deadline();
        if (!next) {
            return std::nullopt;
        }
        return std::max(now_, duration_cast<Duration>(*next - options_.day_start));
    }

    Now at(Duration t) const { return Now::at_offset(options_.day_start + t, options_.utc_offset); }

    // Moves the clock to `t`: the availability held until then is counted, the queue
    // samples up to then are taken.
    void advance(Duration t) {
        if (t < now_) {
            t = now_;
        }
        count_availability(t);
        while (next_sample_ <= t) {
            figures_.queue.push_back(static_cast<int>(wg_.waiting_count()));
            next_sample_ += Figures::kSample;
        }
        now_ = t;
    }

    void count_availability(Duration until) {
        const Duration from = std::clamp(now_, span_start_, span_end_);
        const Duration to = std::clamp(until, span_start_, span_end_);
        if (to <= from) {
            return;
        }
        if (availability_ == Availability::full) {
            full_ += to - from;
        } else if (availability_ == Availability::closed) {
            closed_ += to - from;
        }
    }

    const std::string& jid(AgentId agent) const { return settings_.agents[agent].jid; }

    void handle(const Event& event) {
        const Effects fx = wg_.handle(event, at(now_));
        if (options_.watch) {
            options_.watch(now_, event, fx);
        }
        for (const Effect& e : fx) {
            observe(e);
        }
        pull();
    }

    void perform(const Action& a) {
        using K = Action::Kind;
        switch (a.kind) {
            case K::arrive: {
                const Arrival& v = trace_.arrivals[a.index];
                handle(VisitorMessage{v.visitor, v.visitor, v.text, v.language});
                if (const Conversation* c = wg_.conversation_of(v.visitor)) {
                    chats_.emplace(c->id, Chat{a.index});
                    if (v.patience > Duration{0}) {
                        plan(now_ + v.patience, K::give_up, a.index);
                    }
                }
                return;
            }
            case K::answer_menu: {
                const Arrival& v = trace_.arrivals[a.index];
                if (wg_.conversation_of(v.visitor) != nullptr) {
                    handle(VisitorMessage{v.visitor, v.visitor, v.choice, v.language});
                }
                return;
            }
            case K::give_up: {
                const Arrival& v = trace_.arrivals[a.index];
                const Conversation* c = wg_.conversation_of(v.visitor);
                if (c != nullptr && !chats_[c->id].owned) {
                    handle(VisitorPresence{v.visitor, false});
                }
                return;
            }
            case K::shift_start:
            case K::away_end:
                presence(a.index, Presence::online);
                return;
            case K::away_start:
                presence(a.index, Presence::away);
                return;
            case K::shift_end:
                presence(a.index, Presence::offline);
                return;
            case K::answer: {
                const Conversation* c = wg_.conversation(a.conversation);
                if (c != nullptr && c->state == ConversationState::offered && c->agent == a.agent) {
                    handle(AgentMessage{jid(a.agent), a.conversation, "Hello, how can I help?"});
                }
                return;
            }
            case K::take:
                pending_[a.agent] = false;
                if (wg_.mode() == Mode::queue) {  // an adaptive workgroup may be queue now
                    handle(AgentMessage{jid(a.agent), std::nullopt, "next"});
                } else if (const Conversation* c = wg_.conversation(a.conversation);
                           c != nullptr && !c->agent) {
                    handle(AgentMessage{jid(a.agent), std::nullopt,
                                        "take " + std::to_string(a.conversation)});
                } else {
                    pull();  // gone or taken meanwhile: look again
                }
                return;
            case K::close: {
                const Conversation* c = wg_.conversation(a.conversation);
                if (c != nullptr && c->agent == a.agent &&
                    c->state == ConversationState::assigned) {
                    handle(AgentMessage{jid(a.agent), a.conversation, "close"});
                }
                return;
            }
        }
    }

    void presence(std::size_t shift, Presence p) {
        if (const auto agent = wg_.find_agent(trace_.shifts[shift].agent)) {
            handle(AgentPresence{jid(*agent), "sim", p});
        }
    }

    void observe(const Effect& effect) {
        if (const auto* assign = std::get_if<Assign>(&effect)) {
            if (assign->reason == AssignReason::offered) {
                plan(now_ + options_.reaction, Action::Kind::answer, 0, 0, assign->agent,
                     assign->conversation);
            }
        } else if (const auto* told = std::get_if<TellVisitor>(&effect)) {
            observe_told(*told);
        } else if (const auto* closed = std::get_if<Closed>(&effect)) {
            const auto it = chats_.find(closed->conversation);
            if (it == chats_.end()) {
                return;
            }
            Chat& chat = it->second;
            if (chat.owned && closed->agent && *closed->agent == chat.agent) {
                chat_time_[chat.agent] += now_ - chat.owned_at;
            }
            if (closed->missed) {
                ++(closed->reason == CloseReason::visitor_left ? figures_.abandoned
                                                               : figures_.missed);
            }
            chats_.erase(it);
        } else if (const auto* changed = std::get_if<AvailabilityChanged>(&effect)) {
            availability_ = changed->availability;
        }
    }

    void observe_told(const TellVisitor& told) {
        using N = VisitorNotice;
        if (told.notice == N::agent_joined) {
            const Conversation* c = wg_.conversation(told.conversation);
            const auto it = chats_.find(told.conversation);
            if (c == nullptr || !c->agent || it == chats_.end()) {
                return;
            }
            Chat& chat = it->second;
            const Arrival& v = trace_.arrivals[chat.arrival];
            if (!chat.owned) {
                ++figures_.served;
                ++served_by_[*c->agent];
                const Duration waited = now_ - v.at;
                figures_.waits.push_back(waited);
                const auto bucket = static_cast<std::size_t>(now_ / Figures::kSample);
                if (wait_sum_.size() <= bucket) {
                    wait_sum_.resize(bucket + 1, {Duration{0}, 0});
                }
                wait_sum_[bucket].first += waited;
                ++wait_sum_[bucket].second;
            } else if (chat.agent != *c->agent) {
                chat_time_[chat.agent] += now_ - chat.owned_at;  // back from the queue
            }
            chat.owned = true;
            chat.agent = *c->agent;
            chat.owned_at = now_;
            plan(now_ + v.handle, Action::Kind::close, 0, 0, chat.agent, c->id);
        } else if (told.notice == N::menu) {
            if (const auto it = by_visitor_.find(told.visitor); it != by_visitor_.end()) {
                plan(now_ + options_.reaction, Action::Kind::answer_menu, it->second);
            }
        } else if ((told.notice == N::not_available || told.notice == N::offline) &&
                   told.conversation == 0) {
            ++figures_.missed;  // turned away: full or closed when they wrote
        }
    }

    // broadcast and queue: every agent who could take the oldest chat they may (has
    // room, online, not paused) types `take ID` or `next` `reaction` later. Agents act at
    // slightly different moments, so the quickest of them is not always the first listed.
    void pull() {
        if (settings_.mode != Mode::broadcast && settings_.mode != Mode::queue) {
            return;
        }
        if (wg_.waiting_count() == 0) {
            return;
        }
        for (AgentId id = 0; id < settings_.agents.size(); ++id) {
            if (pending_[id]) {
                continue;
            }
            const AgentStatus& s = wg_.agent(id);
            if (s.presence != Presence::online || s.paused ||
                static_cast<int>(s.chats.size()) >= settings_.agents[id].max_chats) {
                continue;
            }
            const auto oldest = wg_.waiting_for(id, 1);
            if (oldest.empty()) {
                continue;
            }
            const auto spread = std::max<Duration::rep>(1, options_.reaction.count() / 2);
            const Duration delay{options_.reaction.count() +
                                 static_cast<Duration::rep>(jitter_() % spread)};
            pending_[id] = true;
            plan(now_ + delay, Action::Kind::take, 0, 0, id, oldest.front());
        }
    }

    Figures finish() {
        Figures& f = figures_;
        std::sort(f.waits.begin(), f.waits.end());
        f.wait_p50 = percentile(f.waits, 50);
        f.wait_p90 = percentile(f.waits, 90);
        f.wait_p99 = percentile(f.waits, 99);
        f.span = span_end_ - span_start_;
        if (f.span > Duration{0}) {
            f.full_share = static_cast<double>(full_.count()) / static_cast<double>(f.span.count());
            f.closed_share =
                static_cast<double>(closed_.count()) / static_cast<double>(f.span.count());
        }
        for (const auto& [bucket_sum, n] : wait_sum_) {
            f.wait_by_time.push_back(n == 0 ? Duration{0} : bucket_sum / n);
        }
        std::vector<Duration> on_shift(settings_.agents.size(), Duration{0});
        for (const Shift& s : trace_.shifts) {
            if (const auto id = wg_.find_agent(s.agent)) {
                on_shift[*id] += s.end - s.start;
            }
        }
        bool first = true;
        for (AgentId id = 0; id < settings_.agents.size(); ++id) {
            const AgentSettings& conf = settings_.agents[id];
            AgentFigures a;
            a.agent = conf.jid;
            a.chats = served_by_[id];
            a.on_shift = on_shift[id];
            a.chat_time = chat_time_[id];
            if (a.on_shift > Duration{0} && conf.max_chats > 0) {
                a.utilisation = static_cast<double>(a.chat_time.count()) /
                                (static_cast<double>(a.on_shift.count()) * conf.max_chats);
            }
            // daily_limit is a cap in weighted mode only.
            a.capped = settings_.mode == Mode::weighted && conf.daily_limit > 0 &&
                       wg_.agent(id).daily_count >= conf.daily_limit;
            f.capped += a.capped ? 1 : 0;
            if (a.on_shift > Duration{0}) {
                f.chats_min = first ? a.chats : std::min(f.chats_min, a.chats);
                f.chats_max = first ? a.chats : std::max(f.chats_max, a.chats);
                first = false;
            }
            f.agents.push_back(std::move(a));
        }
        return std::move(figures_);
    }

    const WorkgroupSettings& settings_;
    const Trace& trace_;
    const Options& options_;
    Workgroup wg_;
    std::mt19937_64 jitter_;
    std::priority_queue<Action, std::vector<Action>, std::greater<>> actions_;
    std::uint64_t next_order_ = 0;
    std::unordered_map<std::string, std::size_t> by_visitor_;
    std::unordered_map<ConversationId, Chat> chats_;
    std::vector<bool> pending_;  // an agent's take/next is planned
    std::vector<Duration> chat_time_;
    std::vector<int> served_by_;
    std::vector<std::pair<Duration, int>> wait_sum_;
    Figures figures_;
    Duration now_{0};
    Duration next_sample_{0};
    Duration span_start_{0}, span_end_{0};
    Availability availability_ = Availability::closed;
    Duration full_{0}, closed_{0};
};

}  // namespace

Duration percentile(const std::vector<Duration>& sorted, double p) {
    if (sorted.empty()) {
        return Duration{0};
    }
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * sorted.size()));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

Figures run(const WorkgroupSettings& settings, const Trace& trace, const Options& options) {
    return Replay(settings, trace, options).run();
}

std::string agent_jid(int n) {
    return "agent" + std::to_string(n) + "@sim.invalid";
}

Trace generate(const Traffic& traffic) {
    std::mt19937_64 rng(traffic.seed);
    std::array<double, 24> profile = traffic.profile;
    if (std::all_of(profile.begin(), profile.end(), [](double w) { return w <= 0; })) {
        // Quiet at night, a morning and an afternoon peak.
        profile = {1, 1, 1, 1, 1, 1, 2, 4, 8, 10, 10, 9, 7, 8, 10, 10, 9, 7, 5, 4, 3, 2, 1, 1};
    }
    double total = 0;
    for (double w : profile) {
        total += std::max(0.0, w);
    }
    Trace trace;
    // log-normal with the requested mean: mean = exp(mu + sigma^2 / 2).
    const double sigma = traffic.handle_sigma;
    const double mu =
        std::log(std::chrono::duration<double>(traffic.handle).count()) - sigma * sigma / 2;
    std::lognormal_distribution<double> handle(mu, sigma);
    const double patience_mean = std::chrono::duration<double>(traffic.patience).count();
    std::exponential_distribution<double> patience(patience_mean > 0 ? 1 / patience_mean : 1);
    std::size_t n = 0;
    for (int hour = 0; hour < 24; ++hour) {
        const double rate = traffic.per_hour * 24 * std::max(0.0, profile[hour]) / total;
        if (rate <= 0) {
            continue;
        }
        std::exponential_distribution<double> gap(rate / 3600.0);
        for (double t = gap(rng); t < 3600; t += gap(rng)) {
            Arrival a;
            a.at = std::chrono::hours{hour} +
                   Duration{static_cast<Duration::rep>(std::llround(t * 1000))};
            a.visitor = "v" + std::to_string(++n);
            a.language = "en";
            a.text = "Hello, I have a question.";
            a.handle = Duration{std::max<Duration::rep>(1000, std::llround(handle(rng) * 1000))};
            a.patience =
                patience_mean > 0
                    ? Duration{std::max<Duration::rep>(1000, std::llround(patience(rng) * 1000))}
                    : Duration{0};
            trace.arrivals.push_back(std::move(a));
        }
    }
    for (int i = 1; i <= traffic.agents; ++i) {
        trace.shifts.push_back(Shift{agent_jid(i), traffic.shift_start, traffic.shift_end, {}});
    }
    return trace;
}

}  // namespace routing::simulation
