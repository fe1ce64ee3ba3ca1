using Azure.Data.Tables;

namespace EFiling.Review;

/// <summary>
/// An officer's decision as it is written into the filing row, in the same merge that changes the status (the commit
/// point). It holds everything the follow-ups need — history row, signed notice, audit entry — so they can be written
/// again from the row alone after a crash: by a repeat of the request, by the next decision on the filing, or by the
/// sweep (<see cref="ReviewFollowUps"/>). Rows decided before this was kept have no ReviewStep and read as null.
/// </summary>
public sealed record RecordedDecision(
    int Step, string Action, string Result, string StatusBefore, string StatusAfter,
    string Who, string WhoName, DateTimeOffset AtUtc, string? Reason)
{
    /// <summary>The filing-row properties that hold a decision (to read only those).</summary>
    public static readonly string[] Properties =
    [
        "ReviewStep", "ReviewAction", "ReviewDecision", "ReviewStatusBefore", "ReviewStatusAfter",
        "ReviewedBy", "ReviewedByName", "ReviewedAtUtc", "ReviewReason",
    ];

    /// <summary>Adds the decision's properties to a filing-row update.</summary>
    public void WriteTo(TableEntity row)
    {
        row["ReviewStep"] = Step;
        row["ReviewAction"] = Action;
        row["ReviewDecision"] = Result;
        row["ReviewStatusBefore"] = StatusBefore;
        row["ReviewStatusAfter"] = StatusAfter;
        row["ReviewedBy"] = Who;
        row["ReviewedByName"] = WhoName;
        row["ReviewedAtUtc"] = AtUtc;
        // Merge leaves an absent property as it was, so a decision without a reason must clear the previous one.
        row["ReviewReason"] = Reason ?? "";
    }

    /// <summary>The last decision recorded in the row, or null when there is none.</summary>
    public static RecordedDecision? ReadFrom(TableEntity row)
    {
        if (row.GetInt32("ReviewStep") is not { } step || row.GetDateTimeOffset("ReviewedAtUtc") is not { } at) return null;
        var reason = row.GetString("ReviewReason");
        return new RecordedDecision(step, row.GetString("ReviewAction") ?? "", row.GetString("ReviewDecision") ?? "",
            row.GetString("ReviewStatusBefore") ?? "", row.GetString("ReviewStatusAfter") ?? "",
            row.GetString("ReviewedBy") ?? "", row.GetString("ReviewedByName") ?? "", at, string.IsNullOrEmpty(reason) ? null : reason);
    }

    /// <summary>Is this what the reviewer is asking again (a retry of a request whose answer they did not get)?</summary>
    public bool IsSameRequest(string action, string? reason, string who) =>
        Action == action && (Reason ?? "") == (reason ?? "") && string.Equals(Who, who, StringComparison.OrdinalIgnoreCase);
}
