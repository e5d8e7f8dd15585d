#!/usr/bin/env bash
# Installs Debian's Chromium for the console's browser tests (test/e2e/console.e2e.test.ts) when it is
# missing. Playwright drives it through playwright-core; no browser is downloaded by npm.
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then
  exit 0
fi
echo "[chromium] installing Debian's chromium (browser tests of the console)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
