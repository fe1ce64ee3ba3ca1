using System.Security.Claims;

namespace EFiling.Review;

/// <summary>The roles and the claim types that carry a reviewer's offices and province.</summary>
public static class ReviewClaims
{
    public const string Officer = "officer";
    public const string Supervisor = "supervisor";
    public const string Administrator = "administrator";

    public const string Office = "efiling/office";
    public const string Province = "efiling/province";

    public static readonly string[] Roles = [Officer, Supervisor, Administrator];

    /// <summary>Adds the configured roles, offices and province of the account with this identity's name.</summary>
    public static ClaimsIdentity Enrich(ClaimsIdentity identity, AuthOptions options)
    {
        var account = options.Users.FirstOrDefault(u => string.Equals(u.Name, identity.Name, StringComparison.OrdinalIgnoreCase));
        if (account is null) return identity;
        foreach (var role in account.Roles) identity.AddClaim(new Claim(identity.RoleClaimType, role.ToLowerInvariant()));
        foreach (var office in account.Offices) identity.AddClaim(new Claim(Office, office));
        if (!string.IsNullOrWhiteSpace(account.Province)) identity.AddClaim(new Claim(Province, account.Province));
        if (!string.IsNullOrWhiteSpace(account.DisplayName)) identity.AddClaim(new Claim("name", account.DisplayName));
        return identity;
    }
}
