using EFiling.Declarations.Catalogue;
using EFiling.Samples;
using EFiling.Signing;
using EFiling.Validation;

namespace EFiling.Validation.Tests;

/// <summary>One development PKI and one validator for the whole test class: key generation is the slow part.</summary>
public sealed class PkiFixture : IDisposable
{
    public PkiFixture()
    {
        Folder = Directory.CreateTempSubdirectory("efiling-pki-").FullName;
        Pki = DevPki.Create(Folder);
        Catalogue = FormCatalogue.Load();
        Validator = DeclarationValidator.Create(new ValidatorOptions
        {
            TrustedRoots = Pki.PathOf(Pki.Manifest.TrustedRoots),
            Intermediates = Pki.PathOf(Pki.Manifest.Intermediates),
            CrlFolder = Path.GetDirectoryName(Pki.PathOf(Pki.Manifest.Crl)),
        });
    }

    public string Folder { get; }
    public DevPki Pki { get; }
    public FormCatalogue Catalogue { get; }
    public DeclarationValidator Validator { get; }

    public SampleGenerator Generator(int seed = 7) => new(Catalogue, Pki, seed);

    private readonly Dictionary<XmlDsigPath, DeclarationValidator> _byPath = [];

    /// <summary>A validator like <see cref="Validator"/> on one XMLDSig path, made once (schemas compile on first use).</summary>
    public DeclarationValidator ValidatorFor(XmlDsigPath path)
    {
        lock (_byPath)
        {
            if (!_byPath.TryGetValue(path, out var validator))
            {
                _byPath[path] = validator = DeclarationValidator.Create(new ValidatorOptions
                {
                    TrustedRoots = Pki.PathOf(Pki.Manifest.TrustedRoots),
                    Intermediates = Pki.PathOf(Pki.Manifest.Intermediates),
                    CrlFolder = Path.GetDirectoryName(Pki.PathOf(Pki.Manifest.Crl)),
                    XmlDsig = path,
                });
            }

            return validator;
        }
    }

    public void Dispose()
    {
        Pki.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
