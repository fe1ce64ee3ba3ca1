#!/usr/bin/env bash
# Installs what run.sh and test.sh need and is not there yet: Azurite (npm, pinned by package-lock.json),
# and the Debian packages chromium, xmlsec1, libxml2-utils (xmllint) and jq (both for schemas/check.sh), faketime,
# used by the test suites. Does nothing when all is present.
set -euo pipefail
cd "$(dirname "$0")/.."

# chart.js is built into the app (the dashboard works offline), so a fresh clone needs it before the build.
if [[ ! -x node_modules/.bin/azurite || ! -f node_modules/chart.js/dist/chart.umd.min.js ]]; then
  echo "== npm ci (Azurite, chart.js, axe-core)"
  npm ci --no-audit --no-fund
fi

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v xmlsec1 >/dev/null 2>&1 || missing+=(xmlsec1)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
command -v jq >/dev/null 2>&1 || missing+=(jq)
# libfaketime: the real-world intake test runs the app at each genuine filing's signing time.
command -v faketime >/dev/null 2>&1 || missing+=(faketime)
if (( ${#missing[@]} > 0 )); then
  echo "== apt-get install ${missing[*]}"
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
