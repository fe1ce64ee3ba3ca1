using System.Net;
using System.Net.Sockets;

namespace EFiling.Signing.Tests.Support;

/// <summary>A local TCP port that is never served: any attempt to fetch from <see cref="Url"/> completes a
/// TCP handshake and shows up as a pending connection, proving a fetch was tried.</summary>
public sealed class Tripwire : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public Tripwire()
    {
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/declaration.xml";
    }

    public string Url { get; }

    public bool WasContacted => _listener.Pending();

    public void Dispose() => _listener.Stop();
}
