namespace EFiling.Review;

/// <summary>How reviewers sign in (section EFiling:Auth). The submit API is not affected: accounting software
/// stays behind function keys in Azure and the declaration's signature authenticates the taxpayer.</summary>
public sealed class AuthOptions
{
    /// <summary>Under the EFiling section: EFiling__Auth__Mode, EFiling__Auth__Users__0__Name, …</summary>
    public const string Section = "Auth";

    /// <summary><c>AppService</c>: App Service Authentication (Entra ID) in front supplies X-MS-CLIENT-PRINCIPAL.
    /// <c>Development</c>: a sign-in page with the users below and a cookie. Unset: Development standalone,
    /// AppService under the Functions host, so a deployment never falls back to the development sign-in.</summary>
    public string? Mode { get; set; }

    /// <summary>Reviewers and what they may see. In Development these are the only users; in AppService their
    /// offices and province are matched to the signed-in name (roles may also come from Entra app roles).</summary>
    public List<ReviewerAccount> Users { get; set; } = [];
}

/// <summary>One reviewer: a name (the Entra UPN in Azure), roles, and the offices or province they work on.</summary>
public sealed class ReviewerAccount
{
    public string Name { get; set; } = "";
    public string? DisplayName { get; set; }
    public List<string> Roles { get; set; } = [];
    public List<string> Offices { get; set; } = [];
    public string? Province { get; set; }
}
