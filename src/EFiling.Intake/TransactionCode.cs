using System.Globalization;
using System.Security.Cryptography;
using EFiling.Declarations.Deadlines;

namespace EFiling.Intake;

/// <summary>
/// The electronic transaction code (mã giao dịch điện tử) a taxpayer quotes: "EF", the receipt time in Vietnam
/// time to the second, and 8 random hex digits. Readable on the phone; unique per filing.
/// </summary>
public static class TransactionCode
{
    public static string New(DateTimeOffset receivedAt) =>
        "EF" + VietnamTime.ToVietnam(receivedAt).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)
        + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
}
