// Development: smallest plan that runs Always On, locally redundant storage, short retention.
using '../main.bicep'

param environmentName = 'dev'
param planSkuName = 'B1'
param planInstanceCount = 1
param storageSkuName = 'Standard_LRS'
param blobSoftDeleteDays = 7
param logRetentionDays = 30
param keyVaultPurgeProtection = false

// Reviewers' sign-in (App Service Authentication with Microsoft Entra ID): the directory and the app registration
// created for this environment (infra-bicep/README.md, "Reviewers' sign-in"). These zeros are placeholders:
// deploy.sh refuses to deploy until they are replaced.
param entraTenantId = '00000000-0000-0000-0000-000000000000'
param entraClientId = '00000000-0000-0000-0000-000000000000'
