#!/usr/bin/env bash
# Every test: installs what is needed, builds (warnings are errors), and runs the unit
# and integration tests with ctest; then the fuzzers for a bounded time; then the whole
# suite again under AddressSanitizer and UBSan. Run as root on Debian 12. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

# The tests also run against ejabberd, the widget's in Debian's headless Chromium, the
# metrics test validates /metrics with promtool (package prometheus), the store's SQL
# runs on a PostgreSQL server too (tests/postgres/server.sh), and the fuzzers need clang:
# everything in one apt-get run (tests/fuzz/run.sh then finds it).
deploy/install-deps.sh ejabberd chromium prometheus postgresql clang-14 libclang-rt-14-dev

echo "== build and test"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS=-Werror >/dev/null
cmake --build build -j"$(nproc)"
# Four at a time on two cores: the integration suites (each twice, on Prosody and on
# ejabberd) mostly wait on sockets and timers (measured: 330 s for the whole suite, where
# three at a time took 429 and two about 660).
(cd build && ctest --output-on-failure -j4 --timeout 600)

echo "== the Debian package: built, installed, verified, purged"
tests/package/check.sh build

echo "== fuzzers (clang, libFuzzer), ${FUZZ_SECONDS:-20} s each"
FUZZ_SECONDS="${FUZZ_SECONDS:-20}" tests/fuzz/run.sh

echo "== the same suite under -fsanitize=address,undefined"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSWITCHBOARD_SANITIZE=ON \
  -DSWITCHBOARD_BENCH=OFF -DCMAKE_CXX_FLAGS=-Werror >/dev/null
cmake --build build-asan -j"$(nproc)"
# Any sanitizer report ends the process with an error, so the test that caused it fails.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=99
# Left out here: the browser tests (widget, converse.js), whose stanzas the component
# sees from the slixmpp tests too, and the suites' second run on ejabberd (the component's
# side of both runs is the same code; each would cost minutes of the run).
# Four at a time here too: the whole run stays under 25 minutes (26m50s with three, once
# issue 15 added its suite).
(cd build-asan && ctest --output-on-failure -j4 --timeout 900 -LE ejabberd \
  -E 'integration\.(widget|converse)$')
