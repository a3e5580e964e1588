#pragma once
// The Prometheus figures of PRODUCT.md ("Operating it", Metrics), served on
// `[metrics] listen` by prometheus-cpp's own HTTP server (a thread of its own). The event
// loop only increments counters, observes histograms and sets gauges, which prometheus-cpp
// makes safe to read from that thread; nothing here reads the routing state on a scrape.

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace prometheus {
class Counter;
class Exposer;
class Gauge;
class Histogram;
class Registry;
template <typename T>
class Family;
}  // namespace prometheus

namespace component {

/// One workgroup's series (label `workgroup="NAME"`).
struct WorkgroupMetrics {
    prometheus::Counter* routed = nullptr;
    prometheus::Counter* missed = nullptr;
    prometheus::Counter* abandoned = nullptr;
    prometheus::Histogram* wait = nullptr;  ///< seconds
    prometheus::Gauge* waiting = nullptr;
    prometheus::Gauge* open = nullptr;
    prometheus::Gauge* online = nullptr;
    prometheus::Gauge* eligible = nullptr;
    /// 1 for the state the widgets are shown, 0 for the others: open, full, closed.
    std::array<prometheus::Gauge*, 3> availability{};
};

class Metrics {
  public:
    /// Serves GET /metrics on `listen` ("127.0.0.1:9464", "[::1]:9464"); throws
    /// std::runtime_error naming the address when it cannot listen there.
    explicit Metrics(const std::string& listen);
    /// The same figures without an HTTP server (tests read `text()`).
    Metrics();
    ~Metrics();
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    /// The series of workgroup `name`, made on first use (valid until `remove_workgroup`).
    WorkgroupMetrics& workgroup(const std::string& name);
    /// A workgroup a reload removed: its series are no longer served.
    void remove_workgroup(const std::string& name);

    void stanza_received();
    void stanza_sent();
    /// One commit of the store took `seconds`.
    void commit_took(double seconds);
    /// The component's stream to the XMPP server is up (or not).
    void set_connected(bool connected);

    /// The exposition as a scrape would read it (Prometheus text format).
    std::string text() const;
    /// The ports the HTTP server listens on (empty without one).
    std::vector<int> ports() const;

  private:
    struct Families;
    std::shared_ptr<prometheus::Registry> registry_;
    std::unique_ptr<Families> families_;
    std::map<std::string, WorkgroupMetrics> workgroups_;  ///< nodes stay where they are
    std::unique_ptr<prometheus::Exposer> exposer_;        ///< last: stops before the rest goes
};

}  // namespace component
