using EFiling.Functions.Hosting;
using EFiling.Functions.Http;
using EFiling.Review;
using EFiling.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EFiling.Functions.Endpoints;

/// <summary>Finds a filing for the signed-in reviewer: 404 when there is none, 403 when its office is not theirs.</summary>
public sealed class ReviewFilings(FilingIndex index, OfficeProvinces provinces, StorageReady storage)
{
    public sealed record Found(FilingEntity? Filing, ProblemHttpResult? Refusal);

    public async Task<Found> FindInScopeAsync(HttpContext http, string id, CancellationToken ct)
    {
        var notFound = new Found(null, Problems.Single(http, 404, ProblemTypes.NotFound, "No such filing", "FILING_NOT_FOUND", $"There is no filing '{id}'."));
        if (!FilingKeys.IsValidId(id)) return notFound;
        await storage.EnsureAsync(ct);
        if (await index.FindByIdAsync(id, ct) is not { } filing) return notFound;
        var scope = await ReviewScope.ForAsync(ReviewAccess.Current(http), provinces, ct);
        return await scope.CoversAsync(filing.Office, ct)
            ? new Found(filing, null)
            : new Found(null, Problems.Single(http, 403, ReviewProblems.Forbidden, "Not your office", "OFFICE_NOT_IN_SCOPE",
                $"Filing '{id}' belongs to office {filing.Office}, which is not one of yours."));
    }
}
