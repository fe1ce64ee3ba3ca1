using BenchmarkDotNet.Attributes;
using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Parsing;
using EFiling.Declarations.Rules;
using EFiling.Samples;
using EFiling.Signing;
using EFiling.Validation;

namespace EFiling.Benchmarks;

/// <summary>
/// The cost of one verdict: secure parse with schema validation, header, rules, and the XMLDSig check with
/// the certificate chain and CRL — for a typical 7 KB 01/GTGT and for one with a 2,000-row invoice appendix.
/// </summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private DevPki _pki = null!;
    private string _folder = null!;
    private DeclarationValidator _validator = null!;
    private DeclarationParser _parser = null!;
    private SignatureVerifier _verifier = null!;
    private SignatureVerifier _referenceVerifier = null!;
    private RuleBook _rules = null!;
    private ParsedDeclaration _parsed = null!;
    private byte[] _document = null!;
    private DateTimeOffset _now;

    [Params(2, 1000, 2000)]
    public int AppendixRows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("efiling-bench-").FullName;
        _pki = DevPki.Create(_folder);
        var catalogue = FormCatalogue.Load();
        _document = new SampleGenerator(catalogue, _pki).Generate(new SampleRequest { FormCode = "01/GTGT", AppendixRows = AppendixRows }).Bytes;
        _validator = DeclarationValidator.Create(new ValidatorOptions
        {
            TrustedRoots = _pki.PathOf(_pki.Manifest.TrustedRoots),
            Intermediates = _pki.PathOf(_pki.Manifest.Intermediates),
            CrlFolder = Path.GetDirectoryName(_pki.PathOf(_pki.Manifest.Crl)),
        });
        _parser = new DeclarationParser(catalogue);
        var signatureOptions = new SignatureVerifierOptions
        {
            TrustedRoots = PemSource.Load(_pki.PathOf(_pki.Manifest.TrustedRoots), "TrustedRoots"),
            Intermediates = PemSource.Load(_pki.PathOf(_pki.Manifest.Intermediates), "Intermediates"),
            Crls = CrlSource.Load(Path.GetDirectoryName(_pki.PathOf(_pki.Manifest.Crl)), "CrlFolder"),
        };
        _verifier = new SignatureVerifier(signatureOptions);
        _referenceVerifier = new SignatureVerifier(signatureOptions with { XmlDsig = XmlDsigPath.Reference });
        _rules = new RuleBook(catalogue);
        _parsed = _parser.Parse(_document);
        _now = DateTimeOffset.UtcNow;
        if (!_validator.Validate(_document, _now).IsValid) throw new InvalidOperationException("The benchmark document must be valid.");
        Console.WriteLine($"// document: {AppendixRows} rows, {_document.Length:N0} bytes");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pki.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Parse with DTDs off, limits, and schema validation while the DOM is built; header read.</summary>
    [Benchmark]
    public ParsedDeclaration ParseAndSchema() => _parser.Parse(_document);

    /// <summary>The form's business rules alone, on the parsed declaration.</summary>
    [Benchmark]
    public int Rules() => _rules.For(_parsed.Form!)!.Evaluate(_parsed.SignedPart!).Count;

    /// <summary>The XMLDSig check alone (structure, reference, C14N + digest, RSA, chain to the root, CRLs, MST), on the fast path;
    /// the chain comes from the cache after the first call, as for a taxpayer who files again.</summary>
    [Benchmark]
    public SignatureVerification Signature() =>
        _verifier.Verify(_parsed.Document!, _parsed.SignedPart!, _parsed.SignatureBlock!, _parsed.Header!.Mst.ToString(), _now);

    /// <summary>The same check with SignedXml for the signature value and digest (EFiling__XmlDsig=Reference), chain cached as well.</summary>
    [Benchmark]
    public SignatureVerification SignatureReferencePath() =>
        _referenceVerifier.Verify(_parsed.Document!, _parsed.SignedPart!, _parsed.SignatureBlock!, _parsed.Header!.Mst.ToString(), _now);

    /// <summary>The whole verdict the service gives: parse + schema + rules + signature + chain + CRL.</summary>
    [Benchmark]
    public ValidationResult FullVerdict() => _validator.Validate(_document, _now);
}
