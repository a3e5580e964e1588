// [server] hosts: the nodes of a cluster, instead of host and port (PRODUCT.md, "More
// than one machine").

#include <gtest/gtest.h>

#include "config/config.hpp"
#include "config/values.hpp"
#include "tests/config/load_helpers.hpp"

namespace {

using config_test::has_error;
using config_test::lines;
using config_test::load_errors;
using config_test::load_ok;
using config_test::server_line1;
using config_test::server_line2;
using config_test::server_line3;

std::string server_with(std::string_view line) {
    return lines({server_line1, server_line2, server_line3, line, "[workgroups.support]",
                  "[[workgroups.support.agents]]", "jid = \"alice@example.com\""});
}

using Nodes = std::vector<config::Endpoint>;

TEST(ClusterConfig, HostsListsTheNodesInOrder) {
    const auto cfg = load_ok(
        server_with("hosts = [\"node1.example.com:5347\", \"10.0.0.2:5348\", \"[::1]:5349\"]"));
    EXPECT_EQ(cfg.server.nodes,
              (Nodes{{"node1.example.com", 5347}, {"10.0.0.2", 5348}, {"::1", 5349}}));
}

TEST(ClusterConfig, WithoutHostsTheOneNodeIsHostAndPort) {
    EXPECT_EQ(load_ok(server_with("port = 5348")).server.nodes, (Nodes{{"127.0.0.1", 5348}}));
    EXPECT_EQ(load_ok(server_with("host = \"xmpp.internal\"")).server.nodes,
              (Nodes{{"xmpp.internal", 5347}}));
}

TEST(ClusterConfig, HostsWithHostOrPortIsAnError) {
    const auto errors =
        load_errors(lines({server_line1, server_line2, server_line3, "host = \"a.example.com\"",
                           "hosts = [\"node1.example.com:5347\"]", "[workgroups.support]",
                           "[[workgroups.support.agents]]", "jid = \"alice@example.com\""}));
    EXPECT_TRUE(has_error(errors, 5, "server.hosts", "set one or the other"))
        << config_test::dump(errors);
}

TEST(ClusterConfig, EveryBadNodeIsNamedWithItsPlace) {
    const auto errors = load_errors(
        server_with("hosts = [\"node1.example.com\", \"node2:0\", \"::1:5347\", \"[nope]:5347\", "
                    "\"node3:5347\", \"node3:5347\"]"));
    EXPECT_EQ(errors.size(), 5u) << config_test::dump(errors);
    EXPECT_TRUE(has_error(errors, 4, "server.hosts[1]", "is not HOST:PORT"));
    EXPECT_TRUE(has_error(errors, 4, "server.hosts[2]", "the port is 1 to 65535"));
    EXPECT_TRUE(has_error(errors, 4, "server.hosts[3]", "an IPv6 address goes in brackets"));
    EXPECT_TRUE(has_error(errors, 4, "server.hosts[4]", "inside brackets an IPv6 address"));
    EXPECT_TRUE(has_error(errors, 4, "server.hosts[6]", "is listed twice"));
}

TEST(ClusterConfig, AnEmptyListOrAWrongTypeIsAnError) {
    EXPECT_TRUE(
        has_error(load_errors(server_with("hosts = []")), 4, "server.hosts", "lists no node"));
    EXPECT_TRUE(has_error(load_errors(server_with("hosts = \"node1:5347\"")), 4, "server.hosts",
                          "expected an array"));
}

TEST(ClusterConfig, ANodeNameNeverBreaksTheMessage) {
    const auto parsed = config::parse_host_port("bad host:5347");
    ASSERT_FALSE(parsed.value);
    EXPECT_NE(parsed.error.find("the host is a name or an address"), std::string::npos);
}

}  // namespace
