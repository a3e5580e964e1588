#!/usr/bin/env bash
# Installs the Debian 12 packages Switchboard needs to build, test and run its demo, plus
# any package names given as arguments. Run as root. Does nothing when everything is
# already installed.
set -euo pipefail

packages=(
  build-essential cmake pkg-config clang-format dpkg-dev systemd
  libstrophe-dev libssl-dev libtomlplusplus-dev libspdlog-dev libsqlite3-dev
  libgtest-dev libgmock-dev libbenchmark-dev libsystemd-dev prometheus-cpp-dev libpq-dev
  libpng-dev
  prosody python3 python3-slixmpp tzdata
  "$@"
)
# The web widget's strophe.js (and the browser tests' playwright-core) come from npm.
# Debian's nodejs and npm, unless a Node.js with npm is installed already (e.g.
# NodeSource's, which conflicts with Debian's npm package).
if ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
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
