using System.Security.Cryptography.Xml;
using System.Xml;

namespace EFiling.Signing;

/// <summary>
/// SignedXml whose <c>#id</c> lookup can only ever return the element we chose. Its default lookup prefers
/// DTD-declared IDs and searches the whole document; pinning it means the bytes SignedXml digests are the
/// bytes of the element the caller will actually read (defence against signature wrapping), and it never
/// needs to resolve anything else.
/// </summary>
internal sealed class PinnedSignedXml : SignedXml
{
    private readonly XmlElement? _target;
    private readonly string? _targetId;

    public PinnedSignedXml(XmlDocument document, XmlElement? target, string? targetId)
        : base(document)
    {
        _target = target;
        _targetId = targetId;
        // Anything that would need fetching fails instead of touching disk or network.
        Resolver = NoFetchXmlResolver.Instance;
    }

    public override XmlElement? GetIdElement(XmlDocument? document, string idValue) =>
        _target is not null && string.Equals(idValue, _targetId, StringComparison.Ordinal) ? _target : null;
}
