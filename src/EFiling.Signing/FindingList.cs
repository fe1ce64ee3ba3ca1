using EFiling.Declarations.Findings;

namespace EFiling.Signing;

/// <summary>Collects findings during one verification; drops exact repeats so a chain error reported by
/// several chain elements shows once.</summary>
internal sealed class FindingList
{
    private readonly List<SignatureFinding> _items = [];

    public int Count => _items.Count;

    public bool HasReject => _items.Any(f => f.Severity == Severity.Reject);

    public void Reject(string code, string message) => Add(code, Severity.Reject, message);

    public void Warn(string code, string message) => Add(code, Severity.Warn, message);

    public void Add(string code, Severity severity, string message)
    {
        var finding = new SignatureFinding(code, severity, message);
        if (!_items.Contains(finding))
        {
            _items.Add(finding);
        }
    }

    public IReadOnlyList<SignatureFinding> ToList() => _items.ToArray();
}
