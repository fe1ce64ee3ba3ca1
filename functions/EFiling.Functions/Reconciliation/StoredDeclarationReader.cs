using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Parsing;
using EFiling.Functions.Hosting;
using EFiling.Reconciliation;
using EFiling.Storage;
using Microsoft.Extensions.Options;

namespace EFiling.Functions.Reconciliation;

/// <summary>
/// Re-reads a stored declaration for reconciliation: the same secure parser as intake (the bytes are trusted now,
/// but parsing them the same way costs little and keeps one reading of the header), and the figures reconciliation
/// compares. The signer is not read from the document: it is the one intake verified and recorded with the filing.
/// </summary>
public sealed class StoredDeclarationReader
{
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
        if (parsed is not { Header: { } header, SignedPart: not null, Family: { } family })
            throw new InvalidDataException($"Stored document {filing.Sha256} no longer parses: {string.Join("; ", parsed.Findings.Select(f => f.Code))}");

        // The recorded signer, never KeyInfo (unsigned: its first certificate can be anyone's). A row without a record
        // leaves both null, which the certificate check sends to an officer (REC_SIGNER_NOT_RECORDED).
        var signer = filing.ToFacts().Signer;
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
            EmployerCode = header.EmployerCode,
            SignerThumbprint = signer?.Thumbprint,
            SignerMst = signer?.Mst,
            AgentMst = header.AgentMst,
            Figures = FigureReader.Read(parsed),
        };
    }
}
