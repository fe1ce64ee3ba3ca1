using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EFiling.IntakeChecks;
using EFiling.Functions.Endpoints;
using EFiling.Intake;
using EFiling.Functions.Hosting;
using EFiling.ServiceDefaults;
using EFiling.Webhooks;
using EFiling.Storage;
using EFiling.Validation;
using Microsoft.Extensions.Options;

namespace EFiling.Functions.TestMode;

/// <summary>
/// Test filings (<c>X-EFiling-Test: true</c>). Checked exactly like a real filing (the same validator, limits and rules;
/// trust: the real roots and the test anchor), answered with a receipt that says it is a test (inside the signed part),
/// and then kept apart: one create-only blob in the test-filings container (the bytes, the facts in metadata), which a
/// lifecycle rule deletes after <see cref="TestModeOptions.RetentionDays"/>. A test filing has no filing row, no history
/// rows, no filings-received message and no outbox row, so nothing that reconciles, counts or lists filings for review
/// can ever see it: those read only the real container, tables and queue. Its status is decided at intake from the
/// checks alone (<c>Accepted</c>), and its subscribed vendor hears of it like of a real decision.
/// </summary>
public sealed class TestFilings
{
    public const string Header = "X-EFiling-Test";
    public const string Decider = "Test filing: checked at intake like a real one; not reconciled, reviewed or counted";

    private readonly Lazy<DeclarationChecks> _checks;
    private readonly DocumentStore _documents;
    private readonly StorageReady _storage;
    private readonly TimeProvider _time;
    private readonly FilingEvents _events;
    private readonly TestModeOptions _options;
    private readonly ILogger<TestFilings> _logger;

    public TestFilings(IOptions<EFilingOptions> options, IOptions<TestModeOptions> testMode, DeclarationChecks realChecks,
        StorageClients clients, StorageNames names, StorageReady storage, TimeProvider time, FilingEvents events, ILogger<TestFilings> logger)
    {
        _logger = logger;
        _options = testMode.Value;
        _documents = DocumentStore.ForTestFilings(clients, names);
        _storage = storage;
        _time = time;
        _events = events;
        // The real filings' checks under the test trust: one compiled set of schemas and rules for both.
        _checks = new(() => realChecks.WithTrust(Trust(options.Value, _options)));
    }

    public bool Enabled => _options.Enabled;

    /// <summary>Whether the request asks for a test filing: true, false (header absent or "false"), or null when the header
    /// says something else (refused: a typo must not turn a test into a real filing, or the reverse).</summary>
    public static bool? Requested(HttpRequest request)
    {
        var values = request.Headers[Header];
        if (values.Count == 0) return false;
        if (values.Count > 1) return null;
        return values[0]?.Trim().ToLowerInvariant() switch { "true" => true, "false" => false, _ => null };
    }

    /// <summary>Checks and, when valid, stores a test filing. Same bytes sent as a test again: the first test filing's
    /// receipt (200). Real and test filings never share a store, so bytes filed for real and as a test are two filings.</summary>
    public async Task<SubmissionResult> SubmitAsync(ReadOnlyMemory<byte> bytes, string? vendor, CancellationToken ct)
    {
        await _storage.EnsureAsync(ct);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
        var receivedAt = SubmissionService.TruncateToMilliseconds(_time.GetUtcNow());
        var verdict = _checks.Value.Check(bytes, receivedAt);
        if (!verdict.IsValid)
            return await _documents.FindDocumentAsync(sha256, ct) is { } stored
                ? new SubmissionResult.Acknowledged(stored, Created: false)
                : new SubmissionResult.Refused(verdict);
        var facts = SubmissionService.FactsOf(verdict, sha256, receivedAt) with { Test = true, Vendor = vendor };
        var (created, owner) = await _documents.CreateDocumentAsync(facts, bytes, ct);
        if (created)
        {
            // The test filing is stored: a webhook that could not be queued does not undo its receipt.
            try { await _events.PublishAsync(StatusEvent.Of(facts, FilingStatus.Accepted, step: 2, receivedAt), ct); }
            catch (Exception e) when (e.IsStorageFailure()) { _logger.LogWarning(e, "Test filing {Id}: its webhook was not queued", facts.Id); }
        }
        return new SubmissionResult.Acknowledged(owner, created);
    }

    /// <summary>The facts of the test filing with this id, or null (one listing in the test container).</summary>
    public async Task<FilingFacts?> FindAsync(string id, CancellationToken ct)
    {
        await _storage.EnsureAsync(ct);
        return await _documents.FindDocumentByIdAsync(id, ct) is { Test: true } facts ? facts : null;
    }

    public Task<BinaryData?> ReadDocumentAsync(string sha256, CancellationToken ct) => _documents.ReadDocumentAsync(sha256, ct);

    /// <summary>A test filing's status: Accepted at its receipt time (decided by the checks alone), with the day it is
    /// deleted in the history's note.</summary>
    public FilingStatusJson Status(FilingFacts facts)
    {
        var filing = FilingEntity.Create(facts, "[]", 0);
        filing.Status = nameof(FilingStatus.Accepted);
        filing.LastStep = 2;
        var deleted = facts.ReceivedAtUtc.AddDays(_options.RetentionDays).UtcDateTime.ToString("yyyy-MM-dd");
        HistoryEntity[] history =
        [
            new() { Status = nameof(FilingStatus.Received), AtUtc = facts.ReceivedAtUtc, Note = FilingHistory.ReceivedNote },
            new() { Status = nameof(FilingStatus.Accepted), AtUtc = facts.ReceivedAtUtc, Note = $"{Decider}; deleted after {deleted}" },
        ];
        return FilingStatusJson.From(filing, history) with { Test = true, Receipt = Receipts.ReceiptJson.From(facts) };
    }

    /// <summary>The real roots, intermediates and CRLs with the test anchor's.</summary>
    /// <exception cref="ValidatorConfigurationException">A bundle is missing, unreadable or empty (named by its setting).</exception>
    private static DeclarationChecks.Trust Trust(EFilingOptions real, TestModeOptions test) =>
        new(Join(real.TrustedRoots, "EFiling:TrustedRoots", test.TrustedRoots, "EFiling:TestMode:TrustedRoots"),
            Join(real.Intermediates, "EFiling:Intermediates", test.Intermediates, "EFiling:TestMode:Intermediates"),
            [.. new[] { real.CrlFolder, test.CrlFolder }.Where(folder => !string.IsNullOrEmpty(folder)).Select(folder => folder!)]);

    /// <summary>Both bundles (each a path or the PEM text, read by <see cref="PemSource"/>) as one PEM text, or null.</summary>
    private static string? Join(string? real, string realSetting, string? test, string testSetting)
    {
        var certificates = new X509Certificate2Collection();
        certificates.AddRange(PemSource.Load(real, realSetting));
        certificates.AddRange(PemSource.Load(test, testSetting));
        return certificates.Count == 0 ? null : string.Join('\n', certificates.Select(c => c.ExportCertificatePem()));
    }
}
