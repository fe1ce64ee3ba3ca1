using System.Net;
using System.Security.Cryptography.X509Certificates;
using EFiling.Functions.Tests.Fixtures;
using EFiling.Functions.Tests.Infrastructure;
using EFiling.Signing;
using EFiling.Storage;
using EFiling.Tests.Shared;
using static EFiling.Functions.Tests.ReconciliationTests;

namespace EFiling.Functions.Tests;

/// <summary>
/// One rule for who signed (issues 11 and 13): intake records the certificate whose key verified the signature, and
/// reconciliation checks that record, never the first ds:X509Certificate it finds in the signature block. Through the
/// real app on Azurite; each test waits for its own filing's final status.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SignerRecordTests(TestEnvironment env)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>The attack: a trusted certificate for the victim's MST that the victim never registered signs; the
    /// victim's registered (public) certificate sits first in the signature block, where the signature does not reach.
    /// Intake rightly accepts the signature (it verifies with the real signer), and reconciliation must then refuse the
    /// unregistered certificate instead of waving the filing through on the victim's.</summary>
    [Theory]
    [InlineData(ExtraCertificatePlace.ForeignWrapperInKeyInfo)]
    [InlineData(ExtraCertificatePlace.ObjectInSignatureBlock)]
    public async Task A_registered_certificate_placed_before_an_unregistered_signer_is_refused_as_not_registered(ExtraCertificatePlace place)
    {
        var victim = TestRegistry.Active(env.Pki);
        using var attacker = UnregisteredCertificateFor(victim);
        var id = await SubmitAsync(env.Samples.Make(_ => { }, victim.Mst, attacker, signature => ExtraCertificates.Place(signature, victim.Certificate, place)));

        var status = await env.App.WaitForStatusAsync(id, "Rejected", Wait);
        Assert.Equal(["REC_CERT_NOT_REGISTERED"], Codes(status));
        Assert.Contains(attacker.Thumbprint, (string?)status["findings"]![0]!["message"]);
        Assert.Equal(attacker.Thumbprint, (string?)status["signer"]!["thumbprint"]);
    }

    /// <summary>The variants intake refuses outright: a second end-entity certificate in X509Data is ambiguous, and an
    /// element of another namespace in CKyDTu is not what the schema allows there.</summary>
    [Theory]
    [InlineData(ExtraCertificatePlace.X509DataBeforeSigner, "SIG_NO_CERTIFICATE")]
    [InlineData(ExtraCertificatePlace.SameX509DataBeforeSigner, "SIG_NO_CERTIFICATE")]
    [InlineData(ExtraCertificatePlace.ForeignElementInSignatureBlock, "SCHEMA_UNEXPECTED_ELEMENT")]
    public async Task Other_placements_of_the_registered_certificate_are_refused_at_intake(ExtraCertificatePlace place, string code)
    {
        var victim = TestRegistry.Active(env.Pki);
        using var attacker = UnregisteredCertificateFor(victim);
        using var response = await env.App.Client.SubmitAsync(
            env.Samples.Make(_ => { }, victim.Mst, attacker, signature => ExtraCertificates.Place(signature, victim.Certificate, place)),
            accept: "application/json");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{response.StatusCode}: {body}");
        Assert.Contains(code, (await response.JsonAsync())["errors"]!.AsArray().Select(e => (string?)e!["code"]));
    }

    /// <summary>Legitimate: the signing software lists the issuing CA before the signer in KeyInfo. The registered
    /// signer is what is checked, so the filing is accepted.</summary>
    [Fact]
    public async Task A_filing_whose_KeyInfo_lists_the_issuing_CA_first_is_checked_against_its_signer()
    {
        var signer = TestRegistry.Active(env.Pki);
        var id = await SubmitAsync(env.Samples.Make(_ => { }, signer.Mst, signer.Certificate,
            signature => ExtraCertificates.Place(signature, env.Pki.IssuingCa, ExtraCertificatePlace.SameX509DataBeforeSigner)));

        var status = await env.App.WaitForStatusAsync(id, "Accepted", Wait);
        Assert.Empty(Codes(status));
        Assert.Equal(signer.Certificate.Thumbprint, (string?)status["signer"]!["thumbprint"]);
        Assert.Equal(signer.Certificate.Subject, (string?)status["signer"]!["subject"]);
    }

    /// <summary>The record survives both homes of the filing's facts as it was written: the blob's metadata (what the
    /// sweep completes a filing from) and the filing row (what reconciliation and the pages read).</summary>
    [Fact]
    public async Task The_signer_record_is_stored_and_read_back_identically()
    {
        var signer = new FilingSigner(
            "F3D75EFE852C48E1E48D40193D96A82F38FFC5C2", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("signer"u8)),
            "CN=CÔNG TY TNHH ĐẠI LÝ THUẾ MINH AN, O=\"Số 1, Phố Huế\", L=Hà Nội, C=VN, OID.0.9.2342.19200300.100.1.1=MST:0100109106",
            "CN=EFiling Dev Issuing CA, O=Bộ Tài chính, C=VN", "3A0F00C1D2",
            new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), new DateTimeOffset(2027, 1, 2, 3, 4, 5, TimeSpan.Zero), "0100109106");
        var bytes = System.Text.Encoding.UTF8.GetBytes($"<record-test id=\"{Guid.NewGuid()}\"/>");
        var facts = new FilingFacts
        {
            Id = FilingKeys.IdFor(new DateTimeOffset(2025, 10, 20, 3, 15, 42, 123, TimeSpan.Zero), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))),
            TransactionCode = "EF20251020101542-0000REC0",
            ReceivedAtUtc = new DateTimeOffset(2025, 10, 20, 3, 15, 42, 123, TimeSpan.Zero),
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)),
            Form = "01/GTGT", MaTKhai = "842", Mst = "0100109106", PeriodKind = "Q", Period = "3/2025", PeriodKey = "2025-Q3",
            FilingKind = "C", AmendmentNumber = 0, Office = "RT001", OfficeName = "Thuế Thành phố Hà Nội", Signer = signer,
        };

        Assert.Equal(facts, FilingMetadata.Read(FilingMetadata.From(facts)));
        Assert.All(FilingMetadata.From(facts).Values, v => Assert.True(v.All(char.IsAscii), v));
        Assert.Equal(facts, FilingEntity.Create(facts, "[]", 0).ToFacts());
        var unrecorded = facts with { Signer = null };
        Assert.Equal(unrecorded, FilingMetadata.Read(FilingMetadata.From(unrecorded)));
        Assert.Equal(unrecorded, FilingEntity.Create(unrecorded, "[]", 0).ToFacts());

        // Through storage (an office of its own, so no other test's reads meet the row).
        await StorageProvisioner.EnsureCreatedAsync(env.Storage, StorageNames.Default);
        var documents = new DocumentStore(env.Storage, StorageNames.Default);
        Assert.True((await documents.CreateDocumentAsync(facts, bytes)).Created);
        Assert.Equal(facts, await documents.FindDocumentAsync(facts.Sha256));
        var index = new FilingIndex(env.Storage, StorageNames.Default);
        await index.AddFilingAsync(FilingEntity.Create(facts, "[]", 0));
        Assert.Equal(facts, (await index.GetAsync(facts.PartitionKey, facts.Id))!.ToFacts());
    }

    /// <summary>The record intake keeps for a signer certificate.</summary>
    public static FilingSigner RecordOf(X509Certificate2 certificate) => new(
        certificate.Thumbprint, certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), certificate.Subject,
        certificate.Issuer, certificate.SerialNumber, certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime(),
        CertificateMst.Read(certificate));

    private X509Certificate2 UnregisteredCertificateFor(DevPkiTaxpayerCertificate victim) =>
        env.Pki.IssueCertificate(DevPki.TaxpayerSubject(victim.Mst, victim.Name), DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30));

    private async Task<string> SubmitAsync(byte[] bytes)
    {
        using var response = await env.App.Client.SubmitAsync(bytes, accept: "application/json");
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (string)(await response.JsonAsync())["id"]!;
    }
}
