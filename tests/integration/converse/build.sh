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
  npm_ci=(npm ci --no-audit --no-fund --loglevel=error)
  # converse.js 14 depends on a package inside itself (file:src/log), which Debian 12's
  # npm 9.2 cannot install (ENOENT on node_modules/converse.js/src/log/package.json) and
  # npm 10 can: with an older npm, a pinned npm 10 from the registry runs the `npm ci`.
  if (($(npm --version | cut -d. -f1) < 10)); then
    npm_ci=(npm exec --yes --package=npm@10.9.9 -- "${npm_ci[@]}")
  fi
  (cd "$here" && "${npm_ci[@]}")
fi
mkdir -p "$out"
cp "$here/index.html" "$out/index.html"
ln -sfn "$here/node_modules/converse.js/dist" "$out/converse"
