#!/usr/bin/env bash
# Puts what a site serves into one folder: widget.js, widget.css and strophe.js (from npm,
# at the version of package-lock.json), plus the demo page as index.html.
#
#   deploy/widget/build.sh OUT_DIR
#
# Needs node and npm (deploy/install-deps.sh installs them). Installs node_modules/ here
# with `npm ci` only when it is missing or older than the lock file.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: build.sh OUT_DIR}"

if [[ ! -f "$here/node_modules/strophe.js/dist/strophe.umd.min.js" ||
      "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
mkdir -p "$out"
cp "$here/widget.js" "$here/widget.css" "$here/node_modules/strophe.js/dist/strophe.umd.min.js" \
  "$out/"
cp "$here/demo.html" "$out/index.html"
