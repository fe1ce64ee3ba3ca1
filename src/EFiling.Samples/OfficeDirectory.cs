namespace EFiling.Samples;

/// <summary>Receiving offices used by generated samples and the demo registry (codes as data, see the README).</summary>
public static class OfficeDirectory
{
    public sealed record Office(string Code, string Name, string Province, string Family);

    public static readonly IReadOnlyList<Office> All =
    [
        new("10100", "Thuế Thành phố Hà Nội", "101", "tax"),
        new("10101", "Thuế cơ sở 1 Thành phố Hà Nội", "101", "tax"),
        new("10102", "Thuế cơ sở 2 Thành phố Hà Nội", "101", "tax"),
        new("70100", "Thuế Thành phố Hồ Chí Minh", "701", "tax"),
        new("70101", "Thuế cơ sở 1 Thành phố Hồ Chí Minh", "701", "tax"),
        new("50100", "Thuế Thành phố Đà Nẵng", "501", "tax"),
        new("30300", "Thuế Thành phố Hải Phòng", "303", "tax"),
        new("KV01", "Bảo hiểm xã hội khu vực I", "101", "social-insurance"),
        new("KV27", "Bảo hiểm xã hội khu vực XXVII", "701", "social-insurance"),
    ];

    public static IReadOnlyList<Office> OfFamily(string family) => All.Where(o => o.Family == family).ToList();

    /// <summary>
    /// The office that manages a taxpayer in the demo data, fixed by its MST: the demo registry registers this one
    /// and generated samples are filed there, so demo filings pass reconciliation's office check.
    /// </summary>
    public static Office ManagingOffice(string mst, string family)
    {
        var offices = OfFamily(family);
        return offices[(int)(ulong.Parse(mst[..10], System.Globalization.CultureInfo.InvariantCulture) % (ulong)offices.Count)];
    }

    /// <summary>The social-insurance unit code (mã đơn vị) of a demo employer.</summary>
    public static string EmployerUnitCode(string mst) => "DV" + mst[..10];
}
