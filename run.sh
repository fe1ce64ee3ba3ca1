#!/usr/bin/env bash
# Runs EFiling locally: Azurite, the function app on http://localhost:7071 (standalone, with its own queue
# listener), a development PKI, a few hundred demo filings sent through the API, and demo paper filings and
# payments for the statistics dashboard. Ctrl-C stops everything.
# Settings already in the environment win over the defaults below (AzureWebJobsStorage, EFiling__TrustedRoots,
# EFiling__Intermediates, EFiling__CrlFolder, EFiling__ReceiptCertificate, EFiling__MaxDocumentBytes, ...).
#   EFILING_URL      where the app listens (default http://localhost:7071)
#   EFILING_DEMO     number of 01/GTGT demo filings (default 300; 0 skips the demo data)
set -euo pipefail
cd "$(dirname "$0")"
root="$(pwd)"
run="$root/.run"
url="${EFILING_URL:-http://localhost:7071}"
demo="${EFILING_DEMO:-300}"
mkdir -p "$run"

app_pid=""
started_azurite=""
stop() {
  [[ -n "$app_pid" ]] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  [[ -n "$started_azurite" ]] && scripts/azurite.sh stop "$run/azurite" || true
}
trap stop EXIT
trap 'exit 130' INT TERM

# 1. Tools: Azurite from the npm lock file.
[[ -x node_modules/.bin/azurite && -f node_modules/chart.js/dist/chart.umd.min.js ]] || npm ci --no-audit --no-fund

# 2. Storage: the given account, or Azurite with its data in .run/azurite (default ports when free).
if [[ -z "${AzureWebJobsStorage:-}" && -z "${AzureWebJobsStorage__blobServiceUri:-}" && -z "${AzureWebJobsStorage__accountName:-}" ]]; then
  scripts/azurite.sh stop "$run/azurite" # a leftover from an interrupted run
  port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
  port_free 10000 && export AZURITE_BLOB_PORT=10000
  port_free 10001 && export AZURITE_QUEUE_PORT=10001
  port_free 10002 && export AZURITE_TABLE_PORT=10002
  AzureWebJobsStorage="$(scripts/azurite.sh start "$run/azurite")"
  export AzureWebJobsStorage
  started_azurite=1
fi

# 3. Build the app and the CLI.
echo "== Building"
dotnet build functions/EFiling.Functions/EFiling.Functions.csproj -nologo -v quiet -clp:ErrorsOnly
dotnet build src/EFiling.Cli/EFiling.Cli.csproj -nologo -v quiet -clp:ErrorsOnly
efiling() { dotnet "$root/src/EFiling.Cli/bin/Debug/net10.0/efiling.dll" "$@"; }

# 4. A development PKI (kept between runs): trusted roots, intermediates, CRL, taxpayers, receipt signing.
pki="$run/pki"
# Forty extra taxpayers make the demo filings distinct taxpayer-periods (a repeated original after the deadline is refused).
# A PKI kept from before the root CA published a CRL fails the issuing CA's revocation check: make a new one
# (and new samples, which were signed with its certificates).
if [[ -f "$pki/pki.json" && ! -f "$pki/crl/root-ca.crl" ]]; then rm -rf "$pki" "$run/samples"; fi
# Likewise a PKI from before the tax agents' certificates (no "agents" in pki.json): the agent-signed demo needs them.
if [[ -f "$pki/pki.json" ]] && ! grep -q '"agents"' "$pki/pki.json"; then rm -rf "$pki" "$run/samples"; fi
[[ -f "$pki/pki.json" ]] || efiling dev-pki --out "$pki" --extra-taxpayers 40
receipt_password="$(node -e 'console.log(require(process.argv[1]).receiptSigning.password)' "$pki/pki.json")"
export EFiling__TrustedRoots="${EFiling__TrustedRoots:-$pki/trusted-roots.pem}"
export EFiling__Intermediates="${EFiling__Intermediates:-$pki/intermediates.pem}"
export EFiling__CrlFolder="${EFiling__CrlFolder:-$pki/crl}"
if [[ -z "${EFiling__ReceiptCertificate:-}" ]]; then
  export EFiling__ReceiptCertificate="$pki/receipt-signing.pfx"
  export EFiling__ReceiptCertificatePassword="$receipt_password"
fi

