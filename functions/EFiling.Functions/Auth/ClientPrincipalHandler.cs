using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EFiling.Functions.Auth;

/// <summary>
/// Reads the user App Service Authentication (Entra ID) puts in X-MS-CLIENT-PRINCIPAL: base64 JSON
/// {auth_typ, claims[{typ,val}], name_typ, role_typ}. Only registered in AppService mode, where the platform
/// strips this header from callers, so it cannot be forged from outside. A function key is never a user.
/// </summary>
public sealed class ClientPrincipalHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<AuthOptions> settings)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AppService";
    public const string Header = "X-MS-CLIENT-PRINCIPAL";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var value = Request.Headers[Header].ToString();
        if (string.IsNullOrWhiteSpace(value)) return Task.FromResult(AuthenticateResult.NoResult());
        try
        {
            var principal = JsonSerializer.Deserialize<ClientPrincipal>(Encoding.UTF8.GetString(Convert.FromBase64String(value)));
            if (principal?.Claims is null) return Task.FromResult(AuthenticateResult.Fail("Empty client principal."));
            var identity = new ClaimsIdentity(
                principal.Claims.Where(c => c.Type is not null && c.Value is not null).Select(c => new Claim(c.Type!, c.Value!)),
                principal.AuthenticationType ?? SchemeName,
                principal.NameType ?? ClaimTypes.Name,
                principal.RoleType ?? ClaimTypes.Role);
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
