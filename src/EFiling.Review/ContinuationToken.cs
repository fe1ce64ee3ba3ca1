using System.Buffers.Text;
using System.Text;

namespace EFiling.Review;

/// <summary>The table continuation (next partition and row key, as the SDK gives it) as an opaque URL-safe token.
/// A token is only a position: the query's scope filter is applied again, so a forged one cannot widen access.</summary>
public static class ContinuationToken
{
    private const string Version = "1:";

    public static string? Encode(string? tableToken) =>
        tableToken is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Version + tableToken));

    /// <summary>The table token, null for the first page; false when the text is not a token of ours.</summary>
    public static bool TryDecode(string? token, out string? tableToken)
    {
        tableToken = null;
        if (string.IsNullOrEmpty(token)) return true;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (!text.StartsWith(Version, StringComparison.Ordinal) || text.Length > 2048) return false;
            tableToken = text[Version.Length..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
