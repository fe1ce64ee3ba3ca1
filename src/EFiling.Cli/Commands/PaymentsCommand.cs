using System.CommandLine;
using EFiling.Cli.Statistics;

namespace EFiling.Cli.Commands;

/// <summary>`efiling payments import FILE… --url URL`: tax payments (CSV, or payment notice XML files), through the API.</summary>
public static class PaymentsCommand
{
    public static Command Create() => ChannelUpload.Import("payments",
        "Send tax payments (CSV: reference,mst,amount,paidOn,channel,office[,officeName]; or payment notice .xml files) to POST /api/payments.",
        "api/payments");
}
