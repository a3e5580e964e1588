#!/usr/bin/env bash
# Puts the converse.js test page into one folder: index.html and converse/ (converse.js's
# dist/ from npm, at the version of package-lock.json).
#
#   tests/integration/converse/build.sh OUT_DIR
#
# Needs node and npm (deploy/install-deps.sh installs them). Installs node_modules/ here
# with `npm ci` only when it is missing or older than the lock file.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: build.sh OUT_DIR}"

if [[ ! -f "$here/node_modules/converse.js/dist/converse.min.js" ||
      "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
mkdir -p "$out"
cp "$here/index.html" "$out/index.html"
ln -sfn "$here/node_modules/converse.js/dist" "$out/converse"
