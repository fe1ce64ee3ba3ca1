namespace EFiling.Functions.RateLimiting;

/// <summary>
/// Section EFiling:RateLimits (EFiling__RateLimits__Name). Three fixed-window limits, each "at most PermitLimit in
/// Window"; a PermitLimit of 0 switches that limit off. The defaults are generous for a deadline day: a flood stops
/// at its own limit while everyone else goes on.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Filings acknowledged per signer certificate (its MST; a tax agent signs for many clients with one).</summary>
    public int SignerPermitLimit { get; set; } = 120;
    public TimeSpan SignerWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Requests per function key (x-functions-key or ?code=), i.e. per vendor; only under the Functions host,
    /// which checks the keys.</summary>
    public int KeyPermitLimit { get; set; } = 6000;
    public TimeSpan KeyWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Requests per client address.</summary>
    public int AddressPermitLimit { get; set; } = 1200;
    public TimeSpan AddressWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Take the client's address from the last X-Forwarded-For entry (the one the platform's front end
    /// appends) rather than the connection. Unset: yes under the Functions host (whose connection is always the host
    /// itself), no standalone (anyone could write the header).</summary>
    public bool? TrustForwardedFor { get; set; }
}
