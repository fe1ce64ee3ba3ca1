using EFiling.Functions.Hosting;
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
        services.Configure<AuthOptions>(section);
        var options = section.Get<AuthOptions>() ?? new AuthOptions();
        var mode = AuthModes.Resolve(options, hosting);
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
