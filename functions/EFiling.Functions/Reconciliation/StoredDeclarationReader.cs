using System.Security.Cryptography.X509Certificates;
using System.Xml;
using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Parsing;
using EFiling.Functions.Hosting;
using EFiling.Reconciliation;
using EFiling.Signing;
using EFiling.Storage;
using Microsoft.Extensions.Options;

namespace EFiling.Functions.Reconciliation;

/// <summary>
/// Re-reads a stored declaration for reconciliation: the same secure parser as intake (the bytes are trusted now,
/// but parsing them the same way costs little and keeps one reading of the header), plus the signer certificate
/// and the figures reconciliation compares.
/// </summary>
public sealed class StoredDeclarationReader
{
    private const string DsigNs = "http://www.w3.org/2000/09/xmldsig#";
    private readonly Lazy<(FormCatalogue Catalogue, DeclarationParser Parser)> _parser;

    public StoredDeclarationReader(IOptions<EFilingOptions> options)
    {
        var o = options.Value;
        _parser = new(() =>
        {
            var catalogue = FormCatalogue.Load(o.SchemasFolder, o.SchemaPackFolders);
            return (catalogue, new DeclarationParser(catalogue, o.ToParserLimits()));
        });
    }

    public FormCatalogue Catalogue => _parser.Value.Catalogue;

    public FilingUnderCheck Read(FilingEntity filing, BinaryData bytes)
    {
        var parsed = _parser.Value.Parser.Parse(bytes.ToMemory());
        if (parsed is not { Header: { } header, SignedPart: { } part, Family: { } family })
            throw new InvalidDataException($"Stored document {filing.Sha256} no longer parses: {string.Join("; ", parsed.Findings.Select(f => f.Code))}");

        using var signer = SignerOf(parsed.SignatureBlock);
        return new FilingUnderCheck
        {
            Id = filing.FilingId,
            Form = header.FormCode,
            Family = family.Id,
            Mst = header.Mst.ToString(),
            Office = header.Office,
            Period = header.Period,
            IsSupplementary = header.FilingKind == FilingKind.Supplementary,
            AmendmentNumber = header.AmendmentNumber,
            ReceivedAtUtc = filing.ReceivedAtUtc,
            EmployerCode = family.FieldPath("employerCode") is { } path && LocalPath.Text(part, path) is { Length: > 0 } code ? code.Trim() : null,
            SignerThumbprint = signer?.Thumbprint,
            SignerMst = signer is null ? null : CertificateMst.Read(signer),
            AgentMst = header.AgentMst,
            Figures = FigureReader.Read(header.FormCode, part),
        };
    }

    /// <summary>The first certificate in the signature's KeyInfo: HTKK and the CAs' tools put the signer's there.</summary>
    private static X509Certificate2? SignerOf(XmlElement? block)
    {
        var text = block?.GetElementsByTagName("X509Certificate", DsigNs).OfType<XmlElement>().FirstOrDefault()?.InnerText;
        if (string.IsNullOrWhiteSpace(text)) return null;
        try { return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(text.Trim())); }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException) { return null; }
    }
}
