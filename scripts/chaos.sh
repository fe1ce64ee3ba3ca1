#!/usr/bin/env bash
# Chaos run (./test.sh --chaos, or directly): submits COUNT signed declarations at CONCURRENCY to the app on an
# Azurite with disk persistence, and while they go in SIGKILLs Azurite twice (restarting it on the same ports and
# data folder) and the app once (restarting it). Then `efiling chaos check` waits until nothing is in flight and
# checks every receipt held: stored, decided exactly once, counted once (stats recount), nothing half-there.
#   scripts/chaos.sh [--count N] [--concurrency N] [--keep] [--stock-azurite]
#   (defaults 2000, 32; --keep keeps the work folder)
# Azurite is given durable acknowledgements (scripts/chaos/azurite-durable.js): stock Azurite saves its metadata
# every 5 s, so a SIGKILL would lose writes it had answered, which Azure Storage never does. --stock-azurite runs
# without that, to see what the emulator alone loses (expect "missing" and "half-there" findings then).
# Exit 0 when every check passed; the work folder (logs, results) is kept and named on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
count=2000 concurrency=32 keep="" stock=""
while (( $# > 0 )); do
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --stock-azurite) stock=1; shift ;;
    *) echo "usage: $0 [--count N] [--concurrency N] [--keep] [--stock-azurite]" >&2; exit 2 ;;
  esac
done

