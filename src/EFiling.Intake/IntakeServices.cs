using EFiling.IntakeChecks;
using EFiling.Declarations.Catalogue;
using EFiling.Receipts;
using EFiling.ServiceDefaults;
using EFiling.Storage;
using Microsoft.Extensions.Options;

namespace EFiling.Intake;

/// <summary>How the service's parts register themselves (FunctionsApp calls these in the order a filing travels).</summary>
public static class IntakeServices
{
    /// <summary>Intake: the checks, the form catalogue, the receipt and its certificate, submission and take-in.</summary>
    public static IServiceCollection AddEFilingIntake(this IServiceCollection services)
    {
        // Receipts, notices and the tax authority's envelope are signed with the service's certificate, loaded once on first use.
        services.AddSingleton<ReceiptCertificateSource>();
        services.AddSingleton(sp => new ReceiptDocument(sp.GetRequiredService<ReceiptCertificateSource>().CreateSigner));
        services.AddSingleton(sp => new TaxAuthorityReply(() => sp.GetRequiredService<ReceiptCertificateSource>().Certificate, sp.GetRequiredService<TimeProvider>()));
        // The form catalogue (schemas folder and packs), loaded once on first use: the checks, reconciliation, review
        // and statistics all read this one.
        services.AddSingleton(sp => new Lazy<FormCatalogue>(() =>
        {
            var o = sp.GetRequiredService<IOptions<EFilingOptions>>().Value;
            return FormCatalogue.Load(o.SchemasFolder, o.SchemaPackFolders);
        }));

        services.AddSingleton<DeclarationChecks>();
        services.AddSingleton<FilingIntake>();
        services.AddSingleton<SubmissionService>();
        return services;
    }
}
