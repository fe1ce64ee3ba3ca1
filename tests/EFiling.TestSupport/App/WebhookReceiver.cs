using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace EFiling.Functions.Tests.Infrastructure;

/// <summary>A vendor's webhook endpoint: a real listener on 127.0.0.1 that records what it is sent and answers 200.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Delivery(string? EventId, string? Signature, byte[] Body, JsonNode Json);

    private readonly WebApplication _app;
    private readonly SemaphoreSlim _arrived = new(0);
    public ConcurrentQueue<Delivery> Received { get; } = new();
    public string Url { get; }

    private WebhookReceiver(int port)
    {
        Url = $"http://127.0.0.1:{port}/hook";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            Received.Enqueue(new Delivery(request.Headers["X-EFiling-Event-Id"], request.Headers["X-EFiling-Signature"], body, JsonNode.Parse(body)!));
            _arrived.Release();
            return Results.Ok();
        });
    }

    public static async Task<WebhookReceiver> StartAsync(int port)
    {
        var receiver = new WebhookReceiver(port);
        await receiver._app.StartAsync();
        return receiver;
    }

    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Received.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"Only {Received.Count} of {count} deliveries arrived.");
            await _arrived.WaitAsync(left);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
