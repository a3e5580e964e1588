#!/usr/bin/env bash
# Builds the .deb from a build directory, checks what it holds, installs it with apt-get,
# runs the installed binary and verifies its systemd unit; then purges it again. Run as
# root on Debian 12 (tests/run.sh does, after the suite).
#
#   tests/package/check.sh BUILD_DIR
set -euo pipefail
build="$(cd "${1:?usage: check.sh BUILD_DIR}" && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

fail() { echo "package check: $*" >&2; exit 1; }

# The widget's strophe.js comes from npm: fetched first, so that the package has it.
here="$(cd "$(dirname "$0")/../.." && pwd)"
"$here/deploy/widget/build.sh" "$out/widget" >/dev/null
cmake "$build" >/dev/null
(cd "$build" && cpack -G DEB -B "$out" >/dev/null)
deb="$(ls "$out"/switchboard_*.deb)"
echo "built $(basename "$deb")"

depends="$(dpkg-deb -f "$deb" Depends)"
for dep in libstrophe0 libsqlite3-0 libpq5 libsystemd0 libprometheus-cpp-pull1.0 adduser; do
  grep -q "$dep" <<<"$depends" || fail "Depends lacks $dep: $depends"
done
contents="$(dpkg-deb -c "$deb")"
for path in ./usr/bin/switchboard ./etc/switchboard/switchboard.toml \
  ./usr/lib/systemd/system/switchboard.service ./usr/share/switchboard/widget/widget.js \
  ./usr/share/switchboard/widget/strophe.umd.min.js \
  ./usr/share/switchboard/widget/index.html ./usr/share/doc/switchboard/README.md \
  ./usr/share/doc/switchboard/examples/prosody-component.cfg.lua \
  ./usr/share/doc/switchboard/examples/switchboard-alerts.yml; do
  grep -q " $path\$" <<<"$contents" || fail "$path is not in the package"
done
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles | grep -qx /etc/switchboard/switchboard.toml ||
  fail "the configuration is not a conffile (an upgrade would overwrite it)"

export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q "$deb" >/dev/null
[[ "$(/usr/bin/switchboard --version)" == "switchboard "* ]] || fail "the installed binary"
unit=/usr/lib/systemd/system/switchboard.service
grep -q '^ExecStart=/usr/bin/switchboard --config /etc/switchboard/switchboard.toml$' "$unit" ||
  fail "the unit does not start the installed binary with /etc/switchboard"
systemd-analyze verify "$unit" || fail "systemd-analyze verify $unit"
getent passwd switchboard >/dev/null || fail "no switchboard user"
[[ "$(stat -c %U /var/lib/switchboard)" == switchboard ]] || fail "/var/lib/switchboard owner"
[[ "$(stat -c '%U:%G %a' /etc/switchboard/switchboard.toml)" == "root:switchboard 640" ]] ||
  fail "the configuration (it holds the secret) is readable by others"
SWITCHBOARD_SECRET=example /usr/bin/switchboard --check-config /etc/switchboard/switchboard.toml >/dev/null ||
  fail "the installed example configuration does not validate"
apt-get purge -y -q switchboard >/dev/null
echo "package check: built, installed, verified, purged"
