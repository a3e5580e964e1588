#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time on a copy of
# its seed corpus. Exits non-zero when a target crashes (or leaks, hangs, runs out of
# memory); the reproducer is left in build-fuzz/fuzz/artifacts/. Run as root on Debian 12.
#
#   FUZZ_SECONDS=300 tests/fuzz/run.sh    # seconds per target, default 30
#   FUZZ_SECONDS=60 tests/fuzz/run.sh fuzz_config   # one target only
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${FUZZ_SECONDS:-30}"
targets=("$@")
if ((${#targets[@]} == 0)); then
  targets=(fuzz_stanzas fuzz_config)
fi

missing=()
for p in clang-14 libclang-rt-14-dev; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

build=build-fuzz
CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSWITCHBOARD_FUZZ=ON -DSWITCHBOARD_BENCH=OFF >/dev/null
cmake --build "$build" -j2 --target "${targets[@]}"

work="$build/fuzz"
mkdir -p "$work/artifacts"
summary=()
status=0
for target in "${targets[@]}"; do
  corpus_name="${target#fuzz_}"
  corpus="$work/corpus/$corpus_name"
  # A fresh copy of the seeds each time: the repository is never written to.
  rm -rf "$corpus"
  mkdir -p "$corpus"
  cp tests/fuzz/corpus/"$corpus_name"/* "$corpus"/
  log="$work/$target.log"
  echo "== $target: ${seconds}s (log: $log)"
  extra=()
  if [[ "$target" == fuzz_stanzas ]]; then
    # Its Service keeps state across inputs, so the per-input leak check would fire on
    # every input and scan the whole heap (5x slower); LeakSanitizer still checks at exit,
    # after the Service is destroyed, and fails the run on any leak.
    extra=(-detect_leaks=0)
  fi
  started=$(date +%s)
  set +e
  "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/$target-" "${extra[@]}" \
    "$corpus" >"$log" 2>&1
  rc=$?
  set -e
  elapsed=$(($(date +%s) - started))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  cov=$(sed -n 's/.* cov: \([0-9]*\) .*/\1/p' "$log" | tail -n 1)
  if ((rc == 0)); then
    summary+=("$target: ${runs:-?} runs in $elapsed s, coverage ${cov:-?} edges, no crash")
  else
    status=1
    tail -n 60 "$log"
    summary+=("$target: CRASH after $elapsed s (exit $rc), see $log and $work/artifacts/")
  fi
done

printf '%s\n' "${summary[@]}"
exit "$status"
