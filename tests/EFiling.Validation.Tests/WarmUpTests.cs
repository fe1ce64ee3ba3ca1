using EFiling.Declarations.Catalogue;
using EFiling.Samples;

namespace EFiling.Validation.Tests;

/// <summary>Warm() prepares what validation really uses: afterwards the schemas folder is not read again.</summary>
public class WarmUpTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    [Fact]
    public void After_warm_up_every_form_validates_without_its_schema_files()
    {
        var schemas = CopyOfTheSchemasFolder();
        var validator = DeclarationValidator.Create(new ValidatorOptions
        {
            SchemasFolder = schemas,
            TrustedRoots = fixture.Pki.PathOf(fixture.Pki.Manifest.TrustedRoots),
            Intermediates = fixture.Pki.PathOf(fixture.Pki.Manifest.Intermediates),
            CrlFolder = Path.GetDirectoryName(fixture.Pki.PathOf(fixture.Pki.Manifest.Crl)),
        });
        var generator = fixture.Generator();
        var samples = fixture.Catalogue.Forms.Select(f => generator.Generate(new SampleRequest { FormCode = f.Code }))
            .Concat(fixture.Catalogue.Dossiers.SelectMany(d => d.Forms).Select(f => generator.Generate(new SampleRequest { FormCode = f.Code, Ivan = true })))
            .ToList();

        validator.Warm();
        // Anything compiled lazily from now on would fail: the XSDs and rules are gone.
        Directory.Delete(schemas, recursive: true);

        Assert.All(samples, sample =>
        {
            var result = validator.Validate(sample.Bytes, DateTimeOffset.UtcNow);
            Assert.True(result.IsValid, $"{sample.FileName}: {string.Join("; ", result.Findings.Select(f => $"{f.Code} {f.Message}"))}");
        });
    }

    private static string CopyOfTheSchemasFolder()
    {
        var source = FormCatalogue.DefaultSchemasFolder();
        var target = Directory.CreateTempSubdirectory("efiling-schemas-").FullName;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        return target;
    }
}
