#!/usr/bin/env bash
# Benchmarks on a fresh Azurite of their own, with the app built from this tree (standalone), a dev PKI and its demo
# registry. Prints the figures; everything it started is stopped at the end.
#   scripts/bench.sh intake [--count 600] [--concurrency 32] [--rounds 1] [--pin]
#       the request path against the raw storage ceiling, in one run (`efiling bench intake`); the app's
#       reconciliation listener is off (EFiling__QueueListener=false), so only the request path is measured.
#       --pin (Linux, taskset): Azurite on core 0, the app and the bench client on the others, as in Azure, where the
#       storage is not on the function's cores. Unpinned, on a 2-core machine every millisecond of the app's CPU is
#       also taken from the emulator, so the ratio mixes the request path's cost with that competition.
#   scripts/bench.sh end-to-end [--count 2000] [--concurrency 32] [--rate R]
#       intake and reconciliation together: the storage ceiling first (`efiling bench-storage`), then COUNT new
#       01/GTGT declarations sent to the app with its listener on (at --rate files/s, or as fast as --concurrency
#       allows), then, once every filing is decided, `efiling report latency` (receipt → decision, end-to-end rate).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
mode="${1:-}"; shift || true
case "$mode" in intake|end-to-end) ;; *) echo "usage: $0 intake|end-to-end [options]" >&2; exit 2 ;; esac
count="" concurrency=32 rate="" rounds=1 pin=""
while (( $# > 0 )); do
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --pin) pin=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -n "$count" ]] || { [[ "$mode" == intake ]] && count=600 || count=2000; }

work="$(mktemp -d "${TMPDIR:-/tmp}/efiling-bench.XXXXXX")"
app_pid=""
cleanup() {
  [[ -n "$app_pid" ]] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  scripts/azurite.sh stop "$work/azurite" || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

scripts/install-tools.sh >/dev/null
# Release, as functions/publish.sh deploys it: a Debug build tells the JIT not to optimise our own code, which on the
# CPU-bound request path of a 2-core machine is a large part of what would be measured.
dotnet build functions/EFiling.Functions/EFiling.Functions.csproj -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet build src/EFiling.Cli/EFiling.Cli.csproj -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
cli="$root/src/EFiling.Cli/bin/Release/net10.0/efiling.dll"
efiling() { dotnet "$cli" "$@"; }

AzureWebJobsStorage="$(scripts/azurite.sh start "$work/azurite")"
export AzureWebJobsStorage
pki="$work/pki"
# Many taxpayers, so that the generated declarations are distinct taxpayer-periods (as on a deadline day).
efiling dev-pki --out "$pki" --extra-taxpayers 200 >/dev/null
efiling registry demo --pki "$pki" --out "$work/registry" >/dev/null
efiling registry import "$work/registry"/*.csv >/dev/null

port=$(scripts/free-port.sh)
url="http://127.0.0.1:$port"
export EFiling__TrustedRoots="$pki/trusted-roots.pem" EFiling__Intermediates="$pki/intermediates.pem" EFiling__CrlFolder="$pki/crl"
export EFiling__ReceiptCertificate="$pki/receipt-signing.pfx"
EFiling__ReceiptCertificatePassword="$(node -e 'console.log(require(process.argv[1]).receiptSigning.password)' "$pki/pki.json")"
export EFiling__ReceiptCertificatePassword
[[ "$mode" == intake ]] && export EFiling__QueueListener=false
# A load from one address, a few signers and no key is what the rate limits exist to stop: off here, or the
# benchmark measures the limiter's 429s (it did: a second round of 600 hit the 1,200-a-minute address limit).
export EFiling__RateLimits__SignerPermitLimit=0 EFiling__RateLimits__KeyPermitLimit=0 EFiling__RateLimits__AddressPermitLimit=0
dotnet functions/EFiling.Functions/bin/Release/net10.0/EFiling.Functions.dll --urls "$url" >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 300); do curl -fsS "$url/api/health" >/dev/null 2>&1 && break; sleep 0.1; done

if [[ "$mode" == intake ]]; then
  # shellcheck disable=SC1091
  azurite_pid="$(source "$work/azurite/azurite.env" && echo "$AZURITE_PID")"
  others=""
  if [[ -n "$pin" ]]; then
    (( $(nproc) >= 2 )) || { echo "--pin needs at least 2 cores" >&2; exit 2; }
    others="1-$(( $(nproc) - 1 ))"
    taskset -a -cp 0 "$azurite_pid" >/dev/null
    taskset -a -cp "$others" "$app_pid" >/dev/null
    echo "pinned: Azurite on core 0, the app and the bench client on cores $others"
  fi
  ${pin:+taskset -c "$others"} dotnet "$cli" bench intake --url "$url" --pki "$pki" --count "$count" --concurrency "$concurrency" --rounds "$rounds" \
    --app-pid "$app_pid" --azurite-pid "$azurite_pid"
  exit
fi

echo "== $count 01/GTGT declarations"
efiling sample --form 01/GTGT --count "$count" --pki "$pki" --out "$work/samples" --seed "$RANDOM" >/dev/null
echo "== Storage ceiling (the same count and concurrency)"
efiling bench-storage --count "$count" --concurrency "$concurrency"
since="$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)"
echo "== Submitting${rate:+ at $rate files/s}"
efiling submit "$work/samples" --url "$url" --concurrency "$concurrency" ${rate:+--rate "$rate"} || true
echo "== Waiting until every filing is decided"
for _ in $(seq 1 600); do
  report="$(efiling report latency --since "$since")"
  grep -q "Received" <<<"$report" || break
  sleep 1
done
echo "$report"