# Demo reviewers for the review queue: config/demo-reviewers.env (development sign-in: pick a name, no password;
# local use only). Set EFiling__Auth__Users__0__Name yourself to bring your own list instead.
if [[ -z "${EFiling__Auth__Users__0__Name:-}" ]]; then
  # Each line is NAME=value (values may hold spaces): exported as they are, never evaluated by the shell.
  while IFS='=' read -r name value; do
    [[ -z "$name" || "$name" == \#* ]] && continue
    export "$name=$value"
  done < "$root/config/demo-reviewers.env"
  reviewers="$(grep -E '^EFiling__Auth__Users__[0-9]+__Name=' "$root/config/demo-reviewers.env" | cut -d= -f2 | paste -sd, | sed 's/,/, /g')"
else
  reviewers="the users in EFiling__Auth__Users__*"
fi

# 5. The app, standalone (its own queue listener), logging to .run/app.log.
echo "== Starting the function app on $url"
dotnet functions/EFiling.Functions/bin/Debug/net10.0/EFiling.Functions.dll --urls "$url" >"$run/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 300); do
  curl -fsS "$url/api/health" >/dev/null 2>&1 && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$run/app.log"; exit 1; }
  sleep 0.1
done

# 6. The registries reconciliation checks against: the dev PKI's taxpayers and tax agents (with their certificates),
# employers, offices, and the agents' engagements by their clients.
echo "== Importing the demo registry"
efiling registry demo --pki "$pki" --out "$run/registry"
efiling registry import "$run/registry/offices.csv" "$run/registry/taxpayers.csv" "$run/registry/employers.csv" "$run/registry/agents.csv"

# 7. Demo data: signed samples of every form, generated once, sent through the API (a rerun gets 200s: same bytes).
if (( demo > 0 )); then
  samples="$run/samples"
  # Samples from before social insurance was sent as I-VAN dossiers: made again.
  if [[ -d "$samples" && ! -d "$samples/IVAN-D02-LT" ]]; then rm -rf "$samples"; fi
  if [[ ! -d "$samples" ]]; then
    echo "== Generating demo declarations"
    # One in twenty-five asks for a VAT refund: reconciliation sends those to an officer (the review queue's demo work).
    efiling sample --form 01/GTGT --count "$demo" --refund-requests $(( demo / 25 )) --pki "$pki" --out "$samples/01-GTGT" --seed 1
    for form in 03/TNDN 05/KK-TNCN; do
      efiling sample --form "$form" --count 10 --pki "$pki" --out "$samples/${form//\//-}" --seed 2 || echo "(no $form samples)"
    done
    # Social insurance as employers' software sends it: I-VAN dossiers (procedure 600), a D02-LT with the TK1-TS of its
    # new employees, or a TK3-TS; each form signed, in base64, the dossier signed by the employer.
    for form in D02-LT TK3-TS; do
      efiling sample --form "$form" --ivan --count 10 --pki "$pki" --out "$samples/IVAN-$form" --seed 2 || echo "(no $form dossiers)"
    done
    # Signed by the tax agent 0317778889 (DLyThue): for two clients that engaged it (accepted, marked late) and for
    # one whose engagement ended in 2024 (refused: REC_AGENT_NOT_ENGAGED). A quarter five years back, which no other
    # demo filing uses. Until the intake accepts an agent's certificate (its MST check), the intake refuses all three.
    agent_quarter="$(( $(date +%Y) - 5 ))-Q1"
    for client in 0100109106 0312345673 0101601092; do
      efiling sample --form 01/GTGT --agent 0317778889 --mst "$client" --period "$agent_quarter" --pki "$pki" --out "$samples/01-GTGT-agent" --seed 3
    done
  fi
  echo "== Submitting demo declarations"
  # Exit 1 means the service answered and refused some files: an answer, nothing to resend. Anything else but 0
  # (3: no answer from the service, 2: a usage error, or the CLI did not run at all) falls back to curl.
  submitted=0
  efiling submit "$samples" --url "$url" || submitted=$?
  if (( submitted != 0 && submitted != 1 )); then
    echo "(efiling submit exited $submitted; sending them with curl instead)"
    find "$samples" -name '*.xml' -print0 \
      | xargs -0 -P 8 -I{} curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/xml' --data-binary @{} "$url/api/filings" \
      | sort | uniq -c | awk '{ print "  HTTP " $2 ": " $1 }'
  fi
  # The other channels of the statistics: paper filings at the counter and tax payments, sized so that the demo
  # offices land above and below their targets (same files every run: a rerun counts nothing new).
  echo "== Sending demo counter filings and payments"
  efiling stats demo --samples "$samples" --out "$run/channels"
  efiling counter-filings import "$run/channels/counter-filings.csv" --url "$url"
  efiling payments import "$run/channels/payments.csv" --url "$url"
fi

cat <<INFO

EFiling is running (Ctrl-C stops the app and Azurite):
  API            $url/api/filings          (POST application/xml)
  Health         $url/api/health
  OpenAPI        $url/api/openapi.json
  Dashboard      $url/api/dashboard/       (online shares against the targets; reads $url/api/stats)
  Review queue   $url/api/review/ui/queue.html   (sign in as $reviewers)
  App log        $run/app.log
  Dev PKI        $pki   (trusted-roots.pem, taxpayer PFX files, receipt-signing.pfx)
  Registry       $run/registry   (taxpayers.csv, employers.csv, offices.csv, agents.csv; re-import with efiling registry import)
  Storage        ${AzureWebJobsStorage:-identity-based settings}

Try:  dotnet src/EFiling.Cli/bin/Debug/net10.0/efiling.dll sample --form 01/GTGT --out /tmp/s --pki $pki
      curl -i -H 'Content-Type: application/xml' --data-binary @/tmp/s/<file>.xml $url/api/filings
INFO
wait "$app_pid"
