using System.Threading.RateLimiting;
using EFiling.Intake;
using Microsoft.Extensions.Options;

namespace EFiling.Functions.RateLimiting;

/// <summary>
/// The per-signer limit on SubmitFiling: the framework's fixed-window limiter, one partition per signer (MST). The
/// signer is known for sure only once its signature verified, which is the expensive part, so:
/// <list type="bullet">
/// <item>before the checks, the certificates the document claims (<see cref="SignerClaims"/>) are admitted only while
/// their signer has permits left beyond the filings of that signer being checked right now (a reservation, which
/// spends nothing); a flood in parallel is cut at the limit, not after it;</item>
/// <item>after the checks, a permit is spent only by a new filing whose signature verified, by its verified signer.</item>
/// </list>
/// So a refused or unsigned filing spends its sender's address and key budgets (every request does), never the budget
/// of the taxpayer it names: nobody can use another taxpayer's certificate to use up that taxpayer's filings. (While
/// such a filing is being checked it holds a reservation, so it can delay the named taxpayer's last permits by the
/// length of a check.)
/// </summary>
public sealed class SignerLimit : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;
    private readonly RateLimitOptions _options;
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);

    public SignerLimit(IOptions<RateLimitOptions> options)
    {
        _options = options.Value;
        if (_options.SignerPermitLimit <= 0) return;
        var o = _options;
        _limiter = PartitionedRateLimiter.Create<string, string>(signer => RateLimitPartition.GetFixedWindowLimiter(signer,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = o.SignerPermitLimit, Window = o.SignerWindow, QueueLimit = 0 }));
    }

    /// <summary>Admits a declaration by the signers it claims, or says how long they must wait (<see cref="Admission.RetryAfter"/>).
    /// Dispose the admission when the submission is done.</summary>
    /// <param name="claimedSigners">The signers the document claims (<see cref="SignerClaims"/>).</param>
    /// <param name="test">A test filing: admitted and spent in the signers' test budgets (same limits, partitions of their
    /// own), so a vendor testing never uses up a taxpayer's real filings.</param>
    public Admission Admit(IReadOnlyList<string> claimedSigners, bool test = false)
    {
        if (test) claimedSigners = claimedSigners.Select(TestPartition).ToList();
        if (_limiter is null || claimedSigners.Count == 0) return new Admission(this, [], null);
        lock (_inFlight)
        {
            foreach (var signer in claimedSigners)
            {
                var available = _limiter.GetStatistics(signer)?.CurrentAvailablePermits ?? 0;
                if (available - _inFlight.GetValueOrDefault(signer) > 0) continue;
                // Out of permits: until the window turns. Permits left but all reserved: as soon as a check ends.
                return new Admission(this, [], available > 0 ? TimeSpan.FromSeconds(1) : RetryAfter(signer));
            }
            foreach (var signer in claimedSigners) _inFlight[signer] = _inFlight.GetValueOrDefault(signer) + 1;
        }
        return new Admission(this, claimedSigners, null);
    }

    public static string TestPartition(string signer) => "test|" + signer;

    private TimeSpan RetryAfter(string signer)
    {
        using var probe = _limiter!.AttemptAcquire(signer, 0);
        return probe.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : _options.SignerWindow;
    }

    private void Spend(string signer)
    {
        using var _ = _limiter?.AttemptAcquire(signer, 1);
    }

    private void Release(IReadOnlyList<string> signers)
    {
        lock (_inFlight)
        {
            foreach (var signer in signers)
            {
                if (_inFlight.GetValueOrDefault(signer) <= 1) _inFlight.Remove(signer);
                else _inFlight[signer]--;
            }
        }
    }

    public void Dispose() => _limiter?.Dispose();

    /// <summary>One submission's place in its claimed signers' budgets.</summary>
    public sealed class Admission(SignerLimit owner, IReadOnlyList<string> reserved, TimeSpan? retryAfter) : IDisposable
    {
        private bool _released;

        /// <summary>Null: admitted. Otherwise refuse with 429 and this Retry-After.</summary>
        public TimeSpan? RetryAfter { get; } = retryAfter;

        /// <summary>A new filing was acknowledged: its verified signer spends one permit (a resubmission or a refusal
        /// spends nothing).</summary>
        public void Spend(SubmissionResult result)
        {
            if (result is SubmissionResult.Acknowledged { Created: true, Facts.Signer: { } signer } acknowledged)
            {
                var key = SignerClaims.KeyOf(signer.Mst, signer.Sha256);
                owner.Spend(acknowledged.Facts.Test ? TestPartition(key) : key);
            }
        }

        public void Dispose()
        {
            if (_released) return;
            _released = true;
            owner.Release(reserved);
        }
    }
}
