#!/usr/bin/env bash
# Runs every test of the repository against a real Azurite, started here on free ports and stopped at the end.
# Installs what is missing first: npm packages (Azurite, from package-lock.json), Debian chromium, xmlsec1 and libxml2-utils.
# Exits non-zero if anything fails. Extra arguments go to `dotnet test` (e.g. --filter DurabilityTests).
#   ./test.sh --chaos [--count N] [--concurrency N] [--keep]: only the chaos run (scripts/chaos.sh, several minutes),
#   not the suite: submissions while Azurite and the app are SIGKILLed, then `efiling chaos check`.
set -euo pipefail
cd "$(dirname "$0")"
root="$(pwd)"

if [[ "${1:-}" == "--chaos" ]]; then
  shift
  scripts/install-tools.sh
  exec scripts/chaos.sh "$@"
fi

scripts/install-tools.sh

work="$(mktemp -d "${TMPDIR:-/tmp}/efiling-test.XXXXXX")"
cleanup() {
  scripts/azurite.sh stop "$work/azurite" || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

echo "== Building"
dotnet build "$root/EFiling.sln" -nologo -v quiet -clp:ErrorsOnly

echo "== Building and linting infra-bicep (Bicep CLI from NuGet)"
infra-bicep/build.sh

echo "== Starting Azurite"
EFILING_TEST_STORAGE="$(scripts/azurite.sh start "$work/azurite")"
export EFILING_TEST_STORAGE
# Figures tests report for the log (e.g. how many inputs the fuzz test tried), printed after the run.
export EFILING_TEST_REPORT="$work/report.txt"

echo "== Testing"
set +e
# One test assembly at a time (-m:1): several of them run the app on Azurite and wait for background work with
# deadlines, and the exactly-once test loads Azurite hard; side by side on a 2-core machine they slow each other
# unpredictably. Serial costs about two minutes and keeps those deadlines honest.
dotnet test "$root/EFiling.sln" --no-build -nologo -m:1 "$@" 2>&1 | tee "$work/test.log"
status=${PIPESTATUS[0]}
set -e

[[ -s "$EFILING_TEST_REPORT" ]] && { echo "== Reported by the tests"; cat "$EFILING_TEST_REPORT"; }

# One closing line that any CI reads: the sums over every test assembly.
awk '
  /Failed: *[0-9]+, Passed: *[0-9]+, Skipped: *[0-9]+/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1)
    }
    n++
  }
  END { if (n == 0) { print "0 passed, 0 failed" } else { printf "%d passed, %d failed, %d skipped\n", p, f, s } }
' "$work/test.log" | tr -d ","  | awk '{ printf "%s passed, %s failed, %s skipped\n", $1, $3, $5 }'
if ! grep -q "Passed:" "$work/test.log"; then
  echo "No test ran." >&2
  status=1
fi
exit "$status"
