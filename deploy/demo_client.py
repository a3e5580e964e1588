#!/usr/bin/python3
"""Talks to the running demo (deploy/demo.sh) as real XMPP clients.

    ./deploy/demo_client.py ping   # an anonymous visitor pings and discovers the desk
    ./deploy/demo_client.py chat   # a visitor and agent Alice chat through support@
"""

import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))

from clients import Client, pump  # noqa: E402
from fixtures import COMPONENT_DOMAIN  # noqa: E402


class DemoServer:
    """The ports of the running demo, as the demo wrote them."""

    def __init__(self):
        with open(os.path.join(ROOT, "demo-run", "demo.json")) as f:
            info = json.load(f)
        self.c2s_port = info["c2s_port"]


def show(who, msg):
    print(f"{who:>8} <- {msg['from']}: {msg['body']}")


def show_until(who, client, contains):
    """Prints every message `client` receives until one contains `contains`."""
    while True:
        msg = client.expect_message(timeout=10)
        if msg["body"]:
            show(who, msg)
        if contains in msg["body"]:
            return msg


def chat():
    """A whole conversation: visitor writes, Alice gets it, answers and closes."""
    server = DemoServer()
    support = f"support@{COMPONENT_DOMAIN}"
    alice = Client(server, "alice", password="alice").connect()
    visitor = Client(server).connect()
    visitor.send_presence_to(support)
    visitor.wait_availability(support, "open")
    print(f"visitor  sees {support} as open (the widget would show its button)")
    visitor.send_message(support, "Hello, my order #1234 has not arrived.")
    print(f"visitor  -> {support}: Hello, my order #1234 has not arrived.")
    relayed = show_until("alice", alice, "#1234")
    conversation = relayed["from"].bare
    alice.send_message(conversation, "Hi! Let me look that up for you.")
    print(f"   alice -> {conversation}: Hi! Let me look that up for you.")
    show_until("visitor", visitor, "look that up")
    alice.send_message(conversation, "close")
    print(f"   alice -> {conversation}: close")
    pump(1)
    for who, client in (("visitor", visitor), ("alice", alice)):
        while not client.messages.empty():
            msg = client.messages.get_nowait()
            if msg["body"]:
                show(who, msg)
    visitor.disconnect()
    alice.disconnect()


def main():
    if sys.argv[1:] == ["chat"]:
        chat()
        return
    if sys.argv[1:] != ["ping"]:
        print(__doc__)
        sys.exit(2)
    visitor = Client(DemoServer()).connect()
    print(f"logged in as {visitor.jid}")
    print(f"ping {COMPONENT_DOMAIN}: {visitor.ping(COMPONENT_DOMAIN) * 1000:.1f} ms")
    for jid, _node, name in visitor.disco_items(COMPONENT_DOMAIN)["items"]:
        print(f"workgroup {jid} ({name})")
    visitor.disconnect()


if __name__ == "__main__":
    main()
