#!/usr/bin/env bash
# Build and lint every Bicep file in infra-bicep/ with the Bicep CLI from NuGet.
#
#   bash infra-bicep/build.sh
#
# 1. Restores Azure.Bicep.CommandLine.linux-x64 (version pinned in tools/bicep-cli.csproj) into
#    the NuGet global-packages folder, unless it is already there.
# 2. `bicep build` every .bicep into infra-bicep/out/ (out/main.json is the ARM template the
#    tests read), `bicep build-params` every params/*.bicepparam into out/params/, and
#    `bicep snapshot` each parameters file into out/snapshots/<env>.snapshot.json: the template
#    expanded with that file's values (fixed fake subscription / resource group), so the tests can
#    check concrete names, role ids and scopes.
# 3. `bicep lint` every .bicep and .bicepparam file; any warning or error fails the build.
#
# Needs only the .NET SDK. Safe to run again; it rebuilds out/ from scratch each time.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/out"
tools_proj="$here/tools/bicep-cli.csproj"

# --- 1. Bicep CLI -------------------------------------------------------------------------------
version="$(sed -n 's/.*Include="Azure\.Bicep\.CommandLine\.linux-x64" Version="\[\([^]]*\)\]".*/\1/p' "$tools_proj")"
if [[ -z "$version" ]]; then
  echo "build.sh: cannot read the Bicep CLI version from $tools_proj" >&2
  exit 1
fi

packages="${NUGET_PACKAGES:-}"
if [[ -z "$packages" ]]; then
  packages="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')"
fi
packages="${packages%/}"
bicep="$packages/azure.bicep.commandline.linux-x64/$version/tools/bicep"

if [[ ! -f "$bicep" ]]; then
  echo "build.sh: restoring Azure.Bicep.CommandLine.linux-x64 $version"
  dotnet restore "$tools_proj" --nologo --verbosity quiet
fi
if [[ ! -f "$bicep" ]]; then
  echo "build.sh: Bicep CLI not found at $bicep after restore" >&2
  exit 1
fi
[[ -x "$bicep" ]] || chmod u+x "$bicep"
echo "build.sh: $("$bicep" --version)"

# Sources, relative to infra-bicep/ (out/ and tools/ hold none).
cd "$here"
mapfile -t bicep_files < <(find . -name '*.bicep' -not -path './out/*' -not -path './tools/*' | sed 's|^\./||' | sort)
mapfile -t param_files < <(find . -name '*.bicepparam' -not -path './out/*' -not -path './tools/*' | sed 's|^\./||' | sort)
echo "build.sh: ${#bicep_files[@]} Bicep files: ${bicep_files[*]}"
echo "build.sh: ${#param_files[@]} parameters files: ${param_files[*]}"

failed=0
# Runs one Bicep command and prints its diagnostics. A non-zero exit code or any warning or error
# line fails the build (`bicep lint` exits 0 on warnings, so the output is checked too).
run_bicep() {
  local what="$1"; shift
  local log
  log="$(mktemp)"
  if ! "$bicep" "$@" >"$log" 2>&1; then
    echo "FAIL  $what (exit code)"; sed 's/^/      /' "$log"; failed=1
  elif grep -Eq ' : (Warning|Error) ' "$log"; then
    echo "FAIL  $what (diagnostics)"; sed 's/^/      /' "$log"; failed=1
  else
    echo "ok    $what"
    if [[ -s "$log" ]]; then sed 's/^/      /' "$log"; fi
  fi
  rm -f "$log"
}

# --- 2. Build -----------------------------------------------------------------------------------
rm -rf "$out"
mkdir -p "$out/params" "$out/snapshots"
# Leftovers of an interrupted run (snapshots are written beside the parameters files first).
find . -name '*.snapshot.json' -not -path './out/*' -delete

# One process for all files (the CLI takes ~2 s to start): out/ mirrors the source tree.
run_bicep "build **/*.bicep -> out/" build --pattern '**/*.bicep' --outdir "$out"
for f in "${bicep_files[@]}"; do
  json="$out/${f%.bicep}.json"
  [[ -f "$json" ]] || { echo "FAIL  build $f (no ${json#"$here/"})"; failed=1; }
done

# Fixed, obviously fake deployment context for the snapshots (the real one exists only at deploy time).
snapshot_subscription="00000000-0000-0000-0000-00000000aaaa"
snapshot_tenant="00000000-0000-0000-0000-00000000bbbb"
snapshot_location="southeastasia"

for f in "${param_files[@]}"; do
  name="$(basename "$f" .bicepparam)"
  run_bicep "build-params $f -> out/params/$name.parameters.json" build-params "$f" --outfile "$out/params/$name.parameters.json"
  # `bicep snapshot` writes <name>.snapshot.json beside the parameters file; move it into out/.
  run_bicep "snapshot $f -> out/snapshots/$name.snapshot.json" snapshot "$f" --mode overwrite \
    --subscription-id "$snapshot_subscription" --tenant-id "$snapshot_tenant" \
    --resource-group "rg-efiling-$name" --location "$snapshot_location" --deployment-name "efiling-$name"
  snapshot="$(dirname "$f")/$name.snapshot.json"
  if [[ -f "$snapshot" ]]; then
    mv "$snapshot" "$out/snapshots/$name.snapshot.json"
  else
    echo "FAIL  snapshot $f (no $snapshot written)"; failed=1
  fi
done

# --- 3. Lint ------------------------------------------------------------------------------------
run_bicep "lint **/*.bicep" lint --pattern '**/*.bicep'
run_bicep "lint **/*.bicepparam" lint --pattern '**/*.bicepparam'

if [[ "$failed" -ne 0 ]]; then
  echo "build.sh: FAILED (see above)" >&2
  exit 1
fi
echo "build.sh: ok: ${#bicep_files[@]} Bicep and ${#param_files[@]} parameters files built into infra-bicep/out/, lint clean (warnings are errors)"
