using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using EFiling.Review;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EFiling.Functions.Auth;

/// <summary>
/// Reads the user App Service Authentication (Entra ID) puts in X-MS-CLIENT-PRINCIPAL: base64 JSON
/// {auth_typ, claims[{typ,val}], name_typ, role_typ}. Only registered in AppService mode, where the platform
/// strips this header from callers, so it cannot be forged from outside. A function key is never a user.
/// <para>What Entra ID really sends (App Service docs, "Work with user identities"; observed payloads): auth_typ
/// "aad"; role_typ the long URI <see cref="ClaimTypes.Role"/> (http://schemas.microsoft.com/ws/2008/06/identity/claims/role);
/// name_typ a URI too, the emailaddress or the name claim type, whose claim may be missing from the list; and the
/// token's claims after App Service's mapping: "name" (display name), "preferred_username" (the UPN in a workforce
/// tenant), "roles" (one claim per app role), the tenant and object id as long URIs, and so on.</para>
/// <para>So the handler (1) counts the app roles of "roles" claims as roles, besides any claim of type role_typ, and
/// (2) identifies the user by preferred_username when present (what EFiling:Auth:Users names are: the UPN), else by
/// the name_typ claim.</para>
/// </summary>
public sealed class ClientPrincipalHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<AuthOptions> settings)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AppService";
    public const string Header = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>The claim Entra ID puts each app role in (one claim per role), whatever role_typ says.</summary>
    public const string EntraRoles = "roles";

    /// <summary>Entra ID's sign-in name: the user principal name in a workforce tenant.</summary>
    public const string PreferredUsername = "preferred_username";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var value = Request.Headers[Header].ToString();
        if (string.IsNullOrWhiteSpace(value)) return Task.FromResult(AuthenticateResult.NoResult());
        try
        {
            var principal = JsonSerializer.Deserialize<ClientPrincipal>(Encoding.UTF8.GetString(Convert.FromBase64String(value)));
            if (principal?.Claims is null) return Task.FromResult(AuthenticateResult.Fail("Empty client principal."));
            var claims = principal.Claims.Where(c => c.Type is not null && c.Value is not null).Select(c => new Claim(c.Type!, c.Value!)).ToList();
            var roleType = string.IsNullOrEmpty(principal.RoleType) ? ClaimTypes.Role : principal.RoleType;
            // Entra app roles come as "roles" claims while role_typ is the role URI: give them the role type too.
            if (roleType != EntraRoles)
                claims.AddRange(claims.Where(c => c.Type == EntraRoles).Select(c => new Claim(roleType, c.Value)).ToList());
            var nameType = claims.Any(c => c.Type == PreferredUsername && c.Value.Length > 0) ? PreferredUsername
                : string.IsNullOrEmpty(principal.NameType) ? ClaimTypes.Name : principal.NameType;
            var identity = new ClaimsIdentity(claims, principal.AuthenticationType ?? SchemeName, nameType, roleType);
            if (string.IsNullOrEmpty(identity.Name)) return Task.FromResult(AuthenticateResult.Fail("The client principal has no name."));
            ReviewClaims.Enrich(identity, settings.Value);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return Task.FromResult(AuthenticateResult.Fail("Malformed client principal."));
        }
    }

    private sealed record ClientPrincipal(
        [property: JsonPropertyName("auth_typ")] string? AuthenticationType,
        [property: JsonPropertyName("claims")] List<PrincipalClaim>? Claims,
        [property: JsonPropertyName("name_typ")] string? NameType,
        [property: JsonPropertyName("role_typ")] string? RoleType);

    private sealed record PrincipalClaim(
        [property: JsonPropertyName("typ")] string? Type,
        [property: JsonPropertyName("val")] string? Value);
}
