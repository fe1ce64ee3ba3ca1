using EFiling.Functions.Hosting;
using EFiling.Review;
using EFiling.ServiceDefaults;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace EFiling.Functions.Auth;

/// <summary>Registers the reviewers' authentication: the App Service principal header, or the development cookie.
/// Only the review API looks at the user; submitting and the filing reads keep their function keys.</summary>
public static class ReviewAuth
{
    public const string CookieName = "efiling-review";

    public static void AddServices(IServiceCollection services, IConfiguration configuration, HostingMode hosting)
    {
        var section = configuration.GetSection(EFilingOptions.Section).GetSection(AuthOptions.Section);
        services.AddOptions<AuthOptions>().Bind(section)
            .Validate(o => o.Users.All(u => !string.IsNullOrWhiteSpace(u.Name)), "EFiling:Auth:Users: every user needs a Name")
            .Validate(o => o.Users.Select(u => u.Name.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count() == o.Users.Count,
                "EFiling:Auth:Users: a Name is given twice (names are matched without regard to case)")
            .Validate(o => o.Users.SelectMany(u => u.Roles).All(r => ReviewClaims.Roles.Contains(r, StringComparer.OrdinalIgnoreCase)),
                $"EFiling:Auth:Users: a role is not one of {string.Join(", ", ReviewClaims.Roles)}")
            .ValidateOnStart();
        // The mode decides which authentication scheme is registered, so it is read here, before there are services to
        // resolve options from (an unknown mode stops the start as well).
        var mode = AuthModes.Resolve(section.Get<AuthOptions>() ?? new AuthOptions(), hosting);
        services.AddSingleton(new ReviewAuthMode(mode));
        if (mode == AuthModes.AppService)
        {
            services.AddAuthentication(ClientPrincipalHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, ClientPrincipalHandler>(ClientPrincipalHandler.SchemeName, null);
            return;
        }
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.Path = "/api/review";
            o.Cookie.HttpOnly = true;
            // Strict: a page on another site cannot make the browser act with this cookie (with JSON-only actions).
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // The API answers 401/403 itself (problem+json); no redirects.
            o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = 401; return Task.CompletedTask; };
            o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = 403; return Task.CompletedTask; };
        });
    }
}

/// <summary>The sign-in mode in force (AppService or Development).</summary>
public sealed record ReviewAuthMode(string Name)
{
    public bool IsDevelopment => Name == AuthModes.Development;
}
