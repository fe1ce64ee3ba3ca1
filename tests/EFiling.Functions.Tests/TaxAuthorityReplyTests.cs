using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Schema;
using EFiling.Declarations.Parsing;
using EFiling.Functions.Tests.Fixtures;
using EFiling.Functions.Tests.Infrastructure;
using EFiling.Signing;
using EFiling.Signing.Tests.Support;

namespace EFiling.Functions.Tests;

/// <summary>
/// Issue 14, item 5: receipts and decision notices in the envelope of the tax authority's own signed replies
/// (TBaoThueDTu > TBaoThue Id="_NODE_TO_SIGN" + CKyDTu, SigningTime in a signed ds:Object), as the running app answers
/// them: valid against our schema of that shape, verified by xmlsec1 --verify against the dev PKI's root and by the
/// project's own verifier; today's XML and JSON stay as they were.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TaxAuthorityReplyTests(TestEnvironment env) : IDisposable
{
    private const string Ns = "http://kekhaithue.gdt.gov.vn/TBaoThue";
    private const string EFilingNs = "urn:efiling:vn:thongbao:v1";
    private readonly string _folder = Directory.CreateTempSubdirectory("efiling-tbaothue-tests-").FullName;

    [Fact]
    public async Task A_receipt_in_the_tax_authoritys_shape_is_schema_valid_and_verified_by_xmlsec1_and_by_our_verifier()
    {
        var bytes = env.Samples.Valid();
        using var response = await env.App.Client.PostAsync("/api/filings?format=tbaothue", Xml(bytes));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var reply = await response.Content.ReadAsByteArrayAsync();
        var doc = LoadValid(reply);
        var id = Text(doc, "maHoSo", EFilingNs);
        Assert.Equal($"/api/filings/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("843", Text(doc, "maTBao"));
        Assert.Equal("Y", Text(doc, "trangThai"));
        Assert.Equal(TestRegistry.Active(env.Pki).Mst, Text(doc, "maNNhan"));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), Text(doc, "sha256", EFilingNs));
        Assert.Equal("_NODE_TO_SIGN", ((XmlElement)doc.GetElementsByTagName("TBaoThue", Ns)[0]!).GetAttribute("Id"));
        var signature = (XmlElement)doc.GetElementsByTagName("Signature", "http://www.w3.org/2000/09/xmldsig#")[0]!;
        Assert.Single(signature.GetElementsByTagName("SigningTime", "http://www.w3.org/2000/09/xmldsig#").OfType<XmlElement>());
        Assert.Equal(2, signature.GetElementsByTagName("Reference", "http://www.w3.org/2000/09/xmldsig#").Count);

        AssertXmlsecVerifies(reply);
        AssertOurVerifierAccepts(reply);

        // The same facts again, by content negotiation; our own receipt and JSON are unchanged.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/filings/{id}/receipt");
        request.Headers.Accept.ParseAdd("application/vnd.efiling.tbaothue+xml");
        using var again = await env.App.Client.SendAsync(request);
        Assert.Equal("application/vnd.efiling.tbaothue+xml", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Text(doc, "maGiaoDichDTu"), Text(LoadValid(await again.Content.ReadAsByteArrayAsync()), "maGiaoDichDTu"));
        using var own = await env.App.Client.GetAsync($"/api/filings/{id}/receipt");
        Assert.Contains("<ThongBaoTiepNhan", await own.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Changing_the_facts_or_the_signing_time_of_a_reply_breaks_its_signature_for_both_verifiers()
    {
        using var response = await env.App.Client.PostAsync("/api/filings?format=tbaothue", Xml(env.Samples.Valid()));
        var reply = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        var mst = TestRegistry.Active(env.Pki).Mst;
        var time = System.Text.RegularExpressions.Regex.Match(reply, "<SigningTime>([^<]+)</SigningTime>").Groups[1].Value;
        Assert.NotEmpty(time);

        foreach (var forged in new[]
                 {
                     reply.Replace($"<maNNhan>{mst}</maNNhan>", "<maNNhan>0312345673</maNNhan>"),
                     reply.Replace($"<SigningTime>{time}</SigningTime>", "<SigningTime>2020-01-01T00:00:00+07:00</SigningTime>"),
                 })
        {
            Assert.NotEqual(reply, forged);
            var (exitCode, output) = XmlsecVerify(Encoding.UTF8.GetBytes(forged));
            Assert.True(exitCode != 0, "xmlsec1 accepted a changed reply: " + output);
            var verification = Verify(Encoding.UTF8.GetBytes(forged));
            Assert.Contains(verification.Findings, f => f.Code == SignatureCodes.Invalid);
        }
    }

    [Fact]
    public async Task A_decision_notice_in_the_tax_authoritys_shape_says_accepted_and_verifies()
    {
        using var response = await env.App.Client.SubmitAsync(env.Samples.Valid(), accept: "application/json");
        var id = (string)(await response.JsonAsync())["id"]!;
        await env.App.WaitForStatusAsync(id, "Accepted", TimeSpan.FromSeconds(60));
        var list = await env.App.Client.GetFromJsonNodeAsync($"/api/filings/{id}/notifications");
        var link = (string)list["notifications"]![0]!["link"]!;

        using var notice = await env.App.Client.GetAsync(link + "?format=tbaothue");
        Assert.Equal(HttpStatusCode.OK, notice.StatusCode);
        var reply = await notice.Content.ReadAsByteArrayAsync();
        var doc = LoadValid(reply);
        Assert.Equal("844", Text(doc, "maTBao"));
        Assert.Equal("Y", Text(doc, "trangThai"));
        Assert.Equal("Accepted", Text(doc, "ketQua", EFilingNs));
        Assert.Equal(id, Text(doc, "maHoSo", EFilingNs));
        AssertXmlsecVerifies(reply);
        AssertOurVerifierAccepts(reply);

        // Without the parameter: the stored notice, as before.
        using var stored = await env.App.Client.GetAsync(link);
        Assert.Contains("<ThongBaoChapNhan", await stored.Content.ReadAsStringAsync());
    }

    private void AssertXmlsecVerifies(byte[] reply)
    {
        var (exitCode, output) = XmlsecVerify(reply);
        Assert.True(exitCode == 0, $"xmlsec1 --verify failed ({exitCode}): {output}");
    }

    private (int ExitCode, string Output) XmlsecVerify(byte[] reply)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.xml");
        File.WriteAllBytes(path, reply);
        var m = env.Pki.Manifest;
        return Xmlsec.Run("--verify", "--trusted-pem", env.Pki.PathOf(m.RootCa), "--untrusted-pem", env.Pki.PathOf(m.IssuingCa),
            "--id-attr:Id", $"{Ns}:TBaoThue", path);
    }

    private void AssertOurVerifierAccepts(byte[] reply)
    {
        var verification = Verify(reply);
        Assert.True(verification.IsValid, verification.ToString());
        Assert.Equal(env.Pki.ReceiptSigning.Thumbprint, verification.Signer?.Thumbprint);
    }

    /// <summary>The project's verifier, with the dev PKI's trust and CRLs, told that this profile's signed signing time is expected.</summary>
    private SignatureVerification Verify(byte[] reply)
    {
        var m = env.Pki.Manifest;
        var options = SignatureVerifierOptions.FromFiles(env.Pki.PathOf(m.TrustedRoots), env.Pki.PathOf(m.Intermediates),
            Path.GetDirectoryName(env.Pki.PathOf(m.Crl))) with { AcceptSignedSigningTime = true };
        var doc = SecureXml.Load(reply);
        var part = (XmlElement)doc.GetElementsByTagName("TBaoThue", Ns)[0]!;
        var block = (XmlElement)doc.GetElementsByTagName("CKyDTu", Ns)[0]!;
        return new SignatureVerifier(options).Verify(doc, part, block, DateTimeOffset.UtcNow);
    }

    private static XmlDocument LoadValid(byte[] bytes)
    {
        var schemas = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        schemas.Add(Ns, Repo.Path("schemas", "notifications", "tbaothue.xsd"));
        var doc = new XmlDocument { Schemas = schemas, PreserveWhitespace = true, XmlResolver = null };
        doc.Load(new MemoryStream(bytes));
        doc.Validate((_, e) => Assert.Fail($"The reply does not follow tbaothue.xsd: {e.Message}"));
        return doc;
    }

    private static string Text(XmlDocument doc, string name, string ns = Ns) =>
        doc.GetElementsByTagName(name, ns)[0]?.InnerText ?? throw new Xunit.Sdk.XunitException($"The reply has no {name}");

    private static ByteArrayContent Xml(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/xml");
        return content;
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
