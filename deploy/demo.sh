#!/usr/bin/env bash
# The demo: installs what is needed, builds Switchboard, and leaves a loopback Prosody
# and Switchboard running with an example desk. `deploy/demo.sh stop` stops them.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "stop" ]]; then
  exec /usr/bin/python3 deploy/demo.py stop
fi

deploy/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target switchboard
exec /usr/bin/python3 deploy/demo.py start build/component/switchboard
