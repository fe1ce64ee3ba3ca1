using System.CommandLine;
using EFiling.Cli;
using EFiling.Cli.Commands;

// `efiling`: one command per file under Commands/. Usage errors exit 2, as vendors' scripts expect.
var root = new RootCommand("EFiling: make, sign, check and submit Vietnamese e-tax and social-insurance declarations.")
{
    DevPkiCommand.Create(),
    SampleCommand.Create(),
    SignCommand.Create(),
    ValidateCommand.Create(),
    SchemasCommand.Create(),
    TrustCommand.Create(),
    SubmitCommand.Create(),
    StatusCommand.Create(),
    BenchStorageCommand.Create(),
    // One `bench` command: `bench intake` and `bench verify` (two of that name stopped the parser: issues 12 and 13 each added one).
    new Command("bench", "Benchmarks measured against a reference in the same run.") { BenchIntakeCommand.Create(), BenchVerifyCommand.Create() },
    BenchBombsCommand.Create(),
    RegistryCommand.Create(),
    ReplayPoisonCommand.Create(),
    StatsCommand.Create(),
    CounterFilingsCommand.Create(),
    PaymentsCommand.Create(),
    ReportCommand.Create(),
    ChaosCommand.Create(),
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors) Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine("Run 'efiling --help' for usage.");
    return ExitCodes.Usage;
}
return await parsed.InvokeAsync();
