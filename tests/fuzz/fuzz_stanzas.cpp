// libFuzzer target: arbitrary stanzas through component::Service, the stanza-to-event
// translation. One Service lives across inputs so state builds up (visitors waiting,
// agents online, conversations open, timers due); each input is a short script of
// stanzas addressed among a fixed cast of visitors, agents, workgroups and conversations,
// with fuzzed types, bodies, attributes and children, plus raw XML and timer ticks.
//
// Seed files are readable: stanzas as XML text, each followed by a backslash and a newline,
// then a tail of ASCII digits read from the end, two per stanza ('0' '0': raw XML, as is)
// and a final '5' (a tick): "<presence/>\<LF><message>...</message>\<LF>50000".
//
// Checked: no crash or sanitizer report, no leak (at exit); an iq get/set with a valid from
// gets exactly one iq answer with its id; results and errors are never answered; an error
// is never answered with an error; one stanza never makes more than kMaxReplies replies.

#include <fuzzer/FuzzedDataProvider.h>
#include <spdlog/spdlog.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "component/service.hpp"
#include "config/config.hpp"
#include "xmpp/context.hpp"
#include "xmpp/jid.hpp"
#include "xmpp/namespaces.hpp"
#include "xmpp/stanza.hpp"

namespace {

using xmpp::Stanza;

// Short timeouts so the real-time timers fire while the fuzzer runs; state in memory.
constexpr const char* kDesk = R"(
[server]
domain = "desk.example.com"
secret = "fuzz"

[storage]
path = ":memory:"

[workgroups.support]
mode = "round_robin"
order = "random"
max_queue = 3
sticky = true
offer_timeout = "30ms"
queue_timeout = "300ms"
offline_grace = "50ms"
visitor_grace = "50ms"
max_message = "1KiB"
[[workgroups.support.agents]]
jid = "alice@example.com"
max_chats = 2
skills = ["refund", "de"]
[[workgroups.support.agents]]
jid = "bob@example.com"
skills = ["change"]
[workgroups.support.menu]
question = "What service do you need?"
options = [ { label = "Refund", skill = "refund" }, { label = "Change", skill = "change" } ]
[[workgroups.support.rules]]
language = "de"
skill = "de"
[[workgroups.support.rules]]
keyword = "invoice"
skill = "refund"

[workgroups.sales]
mode = "broadcast"
include_away = true
offer_timeout = "40ms"
[[workgroups.sales.agents]]
jid = "bob@example.com"
[[workgroups.sales.agents]]
jid = "carol@example.com"

[workgroups.billing]
mode = "queue"
max_queue = 1
assign_delay = "20ms"
queue_timeout = "100ms"
[[workgroups.billing.agents]]
jid = "alice@example.com"
[[workgroups.billing.agents]]
jid = "dave@example.com"

[workgroups.help]
mode = "least_busy"
include_offline = true
offline_grace = "0s"
[[workgroups.help.agents]]
jid = "carol@example.com"
priority = 1
[[workgroups.help.agents]]
jid = "dave@example.com"

[workgroups.shares]
mode = "weighted"
hours = ["mon-sun 00:00-12:00"]
[[workgroups.shares.agents]]
jid = "alice@example.com"
daily_limit = 2
[[workgroups.shares.agents]]
jid = "carol@example.com"
daily_limit = 3
)";

constexpr const char* kDomain = "desk.example.com";
constexpr std::array<const char*, 6> kWorkgroups = {"support", "sales",  "billing",
                                                    "help",    "shares", "ghost"};
constexpr std::array<const char*, 16> kSenders = {"v1@anon.example.com/w1",
                                                  "v1@anon.example.com/w2",
                                                  "v2@anon.example.com/w",
                                                  "v3@visitors.example.org",
                                                  "alice@example.com/phone",
                                                  "alice@example.com/desk",
                                                  "bob@example.com/r",
                                                  "carol@example.com/r",
                                                  "dave@example.com",
                                                  "ALICE@Example.com/x",
                                                  "desk.example.com",
                                                  "support@desk.example.com",
                                                  "",
                                                  "@bad",
                                                  "a@b@c",
                                                  "x@[::1]/r"};
constexpr std::array<const char*, 16> kBodies = {
    "hello",  "take",       "next",    "close",       "transfer bob", "transfer carol@example.com",
    "help",   "list",       "pause",   "ready",       "status",       "1",
    "Refund", "my invoice", "  NEXT ", "transfer a b"};
