#pragma once
// One XEP-0114 component connection: connect, handshake, dispatch every stanza received
// to one handler, send, and reconnect by itself with capped exponential backoff. Given a
// cluster's nodes, it connects to the first that answers and moves on to the next when
// the connection is lost.
// Knows nothing about what the stanzas mean.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "xmpp/stanza.hpp"

namespace xmpp {

class Context;

/// Where to connect and as whom.
struct ComponentOptions {
    struct Node {
        std::string host;
        std::uint16_t port = 0;
    };
    std::string host = "127.0.0.1";
    std::uint16_t port = 5347;
    /// A cluster's nodes in order of preference; when empty, `host` and `port` alone.
    std::vector<Node> nodes;
    std::string domain;
    std::string secret;  ///< never logged
    std::chrono::milliseconds first_retry{250};
    std::chrono::milliseconds retry_max{30000};
};

/// How `ComponentConnection::run` ended.
enum class RunResult {
    stopped,  ///< stop was requested; the stream was closed cleanly
    refused,  ///< the server refused the very first handshake (see fatal_reason())
};

/// A component connection that stays up until stopped.
class ComponentConnection {
  public:
    using StanzaHandler = std::function<void(const Stanza&)>;
    using StateHandler = std::function<void()>;

    ComponentConnection(Context& ctx, ComponentOptions options);
    ~ComponentConnection();
    ComponentConnection(const ComponentConnection&) = delete;
    ComponentConnection& operator=(const ComponentConnection&) = delete;

    /// Called for every stanza received after the handshake.
    void on_stanza(StanzaHandler handler) { on_stanza_ = std::move(handler); }
    /// Called after each successful handshake (the first and every reconnection).
    void on_online(StateHandler handler) { on_online_ = std::move(handler); }
    /// Called when an established connection is lost.
    void on_offline(StateHandler handler) { on_offline_ = std::move(handler); }
    /// Called once when a stop was requested, while still online: the last stanzas sent
    /// from it go out before the stream is closed.
    void on_stopping(StateHandler handler) { on_stopping_ = std::move(handler); }

    /// True between a successful handshake and the next disconnection.
    bool online() const { return online_; }
    /// Sends a stanza. While offline, messages and iqs wait (up to `kMaxPending`, oldest
    /// dropped first) and go out right after the next handshake; presence is not kept,
    /// since the owner re-announces it `on_online`. A stanza larger than `kMaxStanzaBytes`
    /// is not sent at all (and logged): the server would close the stream for it.
    void send(const Stanza& stanza);

    /// The next turn of `run` waits at most a millisecond for input (then `each_turn`
    /// runs again), instead of `tick`.
    void wake_soon() { wake_soon_ = true; }
    /// True when bytes have arrived that the next turn will read.
    bool input_waiting() const;

    /// The largest stanza `send` puts on the wire, in bytes of XML. A server closes the
    /// component's stream on a larger one, cutting every conversation: Prosody 0.12 above
    /// 512 KiB (`component_stanza_size_limit`, which defaults to `s2s_stanza_size_limit`),
    /// ejabberd above the `ejabberd_service` listener's `max_stanza_size` (no limit unless
    /// set; deploy/ejabberd-service.yml sets 512 KiB). Half of the smaller leaves room for
    /// what a server counts besides the stanza (it measures what it has read, not stanzas).
    static constexpr std::size_t kMaxStanzaBytes = 256 * 1024;

    /// Reads of the socket (4 KiB each) one turn of `run` makes at most before
    /// `each_turn`: a bound on the latency a large batch adds.
    static constexpr int kMaxReadsPerTurn = 64;

    /// How many stanzas wait for a reconnection at most.
    static constexpr std::size_t kMaxPending = 10000;
    /// How many stanzas wait now.
    std::size_t pending() const { return pending_.size(); }

    /// Runs the event loop until `stop_requested` becomes true (then disconnects
    /// cleanly) or the first handshake is refused. `each_turn` runs after every turn of
    /// the loop (at least every `tick`).
    RunResult run(const std::atomic<bool>& stop_requested, const std::function<void()>& each_turn,
                  std::chrono::milliseconds tick = std::chrono::milliseconds{50});

    /// Why the server refused the first connection, as one readable sentence.
    const std::string& fatal_reason() const { return fatal_reason_; }

  private:
    static void handle_conn_event(xmpp_conn_t* conn, xmpp_conn_event_t event, int error,
                                  xmpp_stream_error_t* stream_error, void* userdata);
    static int handle_stanza(xmpp_conn_t* conn, xmpp_stanza_t* stanza, void* userdata);

    /// Serialises and writes one stanza, unless it is larger than kMaxStanzaBytes.
    void write(const Stanza& stanza);
    void connect_now();
    void on_event(xmpp_conn_event_t event, int error, xmpp_stream_error_t* stream_error);
    void schedule_retry(const std::string& why);
    /// The node this connection uses or tries now.
    const ComponentOptions::Node& node() const { return options_.nodes[node_]; }
    /// "host:port" of the node (IPv6 in brackets).
    std::string node_name() const;
    /// The connection to the node failed or was lost: the next node, at once, unless every
    /// node of this round failed (then the backoff, and the round starts again).
    void move_on(const std::string& why, bool was_online);

    Context& ctx_;
    ComponentOptions options_;
    xmpp_conn_t* conn_ = nullptr;
    StanzaHandler on_stanza_;
    StateHandler on_online_;
    StateHandler on_offline_;
    StateHandler on_stopping_;

    bool wake_soon_ = false;
    bool online_ = false;
    bool ever_online_ = false;
    bool connecting_ = false;
    bool refused_ = false;
    bool stopping_ = false;
    std::string fatal_reason_;
    std::deque<Stanza> pending_;
    std::chrono::milliseconds backoff_;
    std::size_t node_ = 0;         ///< index into options_.nodes
    std::size_t round_start_ = 0;  ///< the node this round of attempts began with
    std::chrono::steady_clock::time_point retry_at_{};
};

}  // namespace xmpp
