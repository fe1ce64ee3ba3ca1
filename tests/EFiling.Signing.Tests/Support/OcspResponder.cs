using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace EFiling.Signing.Tests.Support;

/// <summary>One line of the responder's index: what it will say about the certificate with this serial number.</summary>
public sealed record OcspEntry(string SerialHex, DateTimeOffset NotAfter, string CommonName, DateTimeOffset? RevokedAt);

/// <summary>
/// <c>openssl ocsp</c> as a responder on loopback, answering for one CA from an index.txt in openssl's CA format,
/// signed by a delegated responder certificate. Started by the fixture, killed in Dispose.
/// </summary>
/// <remarks>
/// openssl binds a port of its own choosing (<c>-port 0</c>) and the port is read from its ACCEPT line, so no port is
/// ever chosen, released and bound later: in that gap another test's listener (a never-answering tripwire) can take
/// it, and every OCSP request then times out (CI failed so once). The index is written from serial numbers the
/// fixture plans before it issues the certificates, which need the responder's URL.
/// </remarks>
public sealed partial class OcspResponder : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public OcspResponder(X509Certificate2 ca, X509Certificate2 responder, IEnumerable<OcspEntry> entries)
    {
        _folder = Directory.CreateTempSubdirectory("efiling-ocsp-").FullName;
        var index = new StringBuilder();
        foreach (var entry in entries)
        {
            // status, expiry, revocation date, serial (hex), file name, subject — tab-separated (openssl ca's index.txt)
            var revoked = entry.RevokedAt is { } r ? Time(r) + ",keyCompromise" : "";
            index.Append(entry.RevokedAt is null ? 'V' : 'R').Append('\t').Append(Time(entry.NotAfter)).Append('\t').Append(revoked).Append('\t')
                .Append(entry.SerialHex).Append("\tunknown\t/CN=").Append(entry.CommonName).Append('\n');
        }

        File.WriteAllText(Path.Combine(_folder, "index.txt"), index.ToString());
        File.WriteAllText(Path.Combine(_folder, "ca.pem"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_folder, "responder.pem"), responder.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_folder, "responder.key"), responder.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());

        var start = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = _folder,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // -timeout: a connection that never sends its request is dropped after 5 s instead of holding the
        // one-connection-at-a-time responder for good.
        foreach (var argument in new[]
                 {
                     "ocsp", "-index", "index.txt", "-port", "0", "-timeout", "5", "-rsigner", "responder.pem", "-rkey", "responder.key",
                     "-CA", "ca.pem", "-nmin", "60", "-ignore_err",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("openssl could not be started");
        _process.OutputDataReceived += (_, e) => Listened(e.Data);
        _process.ErrorDataReceived += (_, e) => Listened(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Port = WaitUntilListening();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/";

    /// <summary>What openssl printed so far: for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log) return $"openssl ocsp on {Port} (exited: {_process.HasExited}) printed:\n{_log}";
        }
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture) + "Z";

    // "ACCEPT [::]:PORT PID=…" (or 0.0.0.0:PORT without IPv6) is printed once the socket listens.
    [GeneratedRegex(@"^ACCEPT .*:(\d+)\b")]
    private static partial Regex AcceptLine();

    private void Listened(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
        if (AcceptLine().Match(line) is { Success: true } m) _listening.TrySetResult(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    // Not a TCP probe: openssl ocsp serves one connection at a time and a probe that sends nothing holds it.
    private int WaitUntilListening()
    {
        var exited = _process.WaitForExitAsync();
        var first = Task.WhenAny(_listening.Task, exited).Wait(TimeSpan.FromSeconds(30));
        if (_listening.Task.IsCompletedSuccessfully) return _listening.Task.Result;
        if (exited.IsCompleted)
        {
            throw new InvalidOperationException($"openssl ocsp exited with {_process.ExitCode}: {Log}");
        }

        throw new TimeoutException($"openssl ocsp did not say where it listens (waited: {first}): {Log}");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        finally
        {
            _process.Dispose();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
