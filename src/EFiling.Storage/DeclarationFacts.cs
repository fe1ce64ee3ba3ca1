using System.Text.Json.Serialization;

namespace EFiling.Storage;

/// <summary>
/// What reconciliation reads of a declaration besides its receipt facts, found by intake's own parse and sent in the
/// filing's queue message, so reconciliation never parses the stored document again.
/// </summary>
/// <param name="Family">The form family (tax, social-insurance, …).</param>
/// <param name="EmployerCode">The social-insurance unit code (maDonVi); null for tax forms or a first registration.</param>
/// <param name="AgentMst">The tax agent the declaration names (DLyThue/mstDLyThue); null without that block.</param>
/// <param name="Figures">The named figures reconciliation compares (employees, sales).</param>
public sealed record DeclarationFacts(
    [property: JsonPropertyName("family")] string Family,
    [property: JsonPropertyName("employerCode")] string? EmployerCode,
    [property: JsonPropertyName("agentMst")] string? AgentMst,
    [property: JsonPropertyName("figures")] IReadOnlyDictionary<string, long> Figures);
