// The EFiling function app: a Linux App Service (Dedicated) plan and a function app running the
// self-contained custom handler `EFiling.Functions` (FUNCTIONS_WORKER_RUNTIME=custom).
// See infra-bicep/README.md for why this plan.
//
// Every setting the app reads is set here; infra-bicep/app-settings.required.json lists them and
// tests/EFiling.Infra.Tests checks the compiled template against that list.

@export()
@description('A tax-office reviewer, matched to the signed-in user by name. Becomes EFiling__Auth__Users__N__* app settings.')
type reviewer = {
  @description('The sign-in name: the user principal name in Entra ID (preferred_username), e.g. nv.an@hanoi.gdt.gov.vn.')
  name: string

  @description('Name shown in the pages, notices and audit when Entra ID sends no display name ("name" claim).')
  displayName: string?

  @description('Review roles; may be left out when the Entra app roles of the same names are assigned instead.')
  roles: ('officer' | 'supervisor' | 'administrator')[]?

  @description('Tax office codes an officer works on (an officer without offices sees nothing).')
  offices: string[]?

  @description('Province code a supervisor oversees (TaxOffices registry, else the first 3 digits of office codes).')
  province: string?
}

@description('Name of the App Service plan.')
param planName string

@description('Name of the function app (keep it at most 32 characters: the host id is its first 32).')
@maxLength(32)
param siteName string

@description('Azure region.')
param location string

@description('App Service plan SKU, a Linux Dedicated tier that supports Always On (B1 and up).')
param planSkuName string

@description('Number of plan instances.')
@minValue(1)
param planInstanceCount int

@description('Name of the user-assigned identity the app runs as.')
param identityName string

@description('Name of the storage account (AzureWebJobsStorage and app data).')
param storageAccountName string

@description('Name of the Key Vault holding the certificate and PEM bundles.')
param keyVaultName string

@description('Names of the Key Vault secrets: { receiptCertificate, trustedRoots, intermediates, entraClientSecret }.')
param keyVaultSecretNames object

@description('Microsoft Entra tenant (directory) id of the reviewers and of the app registration.')
param entraTenantId string

@description('Application (client) id of the Entra app registration reviewers sign in to (App Service Authentication).')
param entraClientId string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Largest accepted declaration, in bytes (EFiling__MaxDocumentBytes).')
@minValue(1)
param maxDocumentBytes int

@description('Days test filings are kept (EFiling__TestMode__RetentionDays; the storage lifecycle rule deletes them).')
@minValue(1)
param testFilingRetentionDays int

@description('Allow basic (user name / password) authentication on the SCM (Kudu) site. Off: deploy with a Microsoft Entra sign-in.')
param scmBasicAuthEnabled bool

@description('Reviewers and their offices or province (EFiling__Auth__Users__*); see infra-bicep/README.md.')
param reviewers reviewer[]

