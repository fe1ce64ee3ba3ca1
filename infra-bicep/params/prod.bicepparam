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
