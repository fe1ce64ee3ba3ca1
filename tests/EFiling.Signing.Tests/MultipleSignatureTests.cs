using EFiling.Declarations.Findings;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using EFiling.Signing;
using EFiling.Signing.Tests.Support;
using static EFiling.Signing.Tests.Support.Findings;
using static EFiling.Signing.Tests.Support.TestDocuments;

namespace EFiling.Signing.Tests;

/// <summary>
/// <c>CKyDTu</c> holding several ds:Signature: byte-identical copies (HTKK, "sign" pressed again) count once;
/// different signatures are each verified in full, and each signer must be the taxpayer or the tax agent.
/// </summary>
[Collection(PkiCollection.Name)]
public sealed class MultipleSignatureTests(PkiFixture fixture)
{
    private const string AgentMst = "0312345678";

    private static readonly XmlSignerOptions Htkk = new()
    {
        Canonicalization = XmlCanonicalization.InclusiveWithComments,
        ReferenceTransforms = ReferenceTransforms.EnvelopedOnly,
        IncludeKeyValue = true,
    };

    [Fact]
    public void Three_byte_identical_copies_are_one_signature_with_a_warning()
    {
        var document = SignedTax(fixture.Valid.Certificate, Htkk);
        var block = SignatureBlock(document);
        block.AppendChild(Signature(document).CloneNode(deep: true));
        block.AppendChild(Signature(document).CloneNode(deep: true));
        document = Reload(document);
        Assert.Equal(3, document.GetElementsByTagName("Signature", DsigNs).Count);

        var result = Verify(document, fixture.Options);

        Assert.True(result.IsValid, result.ToString());
        var repeated = Findings.Single(result, SignatureCodes.Repeated);
        Assert.Equal(Severity.Warn, repeated.Severity);
        Assert.Contains("3", repeated.Message);
        Assert.Equal(Mst, Assert.Single(result.Signers).Mst);
    }

    [Fact]
    public void Taxpayer_and_named_tax_agent_both_signing_is_accepted_and_both_are_reported()
    {
        using var agent = Agent();
        var document = TwoSignatures(fixture.Valid.Certificate, agent);

        var result = VerifyEntitled(document, Mst, AgentMst);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal([Mst, AgentMst], result.Signers.Select(s => s.Mst));
        Assert.Equal(Mst, result.Signer!.Mst);
    }

