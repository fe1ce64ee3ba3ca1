namespace EFiling.Functions.Tests.Infrastructure;

/// <summary>A running function app a test talks to over HTTP: a real process (<see cref="AppProcess"/>) or the same
/// app inside the test process (<see cref="InProcessApp"/>).</summary>
public interface ITestApp : IAsyncDisposable
{
    Uri BaseAddress { get; }
    HttpClient Client { get; }

    /// <summary>What the app logged so far (for assertions and failure messages).</summary>
    string Output { get; }

    /// <summary>The last <paramref name="lines"/> lines the app logged: enough to say why a wait timed out.</summary>
    string OutputTail(int lines = 60);
}
