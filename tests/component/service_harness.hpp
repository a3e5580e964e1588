#pragma once
// A Service under test: built from a TOML desk, with its own clock (nothing here reads the
// machine's), fed stanzas as XML and collecting what it sends.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "component/service.hpp"
#include "config/config.hpp"
#include "xmpp/context.hpp"

namespace component::testing {

/// The [server] and [storage] tables every test desk starts with (in-memory store).
inline const std::string kTestServer = R"(
[server]
domain = "desk.example.com"
secret = "x"

[storage]
path = ":memory:"
)";

/// One Service for `workgroups` (the TOML after kTestServer).
class ServiceHarness {
  public:
    /// With `metrics`, the service's figures go there.
    explicit ServiceHarness(const std::string& workgroups, Metrics* metrics = nullptr)
        : config_(
              std::get<config::Config>(config::load_string(kTestServer + workgroups, "desk.toml"))),
          service_(std::make_unique<Service>(
              ctx_, config_, [this](const xmpp::Stanza& s) { sent_.push_back(s); }, 1, now_,
              metrics)) {}

    /// Delivers one stanza and returns what the component sent back.
    std::vector<xmpp::Stanza> deliver(const std::string& xml) {
        sent_.clear();
        xmpp::Stanza in = xmpp::parse(ctx_, xml);
        EXPECT_TRUE(in) << xml;
        service_->handle(in, now_);
        service_->flush();
        return sent_;
    }

    /// Lets `d` pass on both clocks, then runs one turn of the event loop; returns what it
    /// sent.
    std::vector<xmpp::Stanza> tick_after(std::chrono::milliseconds d) {
        sent_.clear();
        now_.wall += d;
        now_.steady += d;
        service_->tick(now_);
        return sent_;
    }

    xmpp::Context ctx_;
    config::Config config_;
    /// Monday 23 November 2026, 10:00 UTC, on both clocks.
    Instant now_{
        routing::Time{std::chrono::sys_days{std::chrono::year{2026} / std::chrono::November / 23} +
                      std::chrono::hours{10}},
        std::chrono::steady_clock::time_point{std::chrono::hours{1000}}};
    std::vector<xmpp::Stanza> sent_;
    std::unique_ptr<Service> service_;
};

}  // namespace component::testing
