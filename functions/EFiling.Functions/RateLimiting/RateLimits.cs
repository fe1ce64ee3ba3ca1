using System.Globalization;
using System.Threading.RateLimiting;
using EFiling.Functions.Hosting;
using EFiling.Functions.Http;
using EFiling.ServiceDefaults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EFiling.Functions.RateLimiting;

/// <summary>
/// Rate limits with ASP.NET Core's rate limiter: every /api request (but health) counts against its function key and
/// its client address (RateLimiter middleware, chained fixed windows); SubmitFiling also against its signer
/// (<see cref="SignerLimit"/>). Over a limit: 429 problem+json with Retry-After and a code saying which limit.
/// </summary>
public static class RateLimits
{
    public const string SignerCode = "RATE_LIMITED_SIGNER";
    public const string KeyCode = "RATE_LIMITED_KEY";
    public const string AddressCode = "RATE_LIMITED_ADDRESS";

    public static void AddServices(IServiceCollection services, IConfiguration configuration, HostingMode mode)
    {
        var section = configuration.GetSection(EFilingOptions.Section).GetSection(RateLimitOptions.Section);
        // Bound and checked when the app starts (a negative limit or an empty window stops start-up).
        services.AddOptions<RateLimitOptions>().Bind(section)
            .Validate(o => o.SignerPermitLimit >= 0 && o.KeyPermitLimit >= 0 && o.AddressPermitLimit >= 0,
                "EFiling:RateLimits: a PermitLimit cannot be negative (0 switches that limit off)")
            .Validate(o => (o.SignerPermitLimit == 0 || o.SignerWindow > TimeSpan.Zero) && (o.KeyPermitLimit == 0 || o.KeyWindow > TimeSpan.Zero)
                    && (o.AddressPermitLimit == 0 || o.AddressWindow > TimeSpan.Zero),
                "EFiling:RateLimits: the Window of a limit that is on must be longer than zero")
            .ValidateOnStart();
        services.AddSingleton<SignerLimit>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, limits) => Configure(options, limits.Value, mode));
    }

    /// <summary>The key's and the address's limits, chained, from the bound settings.</summary>
    private static void Configure(RateLimiterOptions options, RateLimitOptions o, HostingMode mode)
    {
        var trustForwardedFor = o.TrustForwardedFor ?? mode.UnderFunctionsHost;
        var byKey = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            Counted(context) && o.KeyPermitLimit > 0 && ClientPartitions.Key(context.Request) is { } key
                ? RateLimitPartition.GetFixedWindowLimiter(key, _ => Window(o.KeyPermitLimit, o.KeyWindow))
                : RateLimitPartition.GetNoLimiter(""));
        var byAddress = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            Counted(context) && o.AddressPermitLimit > 0
                ? RateLimitPartition.GetFixedWindowLimiter(ClientPartitions.Address(context, trustForwardedFor), _ => Window(o.AddressPermitLimit, o.AddressWindow))
                : RateLimitPartition.GetNoLimiter(""));

        // The key first: a vendor over its limit does not also spend the address's budget.
        options.GlobalLimiter = PartitionedRateLimiter.CreateChained(byKey, byAddress);
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = (context, ct) =>
        {
            var http = context.HttpContext;
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : o.AddressWindow;
            var keyExhausted = byKey.GetStatistics(http) is { CurrentAvailablePermits: 0 };
            return keyExhausted
                ? WriteAsync(http, retryAfter, KeyCode, $"This function key sent more than {o.KeyPermitLimit} requests in {o.KeyWindow}.")
                : WriteAsync(http, retryAfter, AddressCode, $"This client address sent more than {o.AddressPermitLimit} requests in {o.AddressWindow}.");
        };
    }

    /// <summary>The 429 for a signer over its limit (SubmitFiling, before the checks).</summary>
    public static IResult SignerRefused(HttpContext context, TimeSpan retryAfter, RateLimitOptions o)
    {
        SetRetryAfter(context, retryAfter);
        return Problems.Single(context, StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited, "Too many requests", SignerCode,
            $"The signer of this declaration filed more than {o.SignerPermitLimit} declarations in {o.SignerWindow}; send it again after {Seconds(retryAfter)} s.");
    }

    /// <summary>Health answers liveness probes and the host's invocations (/ReconcileFiling) are not client requests.</summary>
    private static bool Counted(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/api/health");

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0 };

    private static async ValueTask WriteAsync(HttpContext http, TimeSpan retryAfter, string code, string message)
    {
        SetRetryAfter(http, retryAfter);
        var problem = new ProblemDetails
        {
            Type = ProblemTypes.RateLimited, Title = "Too many requests", Status = StatusCodes.Status429TooManyRequests,
            Detail = $"{message} Send it again after {Seconds(retryAfter)} s.", Instance = http.Request.Path,
            Extensions = { [Problems.ErrorsKey] = new List<ProblemError> { new(code, $"{message} Send it again after {Seconds(retryAfter)} s.", null, "reject", null, null, null) } },
        };
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }

    private static void SetRetryAfter(HttpContext context, TimeSpan retryAfter) =>
        context.Response.Headers.RetryAfter = Seconds(retryAfter).ToString(CultureInfo.InvariantCulture);

    private static int Seconds(TimeSpan t) => Math.Max(1, (int)Math.Ceiling(t.TotalSeconds));
}
