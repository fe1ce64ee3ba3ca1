using System.Globalization;
using System.Xml;
using EFiling.Declarations.Parsing;

namespace EFiling.Samples;

/// <summary>
/// Fills a 01/GTGT with a fresh invoice appendix and main figures that follow from it by the arithmetic of
/// the form (Circular 80/2021), so every reject rule holds: 27 = 29 + 30 + 32 + 32a, 28 = 31 + 33, …
/// </summary>
internal static class GtgtFigures
{
    private static readonly string[] Rates = ["10", "10", "10", "8", "5", "0", "KCT"];
    private static readonly string[] Buyers =
    [
        "Công ty TNHH Kỹ thuật Minh Long", "Công ty Cổ phần Nông sản Xanh Việt", "Tổng công ty Thương mại Hà Nội",
        "Công ty TNHH Xây dựng Phú An", "Công ty Cổ phần Dược phẩm Bình Minh", "Hợp tác xã Dịch vụ Nông nghiệp Tân Phú",
    ];

    /// <param name="refund">A refund request: input VAT carried forward [22] exceeds this period's payable VAT, so the
    /// period ends with VAT not yet deducted [41], all of it asked back [42] (a review-level case, GTGT-HOAN-THUE).</param>
    public static void Fill(XmlElement signedPart, Random rng, int rows, string periodText, bool refund = false)
    {
        var ns = signedPart.NamespaceURI;
        var list = LocalPath.SelectFirst(signedPart, "PLuc/PL01_1_GTGT") ?? throw new InvalidDataException("The 01/GTGT template has no PL01_1_GTGT.");
        var template = LocalPath.Children(list, "HDonBRa").First();
        foreach (var old in LocalPath.Children(list, "HDonBRa").ToList()) list.RemoveChild(old);
        var totals = LocalPath.Children(list, "TongCong").First();

        var value = new Dictionary<string, long>();
        var vat = new Dictionary<string, long>();
        var year = int.Parse(periodText[^4..], CultureInfo.InvariantCulture);
        for (var i = 1; i <= rows; i++)
        {
            var rate = Rates[rng.Next(Rates.Length)];
            var amount = rng.Next(5, 5_000) * 100_000L;
            var tax = rate is "KCT" or "0" ? 0 : amount * int.Parse(rate, CultureInfo.InvariantCulture) / 100;
            value[rate] = value.GetValueOrDefault(rate) + amount;
            vat[rate] = vat.GetValueOrDefault(rate) + tax;

            var row = (XmlElement)template.CloneNode(deep: true);
            Set(row, "stt", i);
            Set(row, "soHDon", 1000 + i);
            Set(row, "ngayHDon", $"{1 + i % 28:00}/{(i % 12) + 1:00}/{year}");
            Set(row, "tenNMua", Buyers[rng.Next(Buyers.Length)]);
            Set(row, "giaTri", amount);
            Set(row, "thueSuat", rate);
            Set(row, "tienThue", tax);
            foreach (var optional in LocalPath.Children(row, "ghiChu").ToList()) row.RemoveChild(optional);
            list.InsertBefore(row, totals);
        }

        long V(string rate) => value.GetValueOrDefault(rate);
        long T(string rate) => vat.GetValueOrDefault(rate);
        Set(totals, "tongGiaTriKCT", V("KCT"));
        Set(totals, "tongGiaTriKKKNT", 0);
        Set(totals, "tongGiaTri0", V("0"));
        Set(totals, "tongGiaTri5", V("5"));
        Set(totals, "tongThue5", T("5"));
        Set(totals, "tongGiaTri8", V("8"));
        Set(totals, "tongThue8", T("8"));
        Set(totals, "tongGiaTri10", V("10"));
        Set(totals, "tongThue10", T("10"));
        Set(totals, "tongGiaTri", value.Values.Sum());
        Set(totals, "tongThue", vat.Values.Sum());

        var figures = LocalPath.SelectFirst(signedPart, "CTieuTKhaiChinh")!;
        var ct22 = rng.Next(0, 50) * 100_000L;
        var ct23 = rng.Next(10, 3_000) * 100_000L;
        var ct24 = ct23 / 10;
        var ct25 = ct24;
        var ct26 = V("KCT");
        var ct29 = V("0");
        var (ct30, ct31) = (V("5"), T("5"));
        var (ct32, ct33) = (V("8") + V("10"), T("8") + T("10"));
        const long ct32a = 0, ct37 = 0, ct38 = 0, ct39a = 0, ct40b = 0;
        var ct27 = ct29 + ct30 + ct32 + ct32a;
        var ct28 = ct31 + ct33;
        var ct36 = ct28 - ct25;
        if (refund) ct22 = Math.Max(ct36, 0) + rng.Next(1, 500) * 100_000L;
        var balance = ct36 - ct22 + ct37 - ct38 - ct39a;
        var ct40a = Math.Max(0, balance);
        var ct41 = Math.Max(0, -balance);
        var ct42 = refund ? ct41 : 0;
        var figuresByName = new Dictionary<string, long>
        {
            ["ct21"] = 0, ["ct22"] = ct22, ["ct23"] = ct23, ["ct24"] = ct24, ["ct23a"] = 0, ["ct24a"] = 0, ["ct25"] = ct25,
            ["ct26"] = ct26, ["ct27"] = ct27, ["ct28"] = ct28, ["ct29"] = ct29, ["ct30"] = ct30, ["ct31"] = ct31,
            ["ct32"] = ct32, ["ct33"] = ct33, ["ct32a"] = ct32a, ["ct34"] = ct26 + ct27, ["ct35"] = ct28, ["ct36"] = ct36,
            ["ct37"] = ct37, ["ct38"] = ct38, ["ct39a"] = ct39a, ["ct40a"] = ct40a, ["ct40b"] = ct40b, ["ct40"] = ct40a - ct40b,
            ["ct41"] = ct41, ["ct42"] = ct42, ["ct43"] = ct41 - ct42,
        };
        foreach (XmlElement e in figures.GetElementsByTagName("*", ns))
        {
            if (figuresByName.TryGetValue(e.LocalName, out var n)) e.InnerText = n.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static void Set(XmlElement parent, string child, object value)
    {
        var e = LocalPath.Children(parent, child).FirstOrDefault() ?? throw new InvalidDataException($"Template row has no {child}.");
        e.InnerText = Convert.ToString(value, CultureInfo.InvariantCulture)!;
    }
}
