namespace Katas.ConcurrentRequests;

// WRONG: `using var slots` in a method that returns Task.WhenAll(...) without awaiting it: the semaphore is
// disposed as soon as the method returns, while the fetches still need it, and Release throws ObjectDisposedException.
public static class Requests
{
    public static async Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, CancellationToken cancellationToken = default) =>
        await Task.WhenAll(urls.Select(url => FetchOneAsync(fetcher, url, cancellationToken)));

    public static Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, int maxInFlight, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        using var slots = new SemaphoreSlim(maxInFlight, maxInFlight);
        return WhenAllAsList(urls.Select(async url =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                return await FetchOneAsync(fetcher, url, cancellationToken);
            }
            finally
            {
                slots.Release();
            }
        }));
    }

    private static async Task<IReadOnlyList<FetchResult>> WhenAllAsList(IEnumerable<Task<FetchResult>> tasks) =>
        await Task.WhenAll(tasks);

    private static async Task<FetchResult> FetchOneAsync(IFetcher fetcher, string url, CancellationToken cancellationToken)
    {
        try
        {
            return FetchResult.Success(url, await fetcher.FetchAsync(url, cancellationToken));
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return FetchResult.Failure(url, error);
        }
    }
}
