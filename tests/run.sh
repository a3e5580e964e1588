#!/usr/bin/env bash
# Every test: installs what is needed, builds (warnings are errors), and runs the unit
# and integration tests with ctest. Run as root on Debian 12. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS=-Werror >/dev/null
cmake --build build -j"$(nproc)"
cd build
ctest --output-on-failure -j2 --timeout 600
