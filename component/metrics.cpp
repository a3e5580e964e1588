#include "component/metrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <sstream>
#include <stdexcept>

namespace component {

namespace {

using prometheus::Counter;
using prometheus::Family;
using prometheus::Gauge;
using prometheus::Histogram;

// The wait before an agent took a chat: a second to half an hour.
const Histogram::BucketBoundaries kWaitBuckets{1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800};
// A commit of the SQLite store: 50 µs to a second.
const Histogram::BucketBoundaries kCommitBuckets{
    0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};

constexpr std::array<const char*, 3> kStates{"open", "full", "closed"};

}  // namespace

struct Metrics::Families {
    explicit Families(prometheus::Registry& r)
        : waiting(prometheus::BuildGauge()
                      .Name("switchboard_chats_waiting")
                      .Help("Chats not yet with an agent (menu, delay and queue)")
                      .Register(r)),
          open(prometheus::BuildGauge()
                   .Name("switchboard_conversations_open")
                   .Help("Open conversations: waiting, offered or with an agent")
                   .Register(r)),
          online(prometheus::BuildGauge()
                     .Name("switchboard_agents_online")
                     .Help("Agents whose presence counts as online in the workgroup")
                     .Register(r)),
          eligible(prometheus::BuildGauge()
                       .Name("switchboard_agents_eligible")
                       .Help("Agents who could be given a new chat now (online, not paused, "
                             "with room)")
                       .Register(r)),
          availability(prometheus::BuildGauge()
                           .Name("switchboard_workgroup_availability")
                           .Help("1 for the state the workgroup's presence shows widgets "
                                 "(open, full, closed), 0 for the others")
                           .Register(r)),
          routed(prometheus::BuildCounter()
                     .Name("switchboard_chats_routed_total")
                     .Help("Chats given to an agent by the routing mode (offered, taken, "
                           "next); not transfers")
                     .Register(r)),
          missed(prometheus::BuildCounter()
                     .Name("switchboard_chats_missed_total")
                     .Help("Chats that ended without an agent, the visitor still there "
                           "(queue timeout)")
                     .Register(r)),
          abandoned(prometheus::BuildCounter()
                        .Name("switchboard_chats_abandoned_total")
                        .Help("Chats whose visitor left before an agent served them")
                        .Register(r)),
          wait(prometheus::BuildHistogram()
                   .Name("switchboard_chat_wait_seconds")
                   .Help("How long a chat waited in the queue before the routing mode gave "
                         "it to an agent")
                   .Register(r)),
          received(prometheus::BuildCounter()
                       .Name("switchboard_stanzas_received_total")
                       .Help("Stanzas received from the XMPP server")
                       .Register(r)
                       .Add({})),
          sent(prometheus::BuildCounter()
                   .Name("switchboard_stanzas_sent_total")
                   .Help("Stanzas sent to the XMPP server")
                   .Register(r)
                   .Add({})),
          commit(prometheus::BuildHistogram()
                     .Name("switchboard_store_commit_seconds")
                     .Help("How long one commit of the state database took")
                     .Register(r)
                     .Add({}, kCommitBuckets)),
          connected(prometheus::BuildGauge()
                        .Name("switchboard_connected")
                        .Help("1 while the component's stream to the XMPP server is up")
                        .Register(r)
                        .Add({})) {}

    Family<Gauge>& waiting;
    Family<Gauge>& open;
    Family<Gauge>& online;
    Family<Gauge>& eligible;
    Family<Gauge>& availability;
    Family<Counter>& routed;
    Family<Counter>& missed;
    Family<Counter>& abandoned;
    Family<Histogram>& wait;
    Counter& received;
    Counter& sent;
    Histogram& commit;
    Gauge& connected;
};

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      families_(std::make_unique<Families>(*registry_)) {}

Metrics::Metrics(const std::string& listen) : Metrics() {
    try {
        exposer_ = std::make_unique<prometheus::Exposer>(listen, 1);
    } catch (const std::exception& e) {
        throw std::runtime_error("metrics: cannot listen on " + listen + ": " + e.what());
    }
    exposer_->RegisterCollectable(registry_);
}

Metrics::~Metrics() = default;

WorkgroupMetrics& Metrics::workgroup(const std::string& name) {
    if (const auto it = workgroups_.find(name); it != workgroups_.end()) {
        return it->second;
    }
    const prometheus::Labels labels{{"workgroup", name}};
    Families& f = *families_;
    WorkgroupMetrics m;
    m.routed = &f.routed.Add(labels);
    m.missed = &f.missed.Add(labels);
    m.abandoned = &f.abandoned.Add(labels);
    m.wait = &f.wait.Add(labels, kWaitBuckets);
    m.waiting = &f.waiting.Add(labels);
    m.open = &f.open.Add(labels);
    m.online = &f.online.Add(labels);
    m.eligible = &f.eligible.Add(labels);
    for (std::size_t i = 0; i < kStates.size(); ++i) {
        m.availability[i] = &f.availability.Add({{"workgroup", name}, {"state", kStates[i]}});
    }
    return workgroups_.emplace(name, m).first->second;
}

void Metrics::remove_workgroup(const std::string& name) {
    const auto it = workgroups_.find(name);
    if (it == workgroups_.end()) {
        return;
    }
    Families& f = *families_;
    const WorkgroupMetrics& m = it->second;
    f.routed.Remove(m.routed);
    f.missed.Remove(m.missed);
    f.abandoned.Remove(m.abandoned);
    f.wait.Remove(m.wait);
    f.waiting.Remove(m.waiting);
    f.open.Remove(m.open);
    f.online.Remove(m.online);
    f.eligible.Remove(m.eligible);
    for (auto* g : m.availability) {
        f.availability.Remove(g);
    }
    workgroups_.erase(it);
}

void Metrics::stanza_received() {
    families_->received.Increment();
}

void Metrics::stanza_sent() {
    families_->sent.Increment();
}

void Metrics::commit_took(double seconds) {
    families_->commit.Observe(seconds);
}

void Metrics::set_connected(bool connected) {
    families_->connected.Set(connected ? 1 : 0);
}

std::string Metrics::text() const {
    std::ostringstream out;
    prometheus::TextSerializer().Serialize(out, registry_->Collect());
    return out.str();
}

std::vector<int> Metrics::ports() const {
    return exposer_ ? exposer_->GetListeningPorts() : std::vector<int>{};
}

}  // namespace component
