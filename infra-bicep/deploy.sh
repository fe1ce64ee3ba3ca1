#!/usr/bin/env bash
# Deploy EFiling to Azure: build the package, deploy the infrastructure, upload the certificates,
# zip-deploy the app. Not run by the tests.
#
#   infra-bicep/deploy.sh RESOURCE_GROUP ENV          (ENV: dev | prod)
#
# Optional environment variables:
#   LOCATION              create RESOURCE_GROUP in this region if it does not exist yet
#   RECEIPT_PFX           receipt-signing certificate (.pfx) to import into Key Vault
#   RECEIPT_PFX_PASSWORD  its password (leave unset if it has none)
#   TRUSTED_ROOTS_PEM     trusted-root CA bundle (PEM) to store as a Key Vault secret
#   INTERMEDIATES_PEM     intermediate CA bundle (PEM) to store as a Key Vault secret
#   CRL_FOLDER            CRL files of the CAs you trust, the root's included, shipped in the package as crl/ (EFiling__CrlFolder)
#   ENTRA_CLIENT_SECRET_FILE  file holding the Entra app registration's client secret (reviewers' sign-in),
#                         stored as a Key Vault secret; a file, so the secret never appears on a command line
#   SKIP_PUBLISH=1        reuse an existing artifacts/functions/efiling-functions.zip
#
# Needs: az (signed in: `az login`), dotnet, bash. The signed-in principal needs Owner (or
# Contributor + Role Based Access Control Administrator) on the resource group, because the template
# creates role assignments, and Key Vault Certificates Officer + Key Vault Secrets Officer on the
# vault to upload the certificate and bundles (see infra-bicep/README.md).
set -euo pipefail

