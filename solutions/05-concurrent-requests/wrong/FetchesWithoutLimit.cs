namespace Katas.ConcurrentRequests;

// WRONG: the limit is checked, then ignored: all ten fetches start at once.
public static class Requests
{
    public static async Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, CancellationToken cancellationToken = default)
    {
        return await Task.WhenAll(urls.Select(url => FetchOneAsync(fetcher, url, cancellationToken)));
    }

    public static async Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, int maxInFlight, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        cancellationToken.ThrowIfCancellationRequested();
        return await FetchAllAsync(fetcher, urls, cancellationToken); // no slots: everything in flight at once
    }

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
