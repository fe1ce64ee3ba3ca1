// Production: Premium v3 with two instances, zone-redundant storage, longer soft delete,
// purge-protected Key Vault (cannot be undone).
using '../main.bicep'

param environmentName = 'prod'
param planSkuName = 'P1v3'
param planInstanceCount = 2
param storageSkuName = 'Standard_ZRS'
param blobSoftDeleteDays = 30
param logRetentionDays = 90
param keyVaultPurgeProtection = true

// Reviewers' sign-in (App Service Authentication with Microsoft Entra ID): the directory and the app registration
// created for this environment (infra-bicep/README.md, "Reviewers' sign-in"). These zeros are placeholders:
// deploy.sh refuses to deploy until they are replaced.
param entraTenantId = '00000000-0000-0000-0000-000000000000'
param entraClientId = '00000000-0000-0000-0000-000000000000'
