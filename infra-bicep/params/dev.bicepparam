// Development: smallest plan that runs Always On, locally redundant storage, short retention.
using '../main.bicep'

param environmentName = 'dev'
param planSkuName = 'B1'
param planInstanceCount = 1
param storageSkuName = 'Standard_LRS'
param blobSoftDeleteDays = 7
param logRetentionDays = 30
param keyVaultPurgeProtection = false
