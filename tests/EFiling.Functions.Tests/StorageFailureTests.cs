using Azure;
using EFiling.Storage;

namespace EFiling.Functions.Tests;

/// <summary>Which exceptions mean "storage failed" (SubmitFiling answers 503, send again) rather than a bug (500).
/// The shapes are those the chaos run (scripts/chaos.sh) saw when Azurite was killed.</summary>
public sealed class StorageFailureTests
{
    private static AggregateException RetriesFailed(params Exception[] tries) => new("Retry failed after 3 tries.", tries);

    [Fact]
    public void The_SDKs_given_up_retries_over_refused_reset_or_cut_off_connections_are_storage_failures()
    {
        Assert.True(new RequestFailedException(503, "Server busy").IsStorageFailure());
        Assert.True(RetriesFailed(new RequestFailedException("Connection refused"), new RequestFailedException("Connection refused")).IsStorageFailure());
        // Killed mid-answer: the body ended early (HttpIOException), next try refused.
        Assert.True(RetriesFailed(new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely."),
            new HttpRequestException("Connection refused")).IsStorageFailure());
        Assert.True(RetriesFailed(new TaskCanceledException("timeout", new TimeoutException())).IsStorageFailure());
    }

    [Fact]
    public void Other_failures_are_not()
    {
        Assert.False(new InvalidOperationException("Document exists but carries no filing metadata.").IsStorageFailure());
        Assert.False(RetriesFailed(new RequestFailedException("refused"), new NullReferenceException()).IsStorageFailure());
        Assert.False(RetriesFailed().IsStorageFailure());
        Assert.False(new OperationCanceledException().IsStorageFailure());
    }
}