usage() {
  sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
die() { echo "deploy.sh: $*" >&2; exit 1; }
step() { echo; echo "==> $*"; }

[[ $# -eq 2 ]] || usage
resource_group="$1"
environment="$2"
case "$environment" in
  dev | prod) ;;
  *) usage ;;
esac

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
template="$repo/infra-bicep/main.bicep"
parameters="$repo/infra-bicep/params/$environment.bicepparam"
package="$repo/artifacts/functions/efiling-functions.zip"

command -v az >/dev/null || die "the Azure CLI (az) is not installed"
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not installed"
az account show --query id -o tsv >/dev/null 2>&1 || die "not signed in to Azure: run 'az login' (and 'az account set -s <subscription>')"
for file in "${RECEIPT_PFX:-}" "${TRUSTED_ROOTS_PEM:-}" "${INTERMEDIATES_PEM:-}" "${ENTRA_CLIENT_SECRET_FILE:-}"; do
  [[ -z "$file" || -f "$file" ]] || die "no such file: $file"
done
# The parameters files ship with zero GUIDs for the Entra tenant and app registration: deploying them would turn on
# App Service Authentication for an app registration that does not exist, and no reviewer could sign in.
if grep -Eq "^param entra(TenantId|ClientId) = '00000000-0000-0000-0000-000000000000'" "$parameters"; then
  die "set entraTenantId and entraClientId in params/$environment.bicepparam first (see infra-bicep/README.md, Reviewers' sign-in)"
fi

# --- 1. Package ---------------------------------------------------------------------------------
if [[ "${SKIP_PUBLISH:-0}" != "1" ]]; then
  step "Publishing the function app package (functions/publish.sh)"
  [[ -f "$repo/functions/publish.sh" ]] || die "functions/publish.sh not found: it builds $package"
  # Without CRLs every signature ends in CERT_REVOCATION_UNKNOWN, so a deployment without them is refused.
  [[ -n "${CRL_FOLDER:-}" && -d "${CRL_FOLDER:-}" ]] || die "CRL_FOLDER must name a folder of CRL files (the app reads them from crl/ in the package)"
  EFILING_CRL_FOLDER="$CRL_FOLDER" bash "$repo/functions/publish.sh"
fi
[[ -f "$package" ]] || die "$package not found (run functions/publish.sh, or unset SKIP_PUBLISH)"
if command -v zipinfo >/dev/null; then
  # The package must have host.json at its root and an executable EFiling.Functions (a zip made on
  # Linux keeps the execute bit; the custom handler cannot start without it).
  zipinfo -1 "$package" | grep -qx 'host.json' || die "$package has no host.json at its root"
  zipinfo "$package" EFiling.Functions 2>/dev/null | grep -q '^-rwx' \
    || echo "deploy.sh: warning: EFiling.Functions in $package is missing or not executable" >&2
fi

# --- 2. Infrastructure --------------------------------------------------------------------------
if ! az group show -n "$resource_group" -o none 2>/dev/null; then
  [[ -n "${LOCATION:-}" ]] || die "resource group '$resource_group' does not exist: set LOCATION to create it"
  step "Creating resource group $resource_group in $LOCATION"
  az group create -n "$resource_group" -l "$LOCATION" --tags application=EFiling "environment=$environment" -o none
fi

deployment="efiling-$environment-$(date -u +%Y%m%d%H%M%S)"
step "Deploying infra-bicep/main.bicep with params/$environment.bicepparam to $resource_group ($deployment)"
az deployment group create -g "$resource_group" -n "$deployment" -f "$template" -p "$parameters" -o none

output() {
  az deployment group show -g "$resource_group" -n "$deployment" --query "properties.outputs.$1.value" -o tsv
}
app="$(output functionAppName)"
host="$(output functionAppHostName)"
vault="$(output keyVaultName)"
certificate_name="$(output receiptCertificateName)"
roots_name="$(output trustedRootsSecretName)"
intermediates_name="$(output intermediatesSecretName)"
entra_secret_name="$(output entraClientSecretName)"
echo "function app: $app   key vault: $vault"

# --- 3. Key Vault: receipt-signing certificate and PEM bundles -----------------------------------
pem_secret() { # NAME FILE
  local size
  size="$(wc -c <"$2")"
  # A Key Vault secret holds at most 25 KB.
  [[ "$size" -le 25000 ]] || die "$2 is $size bytes; a Key Vault secret holds at most 25 KB"
  az keyvault secret set --vault-name "$vault" -n "$1" --file "$2" --encoding utf-8 \
    --content-type application/x-pem-file -o none
}
if [[ -n "${RECEIPT_PFX:-}" ]]; then
  step "Importing the receipt-signing certificate into $vault as '$certificate_name'"
  if [[ -n "${RECEIPT_PFX_PASSWORD:-}" ]]; then
    az keyvault certificate import --vault-name "$vault" -n "$certificate_name" -f "$RECEIPT_PFX" \
      --password "$RECEIPT_PFX_PASSWORD" -o none
  else
    az keyvault certificate import --vault-name "$vault" -n "$certificate_name" -f "$RECEIPT_PFX" -o none
  fi
fi
if [[ -n "${TRUSTED_ROOTS_PEM:-}" ]]; then
  step "Storing the trusted-root bundle in $vault as '$roots_name'"
  pem_secret "$roots_name" "$TRUSTED_ROOTS_PEM"
fi
if [[ -n "${INTERMEDIATES_PEM:-}" ]]; then
  step "Storing the intermediate bundle in $vault as '$intermediates_name'"
  pem_secret "$intermediates_name" "$INTERMEDIATES_PEM"
fi

if [[ -n "${ENTRA_CLIENT_SECRET_FILE:-}" ]]; then
  # The file's bytes become the secret: a trailing newline (echo, most editors) would make it a wrong secret.
  [[ -n "$(tail -c 1 "$ENTRA_CLIENT_SECRET_FILE")" ]] \
    || die "$ENTRA_CLIENT_SECRET_FILE ends with a newline: write it with printf '%s' so the secret is exact"
  step "Storing the Entra client secret in $vault as '$entra_secret_name'"
  az keyvault secret set --vault-name "$vault" -n "$entra_secret_name" --file "$ENTRA_CLIENT_SECRET_FILE" --encoding utf-8 -o none
fi

missing=()
for secret in "$certificate_name" "$roots_name" "$intermediates_name" "$entra_secret_name"; do
  az keyvault secret show --vault-name "$vault" -n "$secret" --query id -o tsv >/dev/null 2>&1 || missing+=("$secret")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "deploy.sh: warning: not in $vault yet: ${missing[*]}." >&2
  echo "deploy.sh: the app's Key Vault references stay unresolved (and it cannot sign or verify) until" >&2
  echo "deploy.sh: they are uploaded: rerun with RECEIPT_PFX / TRUSTED_ROOTS_PEM / INTERMEDIATES_PEM;" >&2
  echo "deploy.sh: without $entra_secret_name (ENTRA_CLIENT_SECRET_FILE) reviewers cannot sign in." >&2
fi

# --- 4. App -------------------------------------------------------------------------------------
# Zip deploy restarts the app, so it also picks up the Key Vault values uploaded above.
step "Zip-deploying $(basename "$package") to $app"
az functionapp deployment source config-zip -g "$resource_group" -n "$app" --src "$package" -o none

echo
echo "deploy.sh: done: https://$host/api/"
