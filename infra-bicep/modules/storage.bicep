// The storage account EFiling keeps everything in: the Functions host's own state
// (AzureWebJobsStorage) and the app's containers, queues and tables. Every name comes from
// config/storage-names.json, passed in by main.bicep as `names`.
//
// Locked down: no anonymous blob access, no shared-key (account key / SAS) access, HTTPS and
// TLS 1.2+ only. Only Microsoft Entra identities with data roles can read or write.

@description('Storage account name (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Storage SKU.')
param skuName string

@description('The storage names object loaded from config/storage-names.json: { containers: {..}, queues: {..}, tables: {..} }.')
param names object

@description('Days deleted blobs, blob versions and containers are kept (soft delete).')
@minValue(7)
@maxValue(365)
param softDeleteDays int

@description('Days after which the lifecycle rule deletes test filings (the blobs of the test-filings container).')
@minValue(1)
@maxValue(365)
param testFilingRetentionDays int

@description('Tags applied to the resources.')
param tags object

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      services: {
        blob: {
          enabled: true
        }
        file: {
          enabled: true
        }
        queue: {
          enabled: true
          keyType: 'Account'
        }
        table: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

// Versioning and soft delete are properties of the blob service, so they cover every container
// in the account, the filings container included: an overwritten or deleted filing can be
// restored from its previous version for `softDeleteDays` days.
resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
  }
}

// Test filings (X-EFiling-Test) are kept apart in their own container and deleted after
// `testFilingRetentionDays` by this rule (their versions too, so versioning keeps nothing of them).
// Nothing else about a test filing is stored: no table row, no queue message.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-test-filings'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${names.containers.testFilings}/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterCreationGreaterThan: testFilingRetentionDays
                }
              }
              version: {
                delete: {
                  daysAfterCreationGreaterThan: testFilingRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = [
  for container in items(names.containers): {
    parent: blobService
    name: container.value
    properties: {
      publicAccess: 'None'
    }
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: account
  name: 'default'
}

// The queue and its poison queue (`<queue>-poison`, where the Functions host moves a message
// after maxDequeueCount failed tries) both come from the names file.
resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [
  for queue in items(names.queues): {
    parent: queueService
    name: queue.value
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2024-01-01' = [
  for table in items(names.tables): {
    parent: tableService
    name: table.value
  }
]

output name string = account.name
