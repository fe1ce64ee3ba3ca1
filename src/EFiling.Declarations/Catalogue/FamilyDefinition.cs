namespace EFiling.Declarations.Catalogue;

/// <summary>
/// A family of declarations sharing one envelope (tax, social insurance): its namespace and root, the
/// signed part and signature block, and where each header field lives (local-name paths below the signed part).
/// </summary>
public sealed class FamilyDefinition
{
    public required string Id { get; init; }
    public required string Namespace { get; init; }
    public required string Root { get; init; }
    public required string SignedPart { get; init; }
    public required string SignatureBlock { get; init; }
    public required Dictionary<string, string> Fields { get; init; }

    /// <summary>The path of a header field, or null when this family does not carry it.</summary>
    public string? FieldPath(string field) => Fields.GetValueOrDefault(field);
}
