using EFiling.Samples;
using EFiling.Signing;

namespace EFiling.Validation.Tests;

/// <summary>
/// <see cref="ValidatorOptions.MoreCrlFolders"/> (test filings read the test anchor's CRLs beside the real ones): a CRL
/// found only in a further folder revokes as one in <see cref="ValidatorOptions.CrlFolder"/> does, and a further folder
/// that cannot be read stops the validator from starting, naming the setting.
/// </summary>
public class MoreCrlFoldersTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    private string CrlFolder => Path.GetDirectoryName(fixture.Pki.PathOf(fixture.Pki.Manifest.Crl))!;

    private DeclarationValidator Validator(string? crlFolder, params string[] more) => DeclarationValidator.Create(new ValidatorOptions
    {
        TrustedRoots = fixture.Pki.PathOf(fixture.Pki.Manifest.TrustedRoots),
        Intermediates = fixture.Pki.PathOf(fixture.Pki.Manifest.Intermediates),
        CrlFolder = crlFolder,
        MoreCrlFolders = more,
    });

    [Fact]
    public void A_revocation_in_a_further_folder_is_found_as_in_the_main_one()
    {
        var revoked = fixture.Generator().Generate(new SampleRequest { FormCode = "01/GTGT", Defect = SampleDefect.RevokedCertificate }).Bytes;
        var empty = Directory.CreateTempSubdirectory("efiling-no-crls-").FullName;
        try
        {
            Assert.Contains(SignatureCodes.CertRevoked, Codes(Validator(CrlFolder).Validate(revoked, DateTimeOffset.UtcNow)));
            Assert.Contains(SignatureCodes.CertRevoked, Codes(Validator(empty, CrlFolder).Validate(revoked, DateTimeOffset.UtcNow)));
            Assert.Contains(SignatureCodes.CertRevoked, Codes(Validator(null, empty, CrlFolder).Validate(revoked, DateTimeOffset.UtcNow)));
            Assert.DoesNotContain(SignatureCodes.CertRevoked, Codes(Validator(empty, empty).Validate(revoked, DateTimeOffset.UtcNow)));
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void A_further_folder_that_does_not_exist_is_a_configuration_error()
    {
        var e = Assert.Throws<ValidatorConfigurationException>(() => Validator(CrlFolder, "/nonexistent/efiling-crls"));
        Assert.Contains(nameof(ValidatorOptions.MoreCrlFolders), e.Message);
    }

    private static List<string> Codes(ValidationResult result) => result.Findings.Select(f => f.Code).ToList();
}
