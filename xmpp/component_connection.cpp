#include "xmpp/component_connection.hpp"

#include <spdlog/spdlog.h>

#include <sys/ioctl.h>

#include <algorithm>
#include <cstring>
#include <thread>
#include <unordered_map>

#include "xmpp/context.hpp"

namespace xmpp {
namespace {

using Clock = std::chrono::steady_clock;

std::string describe(const xmpp_stream_error_t& e) {
    std::string what;
    switch (e.type) {
        case XMPP_SE_NOT_AUTHORIZED:
            what = "not-authorized (is the secret right?)";
            break;
        case XMPP_SE_HOST_UNKNOWN:
            what = "host-unknown (is the domain configured as a component on the server?)";
            break;
        case XMPP_SE_CONFLICT:
            what = "conflict (another component is connected for this domain)";
            break;
        case XMPP_SE_SYSTEM_SHUTDOWN:
            what = "system-shutdown";
            break;
        default:
            what = "stream error " + std::to_string(static_cast<int>(e.type));
            break;
    }
    if (e.text != nullptr && *e.text != '\0') {
        what += ": ";
        what += e.text;
    }
    return what;
}

// Stream errors after which retrying with the same settings cannot succeed.
bool is_misconfiguration(const xmpp_stream_error_t* e) {
    return e != nullptr && (e->type == XMPP_SE_NOT_AUTHORIZED || e->type == XMPP_SE_HOST_UNKNOWN ||
                            e->type == XMPP_SE_IMPROPER_ADDR || e->type == XMPP_SE_INVALID_FROM);
}

// The socket of each connection, as libstrophe reports it when it creates one (it has no
// getter): the event loop asks it how many bytes wait to be read.
std::unordered_map<xmpp_conn_t*, int>& sockets() {
    static std::unordered_map<xmpp_conn_t*, int> by_connection;
    return by_connection;
}

int remember_socket(xmpp_conn_t* conn, void* sock) {
    sockets()[conn] = *static_cast<int*>(sock);
    return xmpp_sockopt_cb_keepalive(conn, sock);
}

// Bytes received and not yet read on the connection's socket (0 when unknown).
int bytes_waiting(xmpp_conn_t* conn) {
    auto it = sockets().find(conn);
    int n = 0;
    if (it == sockets().end() || ::ioctl(it->second, FIONREAD, &n) != 0) {
        return 0;
    }
    return n;
}

void ignore_conn_event(xmpp_conn_t*, xmpp_conn_event_t, int, xmpp_stream_error_t*, void*) {}

// libstrophe 0.12 (and 0.13, 0.14) dereferences conn->sm_state for every stanza it
// dispatches, but only xmpp_connect_client() allocates it, so a component connection
// crashes on its first received stanza (TRAPS.md). A client connect to a name that
// cannot resolve allocates the state and fails synchronously, leaving the connection
// disconnected and ready for xmpp_connect_component(). The state then lives as long as
// the connection object, across reconnections.
void prime_stream_management_state(xmpp_conn_t* conn) {
    const int rc = xmpp_connect_client(conn, "invalid.", 1, ignore_conn_event, nullptr);
    if (rc == XMPP_EOK) {
        // Should not happen; if it did, make sure we are disconnected again.
        xmpp_disconnect(conn);
    }
    // Do not call xmpp_conn_get_sm_state() to check: it hands the state over to the
    // caller and leaves the connection without one again.
}

}  // namespace

ComponentConnection::ComponentConnection(Context& ctx, ComponentOptions options)
    : ctx_(ctx), options_(std::move(options)), backoff_(options_.first_retry) {
    if (options_.nodes.empty()) {
        options_.nodes.push_back({options_.host, options_.port});
    }
    conn_ = xmpp_conn_new(ctx_.get());
    xmpp_conn_set_jid(conn_, options_.domain.c_str());
    xmpp_conn_set_pass(conn_, options_.secret.c_str());
    xmpp_conn_set_sockopt_callback(conn_, remember_socket);
    prime_stream_management_state(conn_);
    xmpp_handler_add(conn_, handle_stanza, nullptr, nullptr, nullptr, this);
}

ComponentConnection::~ComponentConnection() {
    xmpp_handler_delete(conn_, handle_stanza);
    xmpp_conn_release(conn_);
    sockets().erase(conn_);
}

bool ComponentConnection::input_waiting() const {
    return online_ && bytes_waiting(conn_) > 0;
}

void ComponentConnection::send(const Stanza& stanza) {
    if (!online_) {
        if (stanza.name() == "presence") {
            return;
        }
        if (pending_.size() == kMaxPending) {
            spdlog::warn(
                "not connected to the XMPP server and {} stanzas waiting; dropped a "
                "<{}> to {}",
                kMaxPending, pending_.front().name(), pending_.front().to());
            pending_.pop_front();
        }
        pending_.push_back(stanza);
        return;
    }
    write(stanza);
}

void ComponentConnection::write(const Stanza& stanza) {
    // What xmpp_send does, with a look at the size in between.
    const std::string xml = stanza.to_string();
    if (xml.empty()) {
        spdlog::error("could not serialise a <{}> to {}; not sent", stanza.name(), stanza.to());
        return;
    }
    if (xml.size() > kMaxStanzaBytes) {
        spdlog::error(
            "not sending a <{}> to {}: {} bytes, and the server closes the stream above {} "
            "(every chat would be cut)",
            stanza.name(), stanza.to(), xml.size(), kMaxStanzaBytes);
    } else {
        xmpp_send_raw(conn_, xml.data(), xml.size());
    }
}

void ComponentConnection::connect_now() {
    connecting_ = true;
    spdlog::debug("connecting to {} as component {}", node_name(), options_.domain);
    const int rc =
        xmpp_connect_component(conn_, node().host.c_str(), node().port, handle_conn_event, this);
    if (rc != XMPP_EOK) {
        connecting_ = false;
        move_on("the connection could not be started", false);
    }
}

std::string ComponentConnection::node_name() const {
    const auto& n = node();
    const bool v6 = n.host.find(':') != std::string::npos;
    return (v6 ? "[" + n.host + "]" : n.host) + ":" + std::to_string(n.port);
}

void ComponentConnection::schedule_retry(const std::string& why) {
    spdlog::warn("XMPP server {} unreachable for {}: {}; retrying in {} ms", node_name(),
                 options_.domain, why, backoff_.count());
    retry_at_ = Clock::now() + backoff_;
    backoff_ = std::min(backoff_ * 2, options_.retry_max);
}

void ComponentConnection::move_on(const std::string& why, bool was_online) {
    const std::size_t count = options_.nodes.size();
    if (count == 1) {
        schedule_retry(why);
        return;
    }
    const std::string failed = node_name();
    node_ = (node_ + 1) % count;
    if (was_online) {
        round_start_ = node_;  // a new round, from the next node
    } else if (node_ == round_start_) {
        schedule_retry(why + " (every node tried)");
        return;
    }
    spdlog::warn("XMPP server {} {} for {}: {}; trying {}", failed,
                 was_online ? "lost" : "unreachable", options_.domain, why, node_name());
    retry_at_ = Clock::now();
}

void ComponentConnection::handle_conn_event(xmpp_conn_t*, xmpp_conn_event_t event, int error,
                                            xmpp_stream_error_t* stream_error, void* userdata) {
    try {
        static_cast<ComponentConnection*>(userdata)->on_event(event, error, stream_error);
    } catch (const std::exception& e) {
        // Never let an exception unwind through libstrophe's C code.
        spdlog::error("connection event handler failed: {}", e.what());
    }
}

void ComponentConnection::on_event(xmpp_conn_event_t event, int error,
                                   xmpp_stream_error_t* stream_error) {
    if (event == XMPP_CONN_CONNECT) {
        connecting_ = false;
        online_ = true;
        ever_online_ = true;
        backoff_ = options_.first_retry;
        round_start_ = node_;
        spdlog::info("connected to {} as component {}", node_name(), options_.domain);
        if (!pending_.empty()) {
            spdlog::info("sending {} stanza(s) held while disconnected", pending_.size());
            for (const auto& stanza : pending_) {
                write(stanza);
            }
            pending_.clear();
        }
        if (on_online_) {
            on_online_();
        }
        return;
    }
    if (event != XMPP_CONN_DISCONNECT && event != XMPP_CONN_FAIL) {
        return;
    }
    const bool was_online = online_;
    connecting_ = false;
    online_ = false;
    if (was_online && on_offline_) {
        on_offline_();
    }
    if (stopping_) {
        return;
    }
    if (!ever_online_ && is_misconfiguration(stream_error)) {
        refused_ = true;
        fatal_reason_ = "the XMPP server at " + node_name() + " refused component " +
                        options_.domain + ": " + describe(*stream_error);
        return;
    }
    std::string why;
    if (stream_error != nullptr) {
        why = describe(*stream_error);
    } else if (error != 0) {
        why = std::strerror(error);
    } else {
        why = "connection closed";
    }
    if (was_online) {
        spdlog::warn("lost the connection to the XMPP server {}: {}", node_name(), why);
    }
    move_on(why, was_online);
}

int ComponentConnection::handle_stanza(xmpp_conn_t*, xmpp_stanza_t* stanza, void* userdata) {
    auto* self = static_cast<ComponentConnection*>(userdata);
    if (self->on_stanza_) {
        Stanza s = Stanza::borrow(stanza);
        try {
            self->on_stanza_(s);
        } catch (const std::exception& e) {
            // One bad stanza must never take the component down.
            spdlog::error("failed to handle a <{}> from {}: {}", s.name(), s.from(), e.what());
        }
    }
    return 1;  // keep the handler
}

RunResult ComponentConnection::run(const std::atomic<bool>& stop_requested,
                                   const std::function<void()>& each_turn,
                                   std::chrono::milliseconds tick) {
    retry_at_ = Clock::now();
    while (!stop_requested.load()) {
        if (refused_) {
            return RunResult::refused;
        }
        if (!online_ && !connecting_ && Clock::now() >= retry_at_) {
            connect_now();
        }
        xmpp_run_once(ctx_.get(), wake_soon_ ? 1 : static_cast<unsigned long>(tick.count()));
        wake_soon_ = false;
        // Group commit: everything already waiting on the socket is read in the same
        // turn (libstrophe reads 4 KiB per call), so the turn's one commit covers it all.
        for (int i = 1; i < kMaxReadsPerTurn && online_ && bytes_waiting(conn_) > 0; ++i) {
            xmpp_run_once(ctx_.get(), 0);
        }
        if (refused_) {
            return RunResult::refused;
        }
        if (!online_ && !connecting_) {
            // Nothing to wait on in libstrophe: sleep until the retry is due.
            auto wait = std::min<Clock::duration>(retry_at_ - Clock::now(), tick);
            if (wait > Clock::duration::zero()) {
                std::this_thread::sleep_for(wait);
            }
        }
        if (each_turn) {
            each_turn();
        }
    }
    if (online_ && on_stopping_) {
        on_stopping_();
    }
    stopping_ = true;
    if (online_ || connecting_) {
        xmpp_disconnect(conn_);
        const auto deadline = Clock::now() + std::chrono::seconds{2};
        while ((online_ || connecting_) && Clock::now() < deadline) {
            xmpp_run_once(ctx_.get(), 50);
        }
    }
    return RunResult::stopped;
}

}  // namespace xmpp
