using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using EFiling.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace EFiling.Functions.Tests.Infrastructure;

/// <summary>
/// The function app built by the very code Program.cs runs (FunctionsApp.Build), but inside the test process, on a
/// free port, so a test can read its telemetry: every span and log record goes to an in-memory list as well as wherever
/// the app sends it, and every log line to <see cref="Output"/>. Tests still talk to it over real HTTP, and it uses real
/// storage. <c>map</c> may add endpoints (e.g. one that throws, for an injected 500); <c>crashAt</c> switches crash
/// points on (<see cref="CrashPoints"/>), which only a test can do.
/// </summary>
public sealed class InProcessApp : ITestApp
{
    private readonly WebApplication _app;
    private readonly OutputCapture _output;

    private InProcessApp(WebApplication app, Uri baseAddress, SpanCapture spans, LogCapture logs, OutputCapture output)
    {
        _app = app;
        _output = output;
        Spans = spans;
        Logs = logs;
        BaseAddress = baseAddress;
        // Like a vendor's client: the test's requests carry no traceparent of their own. (The app's HttpClient tracing
        // hears this process's requests as well and writes its traceparent into them anyway: a test that sends its own
        // traceparent uses SendRawAsync.)
        var handler = new SocketsHttpHandler { ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator() };
        Client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Client { get; }
    public Uri BaseAddress { get; }

    /// <summary>A GET written on a plain socket, headers exactly as given: nothing in this process can add to them.</summary>
    public async Task<(int Status, Dictionary<string, string> Headers, string Body)> SendRawAsync(string path, params (string Name, string Value)[] headers)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(BaseAddress.Host, BaseAddress.Port);
        await using var stream = tcp.GetStream();
        var request = $"GET {path} HTTP/1.1\r\nHost: {BaseAddress.Authority}\r\nConnection: close\r\n"
            + string.Concat(headers.Select(h => $"{h.Name}: {h.Value}\r\n")) + "\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request));
        var text = await new StreamReader(stream).ReadToEndAsync();
        var head = text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Split("\r\n");
        var fields = head.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return (int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), fields, text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }
    public SpanCapture Spans { get; }
    public LogCapture Logs { get; }

    public string Output => _output.Text;

    public string OutputTail(int lines = 60) => _output.Tail(lines);

    public static async Task<InProcessApp> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<WebApplication>? map = null,
        params string[] crashAt)
    {
        var port = FreePort.Next();
        var args = settings.Where(s => s.Value is not null).Select(s => $"--{s.Key.Replace("__", ":")}={s.Value}")
            .Append($"--urls=http://127.0.0.1:{port}")
            // Its own folder as content root, as for the process: the app's appsettings.json (log levels) applies.
            .Append($"--contentRoot={Path.GetDirectoryName(Repo.AppDll)}").ToArray();
        var spans = new SpanCapture();
        var logs = new LogCapture();
        var output = new OutputCapture();
        var app = FunctionsApp.Build(args, builder =>
        {
            builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(spans));
            builder.Services.ConfigureOpenTelemetryLoggerProvider(l => l.AddProcessor(logs));
            builder.Logging.AddProvider(output);
            if (crashAt.Length > 0) builder.Services.AddSingleton<FaultInjection>(new CrashPoints(crashAt));
        });
        map?.Invoke(app);
        await app.StartAsync();
        var started = new InProcessApp(app, new Uri($"http://127.0.0.1:{port}"), spans, logs, output);
        try
        {
            await started.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
        return started;
    }

    /// <summary>Ready as the process is when <see cref="AppProcess"/> hands it over: /api/health answers 200.</summary>
    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var response = await Client.GetAsync("/api/health");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The app did not become healthy in {timeout}:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>Every log line of the app, its exception included, as the console shows them for a process.</summary>
    private sealed class OutputCapture : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public string Text => string.Join(Environment.NewLine, _lines);

        public string Tail(int lines)
        {
            var all = _lines.ToArray();
            return string.Join(Environment.NewLine, all.Skip(Math.Max(0, all.Length - lines)));
        }

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lines.Enqueue($"{logLevel}: {category}[{eventId.Id}] {formatter(state, exception)}");
                if (exception is not null) lines.Enqueue(exception.ToString());
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Every span that ended, as the exporter would get it.</summary>
    public sealed class SpanCapture : BaseProcessor<Activity>
    {
        private readonly ConcurrentQueue<Activity> _ended = new();

        public override void OnEnd(Activity data) => _ended.Enqueue(data);

        public IReadOnlyList<Activity> InTrace(string traceId) => _ended.Where(a => a.TraceId.ToHexString() == traceId).ToList();

        /// <summary>Waits (bounded) until a span of the trace matches: a request's server span ends after its answer is sent.</summary>
        public async Task<IReadOnlyList<Activity>> WaitAsync(string traceId, Func<Activity, bool> match, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!InTrace(traceId).Any(match))
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"No such span in trace {traceId}; spans: {string.Join(", ", InTrace(traceId).Select(a => $"{a.Source.Name}/{a.DisplayName}"))}");
                await Task.Delay(50);
            }
            return InTrace(traceId);
        }
    }

    /// <summary>A log record as exported: its trace id, category, message and scope values.</summary>
    public sealed record LogLine(string TraceId, string Category, string Message, IReadOnlyDictionary<string, object?> Scope);

    public sealed class LogCapture : BaseProcessor<LogRecord>
    {
        private readonly ConcurrentQueue<LogLine> _lines = new();

        public override void OnEnd(LogRecord data)
        {
            var scope = new Dictionary<string, object?>();
            data.ForEachScope((s, state) =>
            {
                foreach (var (key, value) in s) state[key] = value;
            }, scope);
            _lines.Enqueue(new LogLine(data.TraceId == default ? "" : data.TraceId.ToHexString(), data.CategoryName ?? "",
                data.FormattedMessage ?? data.Body ?? "", scope));
        }

        public IReadOnlyList<LogLine> InTrace(string traceId) => _lines.Where(l => l.TraceId == traceId).ToList();

        public async Task<IReadOnlyList<LogLine>> WaitAsync(string traceId, Func<LogLine, bool> match, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!InTrace(traceId).Any(match))
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"No such log line in trace {traceId}; lines: {string.Join(" | ", InTrace(traceId).Select(l => $"{l.Category}: {l.Message}"))}");
                await Task.Delay(50);
            }
            return InTrace(traceId);
        }
    }
}
