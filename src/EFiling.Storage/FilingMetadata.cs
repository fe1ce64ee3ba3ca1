using System.Globalization;

namespace EFiling.Storage;

/// <summary>Writes <see cref="FilingFacts"/> into blob metadata and reads them back (ASCII values only).</summary>
public static class FilingMetadata
{
    public static Dictionary<string, string> From(FilingFacts f)
    {
        var metadata = new Dictionary<string, string>
        {
            ["sha256"] = f.Sha256,
            ["filingid"] = f.Id,
            ["transactioncode"] = f.TransactionCode,
            ["receivedatutc"] = TimeText(f.ReceivedAtUtc),
            ["form"] = Uri.EscapeDataString(f.Form),
            ["matkhai"] = f.MaTKhai,
            ["mst"] = f.Mst,
            ["periodkind"] = f.PeriodKind,
            ["period"] = f.Period,
            ["periodkey"] = f.PeriodKey,
            ["filingkind"] = f.FilingKind,
            ["amendment"] = f.AmendmentNumber.ToString(CultureInfo.InvariantCulture),
            ["office"] = f.Office,
            // Metadata values must be ASCII: the office name is Vietnamese, so it is percent-encoded.
            ["officename"] = Uri.EscapeDataString(f.OfficeName ?? ""),
        };
        if (f.Signer is { } s)
        {
            metadata["signerthumbprint"] = s.Thumbprint;
            metadata["signersha256"] = s.Sha256;
            // Subjects and issuers hold Vietnamese names: percent-encoded like the office name.
            metadata["signersubject"] = Uri.EscapeDataString(s.Subject);
            metadata["signerissuer"] = Uri.EscapeDataString(s.Issuer);
            metadata["signerserial"] = s.SerialNumber;
            metadata["signernotbefore"] = TimeText(s.NotBeforeUtc);
            metadata["signernotafter"] = TimeText(s.NotAfterUtc);
            if (s.Mst is not null) metadata["signermst"] = s.Mst;
        }
        // Percent-encoded JSON: names are Vietnamese, and metadata values must be ASCII.
        if (f.Dossier is { } dossier) metadata["dossier"] = Uri.EscapeDataString(dossier.ToJson());
        if (f.Vendor is { } vendor) metadata["vendor"] = vendor;
        if (f.Test) metadata["test"] = "true";
        return metadata;
    }

    /// <summary>The facts, or null when the metadata is not ours (a blob written by something else).</summary>
    public static FilingFacts? Read(IDictionary<string, string> m)
    {
        string? Get(string key) => m.TryGetValue(key, out var v) ? v : null;
        if (Get("filingid") is not { } id || Get("sha256") is not { } sha) return null;
        return new FilingFacts
        {
            Id = id,
            Sha256 = sha,
            TransactionCode = Get("transactioncode") ?? "",
            ReceivedAtUtc = ParseTime(Get("receivedatutc") ?? ""),
            Form = Uri.UnescapeDataString(Get("form") ?? ""),
            MaTKhai = Get("matkhai") ?? "",
            Mst = Get("mst") ?? "",
            PeriodKind = Get("periodkind") ?? "",
            Period = Get("period") ?? "",
            PeriodKey = Get("periodkey") ?? "",
            FilingKind = Get("filingkind") ?? "C",
            AmendmentNumber = int.TryParse(Get("amendment"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0,
            Office = Get("office") ?? "",
            OfficeName = Get("officename") is { Length: > 0 } name ? Uri.UnescapeDataString(name) : null,
            Signer = Get("signerthumbprint") is { Length: > 0 } thumbprint
                ? new FilingSigner(thumbprint, Get("signersha256") ?? "", Uri.UnescapeDataString(Get("signersubject") ?? ""),
                    Uri.UnescapeDataString(Get("signerissuer") ?? ""), Get("signerserial") ?? "",
                    ParseTime(Get("signernotbefore") ?? ""), ParseTime(Get("signernotafter") ?? ""), Get("signermst"))
                : null,
            Dossier = Get("dossier") is { Length: > 0 } dossier ? FilingDossier.FromJson(Uri.UnescapeDataString(dossier)) : null,
            Vendor = Get("vendor") is { Length: > 0 } vendor ? vendor : null,
            Test = Get("test") == "true",
        };
    }

    private static string TimeText(DateTimeOffset t) => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
