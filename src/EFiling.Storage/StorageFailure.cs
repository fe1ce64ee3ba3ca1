using Azure;

namespace EFiling.Storage;

/// <summary>Tells a failure of the storage service from a bug in our code.</summary>
public static class StorageFailure
{
    /// <summary>
    /// Storage answered with an error (<see cref="RequestFailedException"/>), or could not be reached at all: then the
    /// SDK's retry policy gives up with an <see cref="AggregateException"/> of its tries' failures, not a
    /// RequestFailedException: connection refused (wrapped, or a bare HttpRequestException), an answer cut off midway
    /// (HttpIOException, an IOException), a network timeout (cancelled with a TimeoutException inside).
    /// </summary>
    public static bool IsStorageFailure(this Exception e) => e switch
    {
        RequestFailedException => true,
        AggregateException all => all.InnerExceptions.Count > 0 && all.InnerExceptions.All(inner =>
            inner is RequestFailedException or HttpRequestException or IOException
            || (inner is OperationCanceledException && inner.InnerException is TimeoutException)),
        _ => false,
    };
}
