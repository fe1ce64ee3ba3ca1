using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using Xunit;

namespace EFiling.Tests.Shared;

/// <summary>
/// The real-world conformance material in <c>../shared/real-world/</c> beside the repository (genuine HTKK / eTax
/// declarations, tampered copies, the official schema packs, iTaxViewer's certificate store). It holds real
/// companies' data, so it is read where it lies and never copied into the repository. When it is absent the tests
/// that need it are skipped with the reason, so a run without it says so instead of passing silently.
/// Set EFILING_REAL_WORLD to use it from elsewhere.
/// </summary>
public static class RealWorld
{
    private const string TaxNamespace = "http://kekhaithue.gdt.gov.vn/TKhaiThue";
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    /// <summary>The folder, or null when it is not there.</summary>
    public static string? Folder { get; } = Find();

    public static string AbsentReason =>
        "REAL-WORLD CONFORMANCE NOT RUN: ../shared/real-world/ was not found beside the repository (or at $EFILING_REAL_WORLD). "
        + "CI has it; without it the genuine HTKK/eTax declarations are not checked.";

    public static string Path(params string[] parts) => System.IO.Path.Combine([Folder ?? throw new InvalidOperationException(AbsentReason), .. parts]);

    /// <summary>The three HTKK packs (newest first) and the viewer's catalogue, as `--schema-pack` takes them.</summary>
    public static IReadOnlyList<string> SchemaPacks =>
    [
        Path("xsd", "htkk_5.7_InterfaceTemplates"),
        Path("xsd", "htkk_5.1.7_InterfaceTemplates"),
        Path("xsd", "htkk_4.1.6_phuocviet"),
        Path("xsd", "itaxviewer_data"),
    ];

    public static string CertStore => Path("certs", "itaxviewer_certstore");

    /// <summary>Every signed HSoThueDTu declaration that no one tampered with (45 of them).</summary>
    public static IReadOnlyList<string> GenuineDeclarations => Declarations().Where(d => !d.Tampered && d.Signed).Select(d => d.File).ToList();

    /// <summary>The copies a third party altered (4): each must be refused.</summary>
    public static IReadOnlyList<string> TamperedDeclarations => Declarations().Where(d => d.Tampered).Select(d => d.File).ToList();

    /// <summary>HTKK exports that were never signed (1): refused as unsigned.</summary>
    public static IReadOnlyList<string> UnsignedDeclarations => Declarations().Where(d => !d.Tampered && !d.Signed).Select(d => d.File).ToList();

    /// <summary>The name a table shows: the path below tax/.</summary>
    public static string Name(string file) => System.IO.Path.GetRelativePath(Path("tax"), file);

    /// <summary>
    /// When the file was signed, as the conformance check uses it: its <c>ngayKy</c> at noon Vietnam time, or, where the
    /// signer's certificate was not yet valid then (the regenerated_resigned_2025 copies were signed again later), one
    /// day after the certificate's notBefore.
    /// </summary>
    public static DateTimeOffset SigningTime(string file)
    {
        var document = Load(file);
        var ns = new XmlNamespaceManager(document.NameTable);
        ns.AddNamespace("t", TaxNamespace);
        ns.AddNamespace("ds", "http://www.w3.org/2000/09/xmldsig#");
        var text = document.SelectSingleNode("//t:TKhaiThue/t:ngayKy", ns)?.InnerText.Trim()
            ?? throw new InvalidDataException($"{Name(file)} has no ngayKy.");
        var day = DateTime.ParseExact(text, ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None);
        var noon = new DateTimeOffset(day.Year, day.Month, day.Day, 12, 0, 0, VietnamOffset);

        var base64 = document.SelectSingleNode("//ds:Signature//ds:X509Certificate", ns)?.InnerText
            ?? throw new InvalidDataException($"{Name(file)} carries no certificate.");
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(base64));
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        return notBefore > noon ? notBefore.AddDays(1) : noon;
    }

    /// <summary>The signing time where the file still shows one (a tampered copy may not), else now.</summary>
    public static DateTimeOffset SigningTimeOrNow(string file)
    {
        try
        {
            return SigningTime(file);
        }
        catch (Exception e) when (e is XmlException or InvalidDataException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            return DateTimeOffset.UtcNow;
        }
    }

    private static IEnumerable<(string File, bool Tampered, bool Signed)> Declarations()
    {
        foreach (var file in Directory.EnumerateFiles(Path("tax"), "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var tampered = file.Contains($"{System.IO.Path.DirectorySeparatorChar}tampered_or_corrupted{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal);
            XmlDocument? document = null;
            try
            {
                document = Load(file);
            }
            catch (XmlException) when (tampered)
            {
                // Tampered into something that is not even XML: still one of the copies that must be refused.
            }
            if (document is null)
            {
                yield return (file, true, true);
                continue;
            }
            var root = document.DocumentElement!;
            // A tampered copy counts whatever it became (one was re-serialised with ns0: prefixes, still HSoThueDTu).
            if (root.LocalName != "HSoThueDTu" || (root.NamespaceURI != TaxNamespace && !tampered)) continue;
            var signed = document.GetElementsByTagName("Signature", "http://www.w3.org/2000/09/xmldsig#").Count > 0;
            yield return (file, tampered, signed);
        }
    }

    private static XmlDocument Load(string file)
    {
        var document = new XmlDocument { XmlResolver = null, PreserveWhitespace = true };
        using var reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        document.Load(reader);
        return document;
    }

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("EFILING_REAL_WORLD") is { Length: > 0 } set) return Directory.Exists(set) ? set : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "real-world");
            if (Directory.Exists(System.IO.Path.Combine(candidate, "tax"))) return candidate;
        }
        return null;
    }
}

/// <summary>A fact that needs ../shared/real-world/: skipped, with the reason, when it is absent.</summary>
public sealed class RealWorldFactAttribute : FactAttribute
{
    public RealWorldFactAttribute()
    {
        if (RealWorld.Folder is null) Skip = RealWorld.AbsentReason;
    }
}
