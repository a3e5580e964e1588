"""Talks to the running demo (deploy/demo.sh) as a real XMPP client.

    python3 deploy/demo_client.py ping   # an anonymous visitor pings and discovers the desk
"""

import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))

from clients import Client  # noqa: E402
from fixtures import COMPONENT_DOMAIN  # noqa: E402


class DemoServer:
    """The ports of the running demo, as the demo wrote them."""

    def __init__(self):
        with open(os.path.join(ROOT, "demo-run", "demo.json")) as f:
            info = json.load(f)
        self.c2s_port = info["c2s_port"]


def main():
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