    [Fact]
    public void Tax_agent_alone_signing_for_the_taxpayer_is_accepted_when_named()
    {
        using var agent = Agent();
        var document = SignedTax(agent, Htkk);

        Assert.True(VerifyEntitled(document, Mst, AgentMst).IsValid);
        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.CertMstMismatch);
    }

    [Fact]
    public void Two_different_signatures_by_the_same_signer_are_both_verified_and_one_signer_reported()
    {
        var document = TwoSignatures(fixture.Valid.Certificate, fixture.Valid.Certificate, second: new XmlSignerOptions { Canonicalization = XmlCanonicalization.Exclusive });

        var result = Verify(document, fixture.Options);

        Assert.True(result.IsValid, result.ToString());
        Assert.Single(result.Signers);
    }

    [Fact]
    public void Attack_second_signer_not_entitled_is_refused()
    {
        using var stranger = Agent();
        var document = TwoSignatures(fixture.Valid.Certificate, stranger);

        var result = Verify(document, fixture.Options); // no agent named in the document

        AssertRejectedWith(result, SignatureCodes.CertMstMismatch);
        Assert.StartsWith("Signature 2 of 2:", Findings.Single(result, SignatureCodes.CertMstMismatch).Message);
    }

    [Fact]
    public void Attack_second_signature_that_does_not_match_is_refused()
    {
        using var agent = Agent();
        var document = TwoSignatures(fixture.Valid.Certificate, agent);
        var second = (XmlElement)document.GetElementsByTagName("SignatureValue", DsigNs)[1]!;
        var bytes = Convert.FromBase64String(second.InnerText);
        bytes[10] ^= 0x01;
        second.InnerText = Convert.ToBase64String(bytes);

        var result = VerifyEntitled(Reload(document), Mst, AgentMst);

        AssertRejectedWith(result, SignatureCodes.Invalid);
        Assert.StartsWith("Signature 2 of 2:", result.Findings.Single().Message);
    }

    [Fact]
    public void Attack_second_signature_over_another_element_is_refused()
    {
        // A genuine agent signature over the annex only, beside the taxpayer's over the declaration.
        using var agent = Agent();
        var document = Load(UnsignedTaxXml().Replace("<PLuc/>", "<PLuc id=\"PL_1\"/>"));
        new XmlSigner(agent, Htkk).Sign(document, (XmlElement)document.GetElementsByTagName("PLuc", TaxNs)[0]!, SignatureBlock(document));
        var annexSignature = Signature(document).CloneNode(deep: true);
        new XmlSigner(fixture.Valid.Certificate, Htkk).Sign(document, SignedPart(document), SignatureBlock(document));
        SignatureBlock(document).AppendChild(annexSignature);

        AssertRejectedWith(VerifyEntitled(Reload(document), Mst, AgentMst), SignatureCodes.ReferenceTarget);
    }

    [Fact]
    public void Attack_more_copies_than_the_cap_is_refused_before_checking()
    {
        var document = SignedTax(fixture.Valid.Certificate, Htkk);
        for (var i = 0; i < SignatureVerifier.MaxSignatures; i++)
        {
            SignatureBlock(document).AppendChild(Signature(document).CloneNode(deep: true));
        }

        var result = Verify(Reload(document), fixture.Options);

        AssertRejectedWith(result, SignatureCodes.Multiple);
        Assert.Empty(result.Signers);
    }

    [Fact]
    public void Attack_copy_of_a_good_signature_outside_the_block_is_refused()
    {
        var document = SignedTax(fixture.Valid.Certificate, Htkk);
        document.DocumentElement!.AppendChild(Signature(document).CloneNode(deep: true));

        AssertRejectedWith(Verify(Reload(document), fixture.Options), SignatureCodes.Multiple);
    }

    [Fact]
    public void Attack_signature_nested_in_a_signature_is_refused()
    {
        var document = SignedTax(fixture.Valid.Certificate, Htkk);
        Ds(Signature(document), "KeyInfo").AppendChild(Signature(document).CloneNode(deep: true));

        Assert.False(Verify(Reload(document), fixture.Options).IsValid);
        Assert.True(Verify(Reload(document), fixture.Options).Has(SignatureCodes.Multiple));
    }

    private SignatureVerification VerifyEntitled(XmlDocument document, params string[] entitled) =>
        new SignatureVerifier(fixture.Options).Verify(document, SignedPart(document), SignatureBlock(document), entitled, DateTimeOffset.UtcNow);

    /// <summary>The document signed by <paramref name="first"/>, with <paramref name="secondSigner"/>'s signature added after it.</summary>
    private static XmlDocument TwoSignatures(X509Certificate2 first, X509Certificate2 secondSigner, XmlSignerOptions? second = null)
    {
        var document = Load(UnsignedTaxXml());
        new XmlSigner(secondSigner, second ?? Htkk).Sign(document, SignedPart(document), SignatureBlock(document));
        var later = Signature(document).CloneNode(deep: true);
        new XmlSigner(first, Htkk).Sign(document, SignedPart(document), SignatureBlock(document));
        SignatureBlock(document).AppendChild(later);
        return Reload(document);
    }

    private X509Certificate2 Agent() =>
        fixture.Pki.IssueCertificate(
            DevPki.TaxpayerSubject(AgentMst, "CÔNG TY TNHH ĐẠI LÝ THUẾ MINH AN"), DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30));
}
