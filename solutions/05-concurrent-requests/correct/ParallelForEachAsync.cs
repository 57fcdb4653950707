namespace Katas.ConcurrentRequests;

// CORRECT: Parallel.ForEachAsync with MaxDegreeOfParallelism = maxInFlight (it takes the URLs in order), each
// result written to its own index; the caller's cancellation ends it cancelled. Without a limit, Task.WhenAll.
public static class Requests
{
    public static async Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, CancellationToken cancellationToken = default) =>
        await Task.WhenAll(urls.Select(url => FetchOneAsync(fetcher, url, cancellationToken)));

    public static async Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, int maxInFlight, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        string[] list = [.. urls];
        var results = new FetchResult[list.Length];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxInFlight, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, list.Length), options, async (i, token) =>
            results[i] = await FetchOneAsync(fetcher, list[i], cancellationToken));
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
