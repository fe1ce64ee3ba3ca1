// EFiling on Azure: one resource group holds the whole service.
//   az deployment group create -g <rg> -f infra-bicep/main.bicep -p infra-bicep/params/<env>.bicepparam
// (infra-bicep/deploy.sh does that, then uploads the certificates and zip-deploys the app.)
targetScope = 'resourceGroup'

import { reviewer } from 'modules/functionapp.bicep'

@description('Environment name; part of every resource name.')
@allowed([
  'dev'
  'prod'
])
param environmentName string

@description('Azure region for every resource.')
param location string = resourceGroup().location

@description('App Service plan SKU (Linux Dedicated). B1 is the smallest with Always On; use P1v3 or larger in prod.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'S3'
  'P0v3'
  'P1v3'
  'P2v3'
  'P3v3'
])
param planSkuName string = 'B1'

@description('Number of plan instances (each runs the whole app).')
@minValue(1)
@maxValue(30)
param planInstanceCount int = 1

@description('Storage account redundancy.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSkuName string = 'Standard_LRS'

@description('Days deleted or overwritten blobs (filings, receipts) can still be restored.')
@minValue(7)
@maxValue(365)
param blobSoftDeleteDays int = 14

@description('Days test filings (X-EFiling-Test) are kept: a lifecycle rule deletes the blobs of the test-filings container this long after they were written (EFiling__TestMode__RetentionDays).')
@minValue(1)
@maxValue(365)
param testFilingRetentionDays int = 7

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Key Vault purge protection (irreversible once on).')
param keyVaultPurgeProtection bool = false

@description('Allow basic-auth publishing on the SCM site. Keep off; see README (deploy with Entra sign-in).')
param scmBasicAuthEnabled bool = false

@description('Largest accepted declaration in bytes (EFiling__MaxDocumentBytes).')
@minValue(1)
param maxDocumentBytes int = 10485760

@description('Microsoft Entra tenant (directory) id where reviewers sign in and the app registration lives.')
param entraTenantId string

@description('Application (client) id of the Entra app registration for reviewers\' sign-in (see README: create it first).')
param entraClientId string

@description('Tax-office reviewers: sign-in name (Entra UPN), roles, offices (officers) or province (supervisors). See README.')
param reviewers reviewer[] = []

@description('Extra tags for every resource.')
param tags object = {}

// The one list of queue, table and container names, shared with the app (which embeds the same
// file). Do not copy names out of it into Bicep.
var storageNames = loadJsonContent('../config/storage-names.json')

// Key Vault secret names the app settings reference and deploy.sh uploads to.
var keyVaultSecretNames = {
  receiptCertificate: 'receipt-signing'
  trustedRoots: 'trusted-roots'
  intermediates: 'intermediates'
  // The Entra app registration's client secret, for App Service Authentication.
  entraClientSecret: 'entra-client-secret'
}

var baseName = 'efiling-${environmentName}'
var suffix = uniqueString(resourceGroup().id, environmentName)
// Resource names are computed here (not taken from module outputs) so they are known before
// deployment: what-if and `bicep snapshot` can then show every resource and role assignment.
var resourceNames = {
  identity: 'id-${baseName}'
  workspace: 'log-${baseName}'
  appInsights: 'appi-${baseName}'
  storageAccount: 'st${replace(baseName, '-', '')}${take(suffix, 8)}'
  keyVault: 'kv-${baseName}-${take(suffix, 6)}'
  plan: 'asp-${baseName}'
  // At most 32 characters: the Functions host id is the first 32 characters of the app name.
  functionApp: 'func-${baseName}-${take(suffix, 8)}'
}
var allTags = union(tags, {
  application: 'EFiling'
  environment: environmentName
})

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: resourceNames.identity
    location: location
    tags: allTags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: resourceNames.workspace
    appInsightsName: resourceNames.appInsights
    location: location
    retentionInDays: logRetentionDays
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: resourceNames.storageAccount
    location: location
    skuName: storageSkuName
    names: storageNames
    softDeleteDays: blobSoftDeleteDays
    testFilingRetentionDays: testFilingRetentionDays
    tags: allTags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyVault'
  params: {
    name: resourceNames.keyVault
    location: location
    purgeProtection: keyVaultPurgeProtection
    tags: allTags
  }
}

module roles 'modules/role-assignments.bicep' = {
  name: 'roleAssignments'
  params: {
    storageAccountName: resourceNames.storageAccount
    keyVaultName: resourceNames.keyVault
    identityName: resourceNames.identity
  }
  dependsOn: [
    identity
    storage
    keyVault
  ]
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionApp'
  params: {
    planName: resourceNames.plan
    siteName: resourceNames.functionApp
    location: location
    planSkuName: planSkuName
    planInstanceCount: planInstanceCount
    identityName: resourceNames.identity
    storageAccountName: resourceNames.storageAccount
    keyVaultName: resourceNames.keyVault
    keyVaultSecretNames: keyVaultSecretNames
    entraTenantId: entraTenantId
    entraClientId: entraClientId
    reviewers: reviewers
    appInsightsName: resourceNames.appInsights
    maxDocumentBytes: maxDocumentBytes
    testFilingRetentionDays: testFilingRetentionDays
    scmBasicAuthEnabled: scmBasicAuthEnabled
    tags: allTags
  }
  // The host must be able to reach storage and Key Vault the moment it starts, so the role
  // assignments come first.
  dependsOn: [
    identity
    monitoring
    storage
    keyVault
    roles
  ]
}

output functionAppName string = functionApp.outputs.name
output functionAppHostName string = functionApp.outputs.defaultHostName
output storageAccountName string = storage.outputs.name
output keyVaultName string = keyVault.outputs.name
output keyVaultUri string = keyVault.outputs.uri
output identityClientId string = identity.outputs.clientId
output receiptCertificateName string = keyVaultSecretNames.receiptCertificate
output trustedRootsSecretName string = keyVaultSecretNames.trustedRoots
output intermediatesSecretName string = keyVaultSecretNames.intermediates
output entraClientSecretName string = keyVaultSecretNames.entraClientSecret
