using System.Text.Json;

namespace EFiling.Storage;

/// <summary>
/// What a dossier filing's receipt names besides the filing's own facts: the procedure (MaThuTuc and its name), the
/// employer's unit code, and each form it carries with its file name and the SHA-256 of the decoded form. Kept with the
/// facts (blob metadata, filing row) so that a receipt or notice made again later names the same things.
/// </summary>
public sealed record FilingDossier(string Procedure, string? ProcedureName, string? EmployerCode, IReadOnlyList<FilingDossierForm> Forms)
{
    /// <summary>File names are the sender's and may be long or Vietnamese: kept to this many characters, so the facts fit
    /// in blob metadata (8 KiB in all) with twenty forms.</summary>
    public const int MaxFileNameLength = 40;

    public static FilingDossier Create(string procedure, string? procedureName, string? employerCode, IEnumerable<FilingDossierForm> forms) =>
        new(procedure, Clip(procedureName, 120), employerCode,
            forms.Select(f => f with { FileName = Clip(f.FileName, MaxFileNameLength) }).ToList());

    public string ToJson() => JsonSerializer.Serialize(this);

    public static FilingDossier? FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<FilingDossier>(json);

    // Value equality over the forms too (a record compares lists by reference), so facts read back compare equal.
    public bool Equals(FilingDossier? other) =>
        other is not null && Procedure == other.Procedure && ProcedureName == other.ProcedureName && EmployerCode == other.EmployerCode
        && Forms.SequenceEqual(other.Forms);

    public override int GetHashCode() => HashCode.Combine(Procedure, ProcedureName, EmployerCode, Forms.Count);

    private static string? Clip(string? s, int max) => s is null || s.Length <= max ? s : s[..(max - 1)] + "…";
}

/// <param name="Form">The catalogue form (D02-LT, TK1-TS, TK3-TS).</param>
/// <param name="FileName">The file name the dossier gives (TenFile), at most <see cref="FilingDossier.MaxFileNameLength"/> characters.</param>
/// <param name="Sha256">SHA-256 of the decoded form document, lower-case hex.</param>
public sealed record FilingDossierForm(string Form, string? FileName, string Sha256);
