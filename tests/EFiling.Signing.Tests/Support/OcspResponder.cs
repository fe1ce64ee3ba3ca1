using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace EFiling.Signing.Tests.Support;

/// <summary>
/// <c>openssl ocsp</c> as a responder on 127.0.0.1, answering for one CA from an index.txt in openssl's CA format,
/// signed by a delegated responder certificate. Started by the fixture, killed in Dispose.
/// </summary>
public sealed class OcspResponder : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public OcspResponder(int port, X509Certificate2 ca, X509Certificate2 responder, IEnumerable<(X509Certificate2 Certificate, DateTimeOffset? RevokedAt)> entries)
    {
        _folder = Directory.CreateTempSubdirectory("efiling-ocsp-").FullName;
        Port = port;
        var index = new StringBuilder();
        foreach (var (certificate, revokedAt) in entries)
        {
            // status, expiry, revocation date, serial (hex), file name, subject — tab-separated (openssl ca's index.txt)
            var expiry = Time(certificate.NotAfter.ToUniversalTime());
            var revoked = revokedAt is { } r ? Time(r.UtcDateTime) + ",keyCompromise" : "";
            index.Append(revokedAt is null ? 'V' : 'R').Append('\t').Append(expiry).Append('\t').Append(revoked).Append('\t')
                .Append(certificate.SerialNumber).Append("\tunknown\t/CN=").Append(certificate.GetNameInfo(X509NameType.SimpleName, false)).Append('\n');
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
        foreach (var argument in new[]
                 {
                     "ocsp", "-index", "index.txt", "-port", Port.ToString(CultureInfo.InvariantCulture), "-rsigner", "responder.pem", "-rkey", "responder.key",
                     "-CA", "ca.pem", "-nmin", "60", "-ignore_err",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("openssl could not be started");
        _process.OutputDataReceived += (_, e) =>
        {
            // "ACCEPT [::]:PORT PID=…" is printed once the socket listens.
            if (e.Data?.StartsWith("ACCEPT", StringComparison.Ordinal) == true) _listening.TrySetResult();
        };
        _process.BeginOutputReadLine();
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr) _stderr.AppendLine(e.Data);
        };
        _process.BeginErrorReadLine();
        WaitUntilListening();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/";

    private static string Time(DateTime utc) => utc.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture) + "Z";

    // Not a TCP probe: openssl ocsp serves one connection at a time and a probe that sends nothing wedges it.
    private void WaitUntilListening()
    {
        var exited = _process.WaitForExitAsync();
        var first = Task.WhenAny(_listening.Task, exited).Wait(TimeSpan.FromSeconds(15));
        if (_listening.Task.IsCompleted) return;
        if (exited.IsCompleted)
        {
            lock (_stderr) throw new InvalidOperationException($"openssl ocsp exited with {_process.ExitCode}: {_stderr}");
        }

        throw new TimeoutException($"openssl ocsp did not listen on {Port} (waited: {first})");
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
