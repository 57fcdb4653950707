namespace Katas.ConcurrentRequests;

// WRONG: awaits each fetch before starting the next, so three fetches of 100 ms take 300 ms.
public static class Requests
{
    public static async Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, CancellationToken cancellationToken = default)
    {
        var results = new List<FetchResult>();
        foreach (var url in urls)
            results.Add(await FetchOneAsync(fetcher, url, cancellationToken)); // one at a time
        return results;
    }

    public static async Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, int maxInFlight, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        // "At most N" is surely respected when there is only ever one...
        return await FetchAllAsync(fetcher, urls, cancellationToken);
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