constexpr std::array<const char*, 5> kChatStates = {"active", "composing", "paused", "inactive",
                                                    "gone"};

// A bound on the replies to one stanza: far above what the cast can cause, far below a loop.
constexpr std::size_t kMaxReplies = 1000;
// Stanzas per input: keeps each input fast whatever its length.
constexpr int kMaxStanzas = 64;
// Raw XML per stanza: room for a few thousand children or levels of nesting (the wide and
// deep seeds). Parsing costs time quadratic in the children of one element (README,
// "Limits and known costs"); far larger stanzas would only find that out as timeouts.
constexpr std::size_t kMaxRaw = 16 * 1024;
// Nicks up to here: well past what Switchboard keeps of one (routing::texts::kNameChars).
constexpr std::size_t kMaxNick = 4096;

[[noreturn]] void fail(const char* what, const Stanza& in) {
    std::fprintf(stderr, "fuzz_stanzas: %s\n  in: %s\n", what, in.to_string().c_str());
    std::abort();
}

// The process-wide harness: one libstrophe context and one Service, reused by every input.
class Harness {
  public:
    Harness() {
        auto loaded = config::load_string(kDesk, "fuzz.toml");
        if (auto* errors = std::get_if<std::vector<config::Error>>(&loaded)) {
            for (const auto& e : *errors) {
                std::fprintf(stderr, "%s\n", config::to_string(e).c_str());
            }
            std::abort();
        }
        config_ = std::get<config::Config>(std::move(loaded));
        service_ = std::make_unique<component::Service>(
            ctx_, config_, [this](const Stanza& s) { on_sent(s); }, 1, now_);
        service_->on_online(now_);
    }

    void run(FuzzedDataProvider& in) {
        for (int n = 0; n < kMaxStanzas && in.remaining_bytes() > 0; ++n) {
            switch (in.ConsumeIntegralInRange<int>(0, 7)) {
                case 0:
                    deliver(in, raw(in));
                    break;
                case 1:
                case 2:
                    deliver(in, message(in));
                    break;
                case 3:
                    deliver(in, presence(in));
                    break;
                case 4:
                    deliver(in, iq(in));
                    break;
                case 5:
                    // Time passes only here, by a fuzzed amount: timers (30 ms offers,
                    // 300 ms queue timeouts) fire as the input says, reproducibly.
                    pass(std::chrono::milliseconds{in.ConsumeIntegralInRange<int>(0, 400)});
                    service_->tick(now_);
                    break;
                case 6:
                    if (in.ConsumeIntegralInRange<int>(0, 15) == 0) {
                        service_->on_online(now_);
                    }
                    break;
                default:
                    deliver(in, deep(in));
                    break;
            }
        }
        service_->tick(now_);
    }

  private:
    void pass(std::chrono::milliseconds d) {
        now_.wall += d;
        now_.steady += d;
    }

    // Conversation JIDs seen in our replies, so later stanzas can address them.
    void on_sent(const Stanza& s) {
        if (!s) {
            std::fprintf(stderr, "fuzz_stanzas: an empty stanza was sent\n");
            std::abort();
        }
        sent_.push_back(s);
        const std::string from(s.from());
        const auto at = from.find('@');
        const auto dot = from.rfind('.', at);
        if (at != std::string::npos && dot != std::string::npos &&
            from.compare(at + 1, std::string::npos, kDomain) == 0) {
            conversations_[next_conversation_++ % conversations_.size()] = from;
        }
    }

    // Hands one stanza to the Service (sometimes through its text form, so the parser
    // sees realistic XML too) and checks the answers.
    void deliver(FuzzedDataProvider& in, Stanza stanza) {
        if (!stanza) {
            return;
        }
        if (in.ConsumeBool()) {
            stanza = xmpp::parse(ctx_, stanza.to_string());
            if (!stanza) {
                return;
            }
        }
        sent_.clear();
        pass(std::chrono::milliseconds{1});
        service_->handle(stanza, now_);
        service_->flush();  // the replies go out after the turn's state is committed
        check(stanza);
    }