@description('Tags applied to the resources.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

var storageSuffix = environment().suffixes.storage

// Key Vault references: the platform resolves them with keyVaultReferenceIdentity (the
// user-assigned identity) and hands the app the secret's value. A certificate imported into
// Key Vault is readable as a secret of the same name holding the base64 PFX.
var kvReference = '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName={0})'

// The reviewers as the app reads them (AuthOptions.Users): EFiling__Auth__Users__{i}__Name, __DisplayName,
// __Roles__{j}, __Offices__{j}, __Province. The template sets the whole list of app settings, so these are the only
// place reviewers can be configured in Azure: a setting added by hand is removed by the next deployment.
var reviewerSettings = flatten(map(range(0, length(reviewers)), i => concat(
  [
    {
      name: 'EFiling__Auth__Users__${i}__Name'
      value: reviewers[i].name
    }
  ],
  empty(reviewers[i].?displayName ?? '')
    ? []
    : [
        {
          name: 'EFiling__Auth__Users__${i}__DisplayName'
          value: reviewers[i].displayName!
        }
      ],
  map(range(0, length(reviewers[i].?roles ?? [])), j => {
    name: 'EFiling__Auth__Users__${i}__Roles__${j}'
    value: reviewers[i].roles![j]
  }),
  map(range(0, length(reviewers[i].?offices ?? [])), j => {
    name: 'EFiling__Auth__Users__${i}__Offices__${j}'
    value: reviewers[i].offices![j]
  }),
  empty(reviewers[i].?province ?? '')
    ? []
    : [
        {
          name: 'EFiling__Auth__Users__${i}__Province'
          value: reviewers[i].province!
        }
      ]
)))

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: planSkuName
    capacity: planInstanceCount
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: siteName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    reserved: true
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      // Custom handler: no language image; the executable ships in the package.
      linuxFxVersion: ''
      // A Dedicated plan needs Always On for non-HTTP triggers (the filings-received queue).
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      use32BitWorkerProcess: false
      appSettings: concat([
        {
          name: 'FUNCTIONS_EXTENSION_VERSION'
          value: '~4'
        }
        {
          name: 'FUNCTIONS_WORKER_RUNTIME'
          value: 'custom'
        }
        {
          // Zip deploy stores the package and mounts it read-only as /home/site/wwwroot.
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1'
        }
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: 'https://${storageAccountName}.blob.${storageSuffix}'
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: 'https://${storageAccountName}.queue.${storageSuffix}'
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: 'https://${storageAccountName}.table.${storageSuffix}'
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identity.properties.clientId
        }
        {
          name: 'AZURE_CLIENT_ID'
          value: identity.properties.clientId
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        {
          name: 'EFiling__TrustedRoots'
          value: format(kvReference, keyVaultSecretNames.trustedRoots)
        }
        {
          name: 'EFiling__Intermediates'
          value: format(kvReference, keyVaultSecretNames.intermediates)
        }
        {
          name: 'EFiling__ReceiptCertificate'
          value: format(kvReference, keyVaultSecretNames.receiptCertificate)
        }
        {
          // The CRLs ship inside the deployment package (crl/ at its root).
          name: 'EFiling__CrlFolder'
          value: '/home/site/wwwroot/crl'
        }
        {
          name: 'EFiling__MaxDocumentBytes'
          value: string(maxDocumentBytes)
        }
        {
          // Stated in a test filing's status; the storage account's lifecycle rule is what deletes them.
          name: 'EFiling__TestMode__RetentionDays'
          value: string(testFilingRetentionDays)
        }
        {
          // Reviewers are signed in by App Service Authentication (Entra ID, authSettings below), never by the
          // development sign-in. The app trusts X-MS-CLIENT-PRINCIPAL only because that module is in front.
          name: 'EFiling__Auth__Mode'
          value: 'AppService'
        }
        {
          // The Entra app registration's client secret, read by App Service Authentication (not by the app) through
          // authSettings' clientSecretSettingName below (the name the portal uses too). A Key Vault reference: the
          // secret is never in the repo, the template or the deployment history. Written out, not a variable, so the
          // compiled template shows the name and the tests can check the two agree.
          name: 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET'
          value: format(kvReference, keyVaultSecretNames.entraClientSecret)
        }
      ], reviewerSettings)
    }
  }
}

// App Service Authentication ("Easy Auth") with Microsoft Entra ID. On Linux it runs in its own container in front
// of the Functions host, strips any X-MS-CLIENT-PRINCIPAL a caller sends and sets it for signed-in users, which is
// what EFiling__Auth__Mode=AppService relies on. Unauthenticated requests are allowed through (AllowAnonymous):
// accounting software posts filings with a function key and no user, and the review API answers 401 itself.
resource authSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
      // Where /.auth/login sends a browser when no provider is named (there is only this one).
      redirectToProvider: 'azureactivedirectory'
    }
    httpSettings: {
      requireHttps: true
      routes: {
        apiPrefix: '/.auth'
      }
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          clientSecretSettingName: 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET'
          // Single tenant: only the tax administration's own directory signs reviewers in.
          openIdIssuer: '${environment().authentication.loginEndpoint}${entraTenantId}/v2.0'
        }
        // The client id is always an allowed audience; no other audience (no API clients) is added.
        validation: {
          // The portal's default "allow requests only from this application itself": tokens obtained by other
          // client applications of the tenant are refused (403) by the platform.
          defaultAuthorizationPolicy: {
            allowedApplications: [
              entraClientId
            ]
          }
        }
      }
    }
    login: {
      // The token store is needed for the claims in X-MS-CLIENT-PRINCIPAL (App Service docs) and for /.auth/me.
      tokenStore: {
        enabled: true
      }
      routes: {
        logoutEndpoint: '/.auth/logout'
      }
      // Only relative post-login redirects (the review pages use /api/review/ui/…).
      allowedExternalRedirectUrls: []
      preserveUrlFragmentsForLogins: false
    }
  }
}

resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: scmBasicAuthEnabled
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
