using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace EFiling.Signing.Tests.Support;

/// <summary>A tiny HTTP server on 127.0.0.1 that serves CRLs by path and counts every request it gets.</summary>
public sealed class CrlServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, byte[]> _files = new();
    private readonly ConcurrentDictionary<string, int> _requests = new();
    private readonly Task _loop;

    public CrlServer()
    {
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    public void Publish(string path, byte[] crl) => _files[path] = crl;

    /// <summary>Requests for <paramref name="path"/> so far (answered or not).</summary>
    public int RequestsFor(string path) => _requests.GetValueOrDefault(path);

    public int TotalRequests => _requests.Values.Sum();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = context.Request.Url!.AbsolutePath.TrimStart('/');
            _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
            if (_files.TryGetValue(path, out var bytes))
            {
                context.Response.ContentType = "application/pkix-crl";
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
            }
            else
            {
                context.Response.StatusCode = 404;
            }

            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}

public static class FreePort
{
    /// <summary>A port nothing listens on right now (the OS picks it; we release it for the caller).</summary>
    public static int Next()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}

/// <summary>
/// A loopback port that refuses every connection for as long as this lives: bound, never listening. A port that is
/// merely free when chosen can be taken by another test's listener a moment later.
/// </summary>
public sealed class DeadPort : IDisposable
{
    private readonly Socket _socket;

    private DeadPort(Socket socket) => _socket = socket;

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public static DeadPort Hold()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return new DeadPort(socket);
    }

    public void Dispose() => _socket.Dispose();
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
