using System.Security.Claims;

namespace EFiling.Review;

/// <summary>The signed-in reviewer: who, and which offices or provinces they may see (administrators: all).</summary>
public sealed record Reviewer(string Name, string DisplayName, IReadOnlyList<string> Roles, IReadOnlySet<string> Offices, IReadOnlySet<string> Provinces)
{
    public bool IsAdministrator => Roles.Contains(ReviewClaims.Administrator);

    /// <summary>The reviewer, or null when the principal holds no review role (or is not signed in).</summary>
    public static Reviewer? From(ClaimsPrincipal user)
    {
        if (user.Identity is not ClaimsIdentity { IsAuthenticated: true } identity || identity.Name is not { Length: > 0 } name) return null;
        var roles = ReviewClaims.Roles.Where(r => identity.Claims.Any(c => c.Type == identity.RoleClaimType && string.Equals(c.Value, r, StringComparison.OrdinalIgnoreCase))).ToList();
        if (roles.Count == 0) return null;
        // An officer is bound to offices, a supervisor to a province: each role only grants its own kind of scope.
        var offices = roles.Contains(ReviewClaims.Officer) ? Values(identity, ReviewClaims.Office) : [];
        var provinces = roles.Contains(ReviewClaims.Supervisor) ? Values(identity, ReviewClaims.Province) : [];
        return new Reviewer(name, identity.FindFirst("name")?.Value ?? name, roles, offices, provinces);
    }

    private static HashSet<string> Values(ClaimsIdentity identity, string type) =>
        identity.FindAll(type).Select(c => c.Value.Trim()).Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal);
}
