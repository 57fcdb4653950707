namespace Katas.ConcurrentRequests;

// WRONG: each fetch adds its result to a shared list when it finishes, so the list is in completion order.
public static class Requests
{
    public static Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, CancellationToken cancellationToken = default) =>
        FetchAllAsync(fetcher, urls, int.MaxValue, cancellationToken);

    public static async Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, int maxInFlight, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        using var slots = new SemaphoreSlim(maxInFlight, maxInFlight);
        var results = new List<FetchResult>();
        await Task.WhenAll(urls.Select(async url =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = await FetchOneAsync(fetcher, url, cancellationToken);
                lock (results) results.Add(result); // in the order they finish
            }
            finally
            {
                slots.Release();
            }
        }));
        return results;
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
