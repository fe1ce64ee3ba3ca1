#!/usr/bin/env bash
# Assembles the deployable function app: host.json, one folder per function (function.json), and the
# self-contained linux-x64 EFiling.Functions executable with its files, all at the package root; then zips it.
#   functions/publish.sh [OUT]   (default OUT: artifacts/functions)
#   EFILING_CRL_FOLDER=DIR       CRL files to ship in the package's crl/ folder
# Result: OUT/package/ (what `func start` runs from) and OUT/efiling-functions.zip (for zip deploy).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="${1:-$root/artifacts/functions}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
package="$out/package"
rm -rf "$package" "$out/efiling-functions.zip"

echo "== dotnet publish (Release, linux-x64, self-contained)"
dotnet publish "$here/EFiling.Functions/EFiling.Functions.csproj" -nologo -c Release -r linux-x64 --self-contained \
  -p:DebugType=none -o "$package"

echo "== host.json and function folders"
cp "$root/host.json" "$package/host.json"
for fn in "$here"/*/function.json; do
  name="$(basename "$(dirname "$fn")")"
  mkdir -p "$package/$name"
  cp "$fn" "$package/$name/function.json"
done
chmod +x "$package/EFiling.Functions"

# CRLs travel in the package: in Azure, EFiling__CrlFolder is /home/site/wwwroot/crl (see infra-bicep).
mkdir -p "$package/crl"
if [[ -n "${EFILING_CRL_FOLDER:-}" ]]; then
  echo "== CRLs from $EFILING_CRL_FOLDER"
  cp "$EFILING_CRL_FOLDER"/* "$package/crl/"
else
  echo "(no EFILING_CRL_FOLDER given: the package's crl/ is empty)"
fi

echo "== zip"
# zip keeps the executable bit: the Functions host must be able to start EFiling.Functions.
command -v zip >/dev/null || { sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"; $sudo apt-get update && $sudo apt-get install -y zip; }
(cd "$package" && zip -qry "$out/efiling-functions.zip" .)
echo "Package: $package"
echo "Zip:     $out/efiling-functions.zip ($(du -h "$out/efiling-functions.zip" | cut -f1))"
