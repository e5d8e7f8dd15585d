#!/usr/bin/env bash
# Runs every test on a fresh machine: installs dependencies, builds, starts RabbitMQ and a MongoDB
# wire-protocol server (scripts/services.sh), then runs jest (unit + integration + e2e).
#
#   bash scripts/test.sh                      # everything
#   bash scripts/test.sh --selectProjects unit   # extra arguments go to jest
#   SKIP_INSTALL=1 bash scripts/test.sh       # reuse node_modules
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

started=$SECONDS
if [[ -z ${SKIP_INSTALL:-} || ! -d node_modules ]]; then
  # `npm ci` installs exactly package-lock.json (which records every platform's optional native binaries)
  # and builds dist/ through the prepare script; retried, because a registry mirror may drop an idle connection
  for try in 1 2 3; do
    npm ci --no-audit --no-fund --fetch-retries=5 && break
    [[ $try == 3 ]] && exit 1
    echo "[test] npm ci failed (try $try); retrying"
    sleep 5
  done
else
  npm run --silent build
fi
bash scripts/services.sh start
bash scripts/install-chromium.sh   # Debian's Chromium for the console's browser tests, when missing
# shellcheck disable=SC1091
source .run/services.env
echo "[test] setup took $((SECONDS - started)) s"

export NODE_OPTIONS="--experimental-vm-modules --disable-warning=ExperimentalWarning ${NODE_OPTIONS:-}"
status=0
npx jest --ci --json --outputFile=.run/jest-results.json "$@" || status=$?
if [[ -f .run/jest-results.json ]]; then
  node -e 'const r = require("./.run/jest-results.json");
    console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);'
fi
exit $status
