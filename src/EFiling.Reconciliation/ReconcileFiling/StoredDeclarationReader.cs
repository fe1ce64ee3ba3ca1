using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Parsing;
using EFiling.Intake;
using EFiling.Reconciliation;
using EFiling.ServiceDefaults;
using EFiling.Storage;
using Microsoft.Extensions.Options;

namespace EFiling.Reconciliation;

/// <summary>
/// Reads a stored declaration's facts for reconciliation, for a message queued by an earlier version (which carried
/// the keys only): the same secure parser as intake, then <see cref="DeclarationFactsReader"/>. Messages of this version
/// carry those facts, found by intake's own parse. The signer is never read from the document: it is the one intake
/// verified and recorded with the filing.
/// </summary>
public sealed class StoredDeclarationReader
{
    private readonly Lazy<(FormCatalogue Catalogue, DeclarationParser Parser)> _parser;

    public StoredDeclarationReader(IOptions<EFilingOptions> options, Lazy<FormCatalogue> catalogue)
    {
        var o = options.Value;
        _parser = new(() => (catalogue.Value, new DeclarationParser(catalogue.Value, o.ToParserLimits())));
    }

    public FormCatalogue Catalogue => _parser.Value.Catalogue;

    public DeclarationFacts Read(FilingEntity filing, BinaryData bytes)
    {
        var parsed = _parser.Value.Parser.Parse(bytes.ToMemory());
        if (parsed is not { Header: not null, SignedPart: not null, Family: not null })
            throw new InvalidDataException($"Stored document {filing.Sha256} no longer parses: {string.Join("; ", parsed.Findings.Select(f => f.Code))}");
        return DeclarationFactsReader.Read(parsed);
    }
}
