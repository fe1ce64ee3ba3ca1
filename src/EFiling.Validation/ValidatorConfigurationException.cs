namespace EFiling.Validation;

/// <summary>
/// A trust setting (trusted roots, intermediates, CRL folder) that cannot be used: a missing or unreadable
/// file, or one that holds no certificate or CRL. It is the operator's mistake, not a filing's, so callers
/// report it as configuration (the CLI as a usage error) rather than as a crash.
/// </summary>
public sealed class ValidatorConfigurationException(string setting, string problem, Exception? inner = null)
    : Exception($"{setting}: {problem}", inner)
{
    /// <summary>The <see cref="ValidatorOptions"/> property at fault, e.g. <c>TrustedRoots</c>.</summary>
    public string Setting { get; } = setting;

    /// <summary>What is wrong with it, without the setting's name, e.g. <c>no such file "/etc/roots.pem"</c>.</summary>
    public string Problem { get; } = problem;
}