    void check(const Stanza& in) const {
        if (sent_.size() > kMaxReplies) {
            fail("too many replies to one stanza", in);
        }
        const auto type = in.type();
        if (in.name() == "iq") {
            // A get/set from a valid address gets one answer; without one there is nobody
            // to answer (the server always stamps a valid from).
            if ((type == "get" || type == "set") && xmpp::Jid::parse(in.from())) {
                // Exactly one iq answers it; an ad-hoc command may also make other stanzas
                // (the visitor told an agent joined, the backlog handed over).
                std::size_t answers = 0;
                for (const auto& out : sent_) {
                    answers += out.name() == "iq" && out.id() == in.id() ? 1 : 0;
                }
                if (answers != 1) {
                    fail("an iq get/set did not get exactly one answer", in);
                }
            } else if (type != "get" && type != "set" && !sent_.empty()) {
                fail("an iq result or error was answered", in);
            }
        }
        if (type == "error") {
            for (const auto& out : sent_) {
                if (out.type() == "error") {
                    fail("an error was answered with an error", in);
                }
            }
        }
    }

    // A JID from the cast, a conversation JID, or fuzzed text.
    std::string sender(FuzzedDataProvider& in) {
        const auto pick = in.ConsumeIntegralInRange<std::size_t>(0, kSenders.size());
        if (pick < kSenders.size()) {
            return kSenders[pick];
        }
        return in.ConsumeRandomLengthString(64);
    }

    std::string recipient(FuzzedDataProvider& in) {
        switch (in.ConsumeIntegralInRange<int>(0, 5)) {
            case 0:
                return kDomain;
            case 1:
            case 2:
                return conversations_[in.ConsumeIntegralInRange<std::size_t>(
                    0, conversations_.size() - 1)];
            case 3: {
                const char* wg =
                    kWorkgroups[in.ConsumeIntegralInRange<std::size_t>(0, kWorkgroups.size() - 1)];
                return std::string(wg) + "." +
                       std::to_string(in.ConsumeIntegralInRange<int>(0, 40)) + "@" + kDomain;
            }
            case 4:
                return in.ConsumeRandomLengthString(64);
            default:
                return std::string(kWorkgroups[in.ConsumeIntegralInRange<std::size_t>(
                           0, kWorkgroups.size() - 1)]) +
                       "@" + kDomain;
        }
    }

    static std::string pick_or_fuzz(FuzzedDataProvider& in,
                                    std::initializer_list<const char*> choices) {
        const auto pick = in.ConsumeIntegralInRange<std::size_t>(0, choices.size());
        if (pick < choices.size()) {
            return choices.begin()[pick];
        }
        return in.ConsumeRandomLengthString(16);
    }

    Stanza stanza(FuzzedDataProvider& in, const char* name, std::string type) {
        Stanza s = xmpp::element(ctx_, name);
        if (const auto from = sender(in); !from.empty()) {
            s.set_attr("from", from);
        }
        if (const auto to = recipient(in); !to.empty()) {
            s.set_attr("to", to);
        }
        if (!type.empty()) {
            s.set_attr("type", type);
        }
        if (in.ConsumeBool()) {
            s.set_attr("id", in.ConsumeRandomLengthString(8));
        }
        return s;
    }

    Stanza message(FuzzedDataProvider& in) {
        Stanza m =
            stanza(in, "message",
                   pick_or_fuzz(in, {"chat", "", "normal", "groupchat", "headline", "error"}));
        const int parts = in.ConsumeIntegralInRange<int>(0, 15);
        if (parts & 1) {
            std::string body;
            const auto pick = in.ConsumeIntegralInRange<std::size_t>(0, kBodies.size() + 2);
            if (pick < kBodies.size()) {
                body = kBodies[pick];
            } else if (pick == kBodies.size()) {
                // A command naming a conversation we have seen.
                body = std::string(in.ConsumeBool() ? "take " : "close ") +
                       std::to_string(in.ConsumeIntegralInRange<int>(0, 40));
            } else if (pick == kBodies.size() + 1) {
                body.assign(in.ConsumeIntegralInRange<std::size_t>(0, 4096), 'x');
            } else {
                body = in.ConsumeRandomLengthString(512);
            }
            Stanza b = xmpp::text_element(ctx_, "body", body);
            if (in.ConsumeBool()) {
                b.set_attr("xml:lang", pick_or_fuzz(in, {"de", "en", "DE-at"}));
            }
            m.add(b);
        }
        if (parts & 2) {
            m.add(xmpp::element(
                ctx_,
                kChatStates[in.ConsumeIntegralInRange<std::size_t>(0, kChatStates.size() - 1)],
                xmpp::ns::kChatStates));
        }
        if (parts & 4) {
            Stanza nick = xmpp::element(ctx_, "nick", "http://jabber.org/protocol/nick");
            nick.add_text(in.ConsumeRandomLengthString(kMaxNick));
            m.add(nick);
        }
        if (parts & 8) {
            m.set_attr(in.ConsumeBool() ? "xml:lang" : "lang", pick_or_fuzz(in, {"de", "en"}));
        }
        if (in.ConsumeBool()) {
            m.add(unknown_child(in));
        }
        return m;
    }

