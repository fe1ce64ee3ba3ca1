using System.CommandLine;
using EFiling.Cli.Statistics;

namespace EFiling.Cli.Commands;

/// <summary>`efiling counter-filings import FILE… --url URL`: paper declarations registered at the counter, through the API.</summary>
public static class CounterFilingsCommand
{
    public static Command Create() => ChannelUpload.Import("counter-filings",
        "Send paper declarations registered at the counter (CSV: reference,mst,form,office,officeName,receivedOn[,kind]) to POST /api/counter-filings.",
        "api/counter-filings");
}