work="$(mktemp -d "${TMPDIR:-/tmp}/efiling-chaos.XXXXXX")"
app_pid="" submit_pid="" status=1
cleanup() {
  [[ -n "$submit_pid" ]] && kill "$submit_pid" 2>/dev/null || true
  [[ -n "$app_pid" ]] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  scripts/azurite.sh stop "$work/azurite" || true
  if (( status == 0 )) && [[ -z "$keep" ]]; then rm -rf "$work"; else echo "Chaos work folder kept: $work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
started=$(date +%s)
stamp() { date -u +%H:%M:%S; }

echo "== Building the app and the CLI"
dotnet build functions/EFiling.Functions/EFiling.Functions.csproj -nologo -v quiet -clp:ErrorsOnly
dotnet build src/EFiling.Cli/EFiling.Cli.csproj -nologo -v quiet -clp:ErrorsOnly
efiling() { dotnet "$root/src/EFiling.Cli/bin/Debug/net10.0/efiling.dll" "$@"; }

# Fixed ports for the whole run, so a restarted Azurite (same --location) and app come back where clients look.
AZURITE_BLOB_PORT=$(scripts/free-port.sh)
AZURITE_QUEUE_PORT=$(scripts/free-port.sh)
AZURITE_TABLE_PORT=$(scripts/free-port.sh)
app_port=$(scripts/free-port.sh)
export AZURITE_BLOB_PORT AZURITE_QUEUE_PORT AZURITE_TABLE_PORT
url="http://127.0.0.1:$app_port"
durable="--require $root/scripts/chaos/azurite-durable.js"
[[ -n "$stock" ]] && durable=""
start_azurite() { NODE_OPTIONS="$durable" scripts/azurite.sh start "$work/azurite"; }
azurite_pid() { (source "$work/azurite/azurite.env"; echo "$AZURITE_PID"); }

echo "== Starting Azurite (data in $work/azurite)"
AzureWebJobsStorage="$(start_azurite)"
export AzureWebJobsStorage

echo "== Development PKI, samples"
pki="$work/pki"
efiling dev-pki --out "$pki" --extra-taxpayers 40 >/dev/null
samples="$work/samples"
# Mostly valid 01/GTGT; a tenth other forms; a twentieth broken on purpose (refused: 400/422); a hundredth
# byte-identical copies (answered 200 with the first one's receipt).
broken=$(( count / 20 )) others=$(( count / 10 )) copies=$(( count / 100 ))
valid=$(( count - broken - others - copies ))
efiling sample --form 01/GTGT --count "$valid" --pki "$pki" --out "$samples/01-GTGT" --seed 11 >/dev/null
for form in 03/TNDN 05/KK-TNCN TK3-TS D02-LT; do
  efiling sample --form "$form" --count $(( others / 4 )) --pki "$pki" --out "$samples/${form//\//-}" --seed 12 >/dev/null
done
kinds=(mst-check-digit arithmetic tampered revoked-certificate not-xml)
for kind in "${kinds[@]}"; do
  efiling sample --form 01/GTGT --count $(( broken / ${#kinds[@]} )) --broken "$kind" --pki "$pki" --out "$samples/broken-$kind" --seed 13 >/dev/null
done
mkdir -p "$samples/copies"
find "$samples/01-GTGT" -name '*.xml' | sort | awk -v n="$copies" 'NR <= n' | while read -r f; do cp "$f" "$samples/copies/copy-$(basename "$f")"; done
total=$(find "$samples" -name '*.xml' | wc -l)
echo "   $total files"

receipt_password="$(node -e 'console.log(require(process.argv[1]).receiptSigning.password)' "$pki/pki.json")"
# The rate limits are off: 2,000 filings from one address in a few minutes is a flood they would stop (1,200 a minute).
start_app() {
  EFiling__TrustedRoots="$pki/trusted-roots.pem" EFiling__Intermediates="$pki/intermediates.pem" EFiling__CrlFolder="$pki/crl" \
  EFiling__ReceiptCertificate="$pki/receipt-signing.pfx" EFiling__ReceiptCertificatePassword="$receipt_password" \
  EFiling__SweepInterval=00:00:05 EFiling__SweepGrace=00:00:05 EFiling__RetryDelay=00:00:05 \
  EFiling__RateLimits__SignerPermitLimit=0 EFiling__RateLimits__KeyPermitLimit=0 EFiling__RateLimits__AddressPermitLimit=0 \
    dotnet functions/EFiling.Functions/bin/Debug/net10.0/EFiling.Functions.dll --urls "$url" >>"$work/app.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 600); do
    curl -fsS "$url/api/health" >/dev/null 2>&1 && return 0
    kill -0 "$app_pid" 2>/dev/null || { tail -50 "$work/app.log"; return 1; }
    sleep 0.1
  done
  echo "The app did not answer on $url" >&2; return 1
}
echo "== Starting the app on $url"
start_app
efiling registry demo --pki "$pki" --out "$work/registry" >/dev/null
efiling registry import "$work/registry/offices.csv" "$work/registry/taxpayers.csv" "$work/registry/employers.csv" "$work/registry/agents.csv" >/dev/null

echo "== Submitting $total files at concurrency $concurrency while killing Azurite (20 %, 60 %) and the app (40 %)"
results="$work/results.jsonl" kills="$work/kills.log"
: >"$results"; : >"$kills"
# Enough retries (at most 5 s apart, about 45 s in all) to outlast a restart; a file still unanswered is checked as an error.
efiling submit "$samples" --url "$url" --concurrency "$concurrency" --retries 12 --out "$results" --json >"$work/submit.json" 2>"$work/submit.log" &
submit_pid=$!
answered() { wc -l <"$results"; }
wait_for() { # fraction in percent: wait until that share of files is answered (or submit ended)
  while (( $(answered) * 100 < total * $1 )) && kill -0 "$submit_pid" 2>/dev/null; do sleep 0.2; done
}
kill_azurite() {
  local pid; pid=$(azurite_pid)
  kill -9 "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  local at; at=$(stamp)
  sleep 3 # down for a moment: requests fail, the outbox and the retries must cover it
  start_azurite >/dev/null
  echo "$at Azurite SIGKILL after $1 answers, back at $(stamp)" | tee -a "$kills"
}
kill_app() {
  kill -9 "$app_pid"; wait "$app_pid" 2>/dev/null || true
  local at; at=$(stamp)
  sleep 2
  start_app
  echo "$at app SIGKILL after $1 answers, back at $(stamp)" | tee -a "$kills"
}
wait_for 20; kill_azurite "$(answered)"
wait_for 40; kill_app "$(answered)"
wait_for 60; kill_azurite "$(answered)"
submitted=0
wait "$submit_pid" || submitted=$?
submit_pid=""
echo "   efiling submit exited $submitted ($(answered) answers; 1 = some refused, 3 = some never answered)"

echo "== Checking"
check=0
efiling chaos check --results "$results" --kills "$kills" --settle-timeout 300 || check=$?
echo "   total elapsed $(( $(date +%s) - started )) s"
status=$check
exit "$check"
