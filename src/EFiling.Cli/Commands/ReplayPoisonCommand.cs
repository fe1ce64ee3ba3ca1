using System.CommandLine;
using EFiling.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EFiling.Cli.Commands;

/// <summary>
/// `efiling replay-poison`: after a fix, moves every message of filings-received-poison back to filings-received.
/// Each is sent before it is deleted, so a crash in between at worst delivers one twice (reconciliation is idempotent).
/// Failed filings are reconciled again when their message comes back.
/// </summary>
public static class ReplayPoisonCommand
{
    public static Command Create()
    {
        var connection = new Option<string?>("--connection") { Description = "Storage connection string (default: $AzureWebJobsStorage, else Azurite's dev account)." };
        var command = new Command("replay-poison", "Move the messages of the poison queue back to filings-received (after a fix).") { connection };
        command.SetAction(async (parse, ct) =>
        {
            using var host = CliStorage.Host(parse.GetValue(connection));
            var queue = host.Services.GetRequiredService<FilingQueue>();
            var names = host.Services.GetRequiredService<StorageNames>();
            if (!await queue.Poison.ExistsAsync(ct))
            {
                Console.WriteLine("replayed 0 message(s): there is no poison queue");
                return ExitCodes.Ok;
            }
            var moved = 0;
            while (true)
            {
                var batch = (await queue.Poison.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), ct)).Value;
                if (batch.Length == 0) break;
                foreach (var message in batch)
                {
                    await queue.Received.SendMessageAsync(message.MessageText, ct);
                    await queue.Poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                    moved++;
                }
            }
            Console.WriteLine($"replayed {moved} message(s) from {names.Queues.FilingsReceivedPoison} to {names.Queues.FilingsReceived}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
