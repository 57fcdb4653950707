namespace Katas.ConcurrentRequests;

// WRONG: fetches the URLs in groups of maxInFlight and waits for the whole group before starting the next.
// A slot freed early stays idle until the slowest fetch of its group is done.
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
        var results = new List<FetchResult>();
        foreach (var group in urls.Chunk(maxInFlight))
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.AddRange(await Task.WhenAll(group.Select(url => FetchOneAsync(fetcher, url, cancellationToken))));
        }
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
