using Azure;

namespace EFiling.Storage;

/// <summary>Tells a failure of the storage service from a bug in our code.</summary>
public static class StorageFailure
{
    /// <summary>
    /// Storage answered with an error (<see cref="RequestFailedException"/>), or could not be reached at all: then the
    /// SDK's retry policy gives up with an <see cref="AggregateException"/> of its tries' failures (connection refused
    /// or reset, network timeouts), not a RequestFailedException.
    /// </summary>
    public static bool IsStorageFailure(this Exception e) => e switch
    {
        RequestFailedException => true,
        AggregateException all => all.InnerExceptions.Count > 0 && all.InnerExceptions.All(inner =>
            inner is RequestFailedException || (inner is OperationCanceledException && inner.InnerException is TimeoutException)),
        _ => false,
    };
}