    Stanza presence(FuzzedDataProvider& in) {
        Stanza p = stanza(in, "presence",
                          pick_or_fuzz(in, {"", "unavailable", "subscribe", "subscribed",
                                            "unsubscribe", "unsubscribed", "probe", "error"}));
        if (in.ConsumeBool()) {
            p.add(xmpp::text_element(ctx_, "show",
                                     pick_or_fuzz(in, {"away", "xa", "dnd", "chat", ""})));
        }
        if (in.ConsumeBool()) {
            p.add(xmpp::text_element(ctx_, "status", in.ConsumeRandomLengthString(64)));
        }
        if (in.ConsumeBool()) {
            p.add(unknown_child(in));
        }
        return p;
    }

    Stanza iq(FuzzedDataProvider& in) {
        Stanza q = stanza(in, "iq", pick_or_fuzz(in, {"get", "set", "result", "error"}));
        const int children = in.ConsumeIntegralInRange<int>(0, 2);
        for (int i = 0; i < children; ++i) {
            const char* ns = nullptr;
            const char* name = "query";
            switch (in.ConsumeIntegralInRange<int>(0, 4)) {
                case 0:
                    name = "ping";
                    ns = xmpp::ns::kPing;
                    break;
                case 1:
                    ns = xmpp::ns::kDiscoInfo;
                    break;
                case 2:
                    ns = xmpp::ns::kDiscoItems;
                    break;
                case 3:
                    ns = xmpp::ns::kVersion;
                    break;
                default:
                    q.add(unknown_child(in));
                    continue;
            }
            Stanza child = xmpp::element(ctx_, name, ns);
            if (in.ConsumeBool()) {
                child.set_attr("node", in.ConsumeRandomLengthString(16));
            }
            q.add(child);
        }
        return q;
    }

    // An element in a namespace Switchboard does not speak, with a fuzzed name.
    Stanza unknown_child(FuzzedDataProvider& in) {
        std::string name = in.ConsumeRandomLengthString(12);
        if (name.empty()) {
            name = "x";
        }
        Stanza c = xmpp::element(ctx_, name, in.ConsumeRandomLengthString(24));
        c.add_text(in.ConsumeRandomLengthString(32));
        return c;
    }

    // A message nested deeply inside unknown elements, or with deeply nested children.
    Stanza deep(FuzzedDataProvider& in) {
        Stanza m = message(in);
        Stanza inner = m;
        const int depth = in.ConsumeIntegralInRange<int>(1, 200);
        for (int i = 0; i < depth; ++i) {
            Stanza c = xmpp::element(ctx_, "x", "urn:example:nest");
            inner.add(c);
            inner = c;
        }
        return m;
    }

    // Arbitrary text, parsed as one XML element.
    Stanza raw(FuzzedDataProvider& in) {
        return xmpp::parse(ctx_, in.ConsumeRandomLengthString(kMaxRaw));
    }

    xmpp::Context ctx_;
    config::Config config_;
    /// The harness's own clock (Monday 23 November 2026, 10:00 UTC): inputs reproduce.
    component::Instant now_{
        routing::Time{std::chrono::sys_days{std::chrono::year{2026} / std::chrono::November / 23} +
                      std::chrono::hours{10}},
        std::chrono::steady_clock::time_point{std::chrono::hours{1000}}};
    std::unique_ptr<component::Service> service_;
    std::vector<Stanza> sent_;
    std::array<std::string, 8> conversations_{};
    std::size_t next_conversation_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    spdlog::set_level(spdlog::level::off);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    // FUZZ_FRESH_SERVICE=1: a new Service per input, to reproduce or minimize a crash
    // that does not depend on the state earlier inputs left behind.
    static const bool fresh = std::getenv("FUZZ_FRESH_SERVICE") != nullptr;
    if (fresh) {
        Harness harness;
        harness.run(in);
        return 0;
    }
    static Harness harness;
    harness.run(in);
    return 0;
}
