using System.Text;
using System.Xml;
using EFiling.Declarations.Parsing;
using EFiling.Samples;
using EFiling.Signing;
using EFiling.Tests.Shared;
using Xunit.Abstractions;

namespace EFiling.Validation.Tests;

/// <summary>
/// The fast XMLDSig path against System.Security.Cryptography.Xml's SignedXml, the reference: the same verdict and the
/// same reference digest on every sample kind, every signing profile XmlSigner writes, and every file in
/// ../shared/real-world/tax/. (Every other test of this project and of EFiling.Signing.Tests — every attack case — runs
/// in <see cref="XmlDsigPath.Differential"/> too; see DifferentialXmlDsig.) Where the fast path meets something outside
/// its profile it hands the signature on; these tests also pin that the real profile is not handed on, so the fast path
/// does the work it claims.
/// </summary>
public sealed class XmlDsigDifferentialTests(PkiFixture fixture, ITestOutputHelper output) : IClassFixture<PkiFixture>
{

    private const string DsigNamespace = XmlDsigAlgorithms.DsigNamespace;

    public static TheoryData<SampleDefect> Kinds => [.. Enum.GetValues<SampleDefect>()];

    /// <summary>Defects whose signature the fast path must handle itself: the document parses and the signature has the
    /// real profile (the defect is in the content, the certificate or the digest).</summary>
    private static readonly HashSet<SampleDefect> InProfile =
    [
        SampleDefect.None, SampleDefect.Tampered, SampleDefect.Sha1, SampleDefect.ExpiredCertificate, SampleDefect.RevokedCertificate,
        SampleDefect.UntrustedRoot, SampleDefect.MstMismatch, SampleDefect.MstCheckDigit, SampleDefect.PeriodMismatch, SampleDefect.Arithmetic,
        SampleDefect.UnknownElement,
    ];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_sample_kind_gets_the_same_verdict_and_digest_from_both_paths(SampleDefect kind)
    {
        // Defects of a dossier's attached file are made in an I-VAN dossier, the others in a tax declaration.
        var sample = fixture.Generator().Generate(kind.AppliesToDeclarations()
            ? new SampleRequest { FormCode = "01/GTGT", Defect = kind }
            : new SampleRequest { FormCode = "D02-LT", Ivan = true, Defect = kind });
        var now = DateTimeOffset.UtcNow;

        // The whole verdict, fast path (falling back where it must) against reference path: the same codes, in order.
        var fast = Validator(XmlDsigPath.Fast).Validate(sample.Bytes, now);
        var reference = Validator(XmlDsigPath.Reference).Validate(sample.Bytes, now);
        Assert.Equal(Codes(reference), Codes(fast));
        Assert.Equal(reference.Signer?.ThumbprintSha256, fast.Signer?.ThumbprintSha256);

        // And signature by signature where the document is within the parser's limits (the bombs never reach a signature
        // check, and a DOM of them is what the limits exist to prevent): verdict and reference digest.
        if (fast.Findings.Any(f => f.Code.StartsWith("DOC_", StringComparison.Ordinal) || f.Code.StartsWith("XML_", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(kind, InProfile);
            return;
        }

        var outcomes = CompareEverySignature(sample.Bytes);
        output.WriteLine($"{kind}: {string.Join("; ", outcomes)}");
        if (InProfile.Contains(kind))
        {
            Assert.NotEmpty(outcomes);
            Assert.All(outcomes, o => Assert.StartsWith("compared", o, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("01/GTGT")]
    [InlineData("03/TNDN")]
    [InlineData("05/KK-TNCN")]
    [InlineData("TK3-TS")]
    [InlineData("D02-LT")]
    public void Valid_samples_of_every_form_and_large_appendices_are_checked_by_the_fast_path(string form)
    {
        var generator = fixture.Generator();
        foreach (var request in new[] { new SampleRequest { FormCode = form }, new SampleRequest { FormCode = form, BomAndCrlf = true } }
                     .Concat(form == "01/GTGT" ? [new SampleRequest { FormCode = form, AppendixRows = 1000 }, new SampleRequest { FormCode = form, AgentMst = fixture.Pki.Agents[0].Mst }] : []))
        {
            var sample = generator.Generate(request);
            Assert.True(Validator(XmlDsigPath.Fast).Validate(sample.Bytes, DateTimeOffset.UtcNow).IsValid, sample.FileName);
            var outcomes = CompareEverySignature(sample.Bytes);
            Assert.Equal(["compared: valid"], outcomes);
        }
    }

    public static TheoryData<ReferenceTarget, XmlCanonicalization, ReferenceTransforms, SignatureHash> Profiles()
    {
        var data = new TheoryData<ReferenceTarget, XmlCanonicalization, ReferenceTransforms, SignatureHash>();
        foreach (var target in Enum.GetValues<ReferenceTarget>())
        foreach (var c14n in Enum.GetValues<XmlCanonicalization>())
        foreach (var transforms in Enum.GetValues<ReferenceTransforms>())
        foreach (var hash in Enum.GetValues<SignatureHash>())
        {
            // XmlSigner refuses a whole-document reference without the enveloped-signature transform.
            if (target == ReferenceTarget.WholeDocument && transforms == ReferenceTransforms.None) continue;
            data.Add(target, c14n, transforms, hash);
        }
        return data;
    }

    /// <summary>Every signing profile XmlSigner writes (the four C14N variants, as a transform or not, #id or the whole
    /// document, SHA-256 or SHA-1, with HTKK's KeyValue), valid and then with one figure changed.</summary>
    [Theory]
    [MemberData(nameof(Profiles))]
    public void Every_signing_profile_is_checked_by_the_fast_path_with_the_reference_verdict_and_digest(
        ReferenceTarget target, XmlCanonicalization c14n, ReferenceTransforms transforms, SignatureHash hash)
    {
        var sample = fixture.Generator().Generate(new SampleRequest { FormCode = "01/GTGT" });
        var document = SecureXml.Load(sample.Bytes);
        var signedPart = (XmlElement)document.DocumentElement!.GetElementsByTagName("HSoKhaiThue")[0]!;
        var block = (XmlElement)document.DocumentElement!.GetElementsByTagName("CKyDTu")[0]!;
        var certificate = fixture.Pki.Taxpayer(sample.Mst.ToString()).Certificate;
        new XmlSigner(certificate, new XmlSignerOptions
        {
            Reference = target, Canonicalization = c14n, ReferenceTransforms = transforms, Hash = hash, IncludeKeyValue = true,
        }).Sign(document, signedPart, block);
        var signed = Encoding.UTF8.GetBytes(document.OuterXml);

        Assert.Equal(["compared: valid"], CompareEverySignature(signed));

        // A changed figure: both paths refuse, and compute the same (now different) digest.
        var tampered = Encoding.UTF8.GetString(signed).Replace("<ct22>", "<ct22>1", StringComparison.Ordinal);
        Assert.NotEqual(Encoding.UTF8.GetString(signed), tampered);
        Assert.Equal(["compared: SIG_INVALID"], CompareEverySignature(Encoding.UTF8.GetBytes(tampered)));
    }

    /// <summary>Every file of the real-world folder: genuine declarations, tampered copies, payment vouchers, the authority's
    /// notice. Each signature: the same verdict and digest, and the genuine declarations' signatures all on the fast path.</summary>
    [RealWorldFact]
    public void Every_real_world_file_gets_the_same_verdict_and_digest_from_both_paths()
    {
        var files = Directory.GetFiles(RealWorld.Path("tax"), "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        var genuine = RealWorld.GenuineDeclarations.ToHashSet(StringComparer.Ordinal);
        var table = new StringBuilder("| file | signatures |\n|---|---|\n");
        var genuineOutside = new List<string>();
        var signatures = 0;
        foreach (var file in files)
        {
            List<string> outcomes;
            try
            {
                outcomes = CompareEverySignature(File.ReadAllBytes(file));
            }
            catch (XmlException e)
            {
                outcomes = [$"not XML ({e.Message})"];
            }

            signatures += outcomes.Count(o => o.StartsWith("compared", StringComparison.Ordinal));
            table.Append($"| {RealWorld.Name(file)} | {string.Join("; ", outcomes)} |\n");
            if (genuine.Contains(file) && (outcomes.Count == 0 || outcomes.Any(o => !o.StartsWith("compared: valid", StringComparison.Ordinal))))
                genuineOutside.Add($"{RealWorld.Name(file)}: {string.Join("; ", outcomes)}");
        }

        output.WriteLine(table.ToString());
        Assert.True(genuineOutside.Count == 0, "genuine declarations not verified by the fast path:\n" + string.Join("\n", genuineOutside));
        Assert.True(signatures >= genuine.Count, $"{signatures} signatures compared");
    }

    private DeclarationValidator Validator(XmlDsigPath path) => fixture.ValidatorFor(path);

    private static List<string> Codes(ValidationResult result) => result.Findings.Select(f => $"{f.Code} {f.Severity}").ToList();

    /// <summary>For each ds:Signature of the document with a signer certificate in KeyInfo: the fast path and SignedXml on
    /// its signature value and reference digest ("compared: valid", "compared: SIG_INVALID", or "handed on: why").
    /// A disagreement throws <see cref="XmlDsigDifferentialException"/>. Documents that do not parse securely give none.</summary>
    private static List<string> CompareEverySignature(byte[] bytes)
    {
        XmlDocument document;
        try
        {
            document = SecureXml.Load(bytes);
        }
        catch (XmlException)
        {
            return [];
        }

        var outcomes = new List<string>();
        foreach (var signature in document.GetElementsByTagName("Signature", DsigNamespace).OfType<XmlElement>().ToList())
        {
            if (SignerOf(signature) is not { } certificate) continue;
            using (certificate)
            {
                var uri = (signature.GetElementsByTagName("Reference", DsigNamespace)[0] as XmlElement)?.GetAttribute("URI") ?? "";
                var targetId = uri.StartsWith('#') ? uri[1..] : null;
                var signedPart = targetId is null ? document.DocumentElement! : IdAttributes.ElementsWithId(document, targetId).FirstOrDefault();
                if (signedPart is null) continue;
                var fast = FastSignatureCheck.Check(document, signature, signedPart, targetId, new DecodedCertificate(certificate));
                var reference = new FindingList();
                // The I-VAN tool's unsigned signing time (whole-document signatures only) is set aside for SignedXml, as the verifier does.
                var unsignedSigningTime = targetId is not null ? null : signature.ChildNodes.OfType<XmlElement>()
                    .FirstOrDefault(e => e.LocalName == "Object" && SigningTimeObject.IsUnsignedShape(e));
                SignatureVerifier.CheckWithSignedXml(document, signature, signedPart, targetId, certificate, unsignedSigningTime, reference);
                var code = reference.ToList().FirstOrDefault()?.Code;
                outcomes.Add(XmlDsigDifferential.Compare(fast, code, document, signature, signedPart, targetId)
                    ? $"compared: {code ?? "valid"}"
                    : $"handed on: {fast.Reason} (SignedXml: {code ?? "valid"})");
            }
        }

        return outcomes;
    }

    /// <summary>KeyInfo's end-entity certificate, as the verifier picks it.</summary>
    private static System.Security.Cryptography.X509Certificates.X509Certificate2? SignerOf(XmlElement signature)
    {
        foreach (var element in signature.GetElementsByTagName("X509Certificate", DsigNamespace).OfType<XmlElement>())
        {
            try
            {
                var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(Convert.FromBase64String(element.InnerText));
                if (certificate.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true })
                {
                    certificate.Dispose();
                    continue;
                }

                return certificate;
            }
            catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException)
            {
            }
        }

        return null;
    }
}
