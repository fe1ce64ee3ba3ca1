using EFiling.Declarations.Findings;
using EFiling.Signing;
using EFiling.Tests.Shared;

namespace EFiling.Validation.Tests;

/// <summary>What the official schemas leave open, the verdict still closes.</summary>
public sealed class SchemaPackVerdictTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("efiling-pack-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_declaration_without_CKyDTu_is_refused_though_the_official_schema_allows_it()
    {
        var validator = DeclarationValidator.Create(new ValidatorOptions { SchemaPacks = [MiniPack.Create(_folder)] });

        var result = validator.Validate(MiniPack.Document("842", "2.7.4", "<ct01>1</ct01><ct02>2</ct02>"), DateTimeOffset.UtcNow);

        Assert.False(result.IsValid);
        // Schema-valid: the only objection is the missing signature.
        var finding = Assert.Single(result.Findings, f => f.Severity == Severity.Reject);
        Assert.Equal(SignatureCodes.Missing, finding.Code);
        Assert.Equal("2.7.4", result.SchemaVersion);
    }

    [Fact]
    public void A_pack_folder_that_does_not_exist_is_a_configuration_error_naming_it()
    {
        var missing = Path.Combine(_folder, "no-such-pack");
        var error = Assert.Throws<ValidatorConfigurationException>(() => DeclarationValidator.Create(new ValidatorOptions { SchemaPacks = [missing] }));
        Assert.Equal(nameof(ValidatorOptions.SchemaPacks), error.Setting);
        Assert.Contains(missing, error.Problem);
    }
}
