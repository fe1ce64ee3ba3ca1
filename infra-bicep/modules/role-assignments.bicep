// The only role assignments EFiling makes: data-plane roles for the app's user-assigned identity,
// each scoped to the one resource it is for (the storage account or the Key Vault). Nothing at
// resource-group or subscription scope, no Owner / Contributor / User Access Administrator.
//
// Role definition ids are Azure built-in roles (the same GUID in every tenant):
//   Storage Blob Data Owner         b7e6dc6d-f1e8-4753-8033-0f276bb0955b
//     The Functions host documents this as the minimum for identity-based AzureWebJobsStorage
//     (it creates its own azure-webjobs-* containers and keeps leases and keys in blobs);
//     it also covers the app's own filings / receipts / notifications blobs.
//   Storage Queue Data Contributor  974c5e8b-45b9-4653-ba55-5f855dd0fb88
//     Queue trigger (read, process, delete), the app enqueueing filings-received, and moving
//     messages to filings-received-poison.
//   Storage Table Data Contributor  0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3
//     The app's tables, and the host's diagnostic-events table.
//   Key Vault Secrets User          4633458b-17de-408a-b874-0445c86b69e6
//     Read secret values (Key Vault references for the certificate and PEM bundles).

@description('Name of the storage account the storage roles are scoped to.')
param storageAccountName string

@description('Name of the Key Vault the secrets role is scoped to.')
param keyVaultName string

@description('Name of the app\'s user-assigned managed identity (the principal that gets the roles).')
param identityName string

var roleIds = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

var storageRoleIds = [
  roleIds.storageBlobDataOwner
  roleIds.storageQueueDataContributor
  roleIds.storageTableDataContributor
]

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageRoleIds: {
    name: guid(storage.id, identity.id, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource vaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roleIds.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}
