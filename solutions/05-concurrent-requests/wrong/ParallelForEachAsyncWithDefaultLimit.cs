namespace Katas.ConcurrentRequests;

// WRONG: the overload without a limit uses Parallel.ForEachAsync without ParallelOptions, whose default limit is
// Environment.ProcessorCount: on an 8-core machine only 8 URLs are fetched at once, not every URL.
public static class Requests
{
    public static Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, CancellationToken cancellationToken = default) =>
        FetchIndexedAsync(fetcher, [.. urls], new ParallelOptions { CancellationToken = cancellationToken });

    public static Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, int maxInFlight, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        return FetchIndexedAsync(fetcher, [.. urls],
            new ParallelOptions { MaxDegreeOfParallelism = maxInFlight, CancellationToken = cancellationToken });
    }

    private static async Task<IReadOnlyList<FetchResult>> FetchIndexedAsync(IFetcher fetcher, string[] urls, ParallelOptions options)
    {
        var results = new FetchResult[urls.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, urls.Length), options, async (i, token) =>
        {
            try
            {
                results[i] = FetchResult.Success(urls[i], await fetcher.FetchAsync(urls[i], token));
            }
            catch (Exception error) when (error is not OperationCanceledException || !token.IsCancellationRequested)
            {
                results[i] = FetchResult.Failure(urls[i], error);
            }
        });
        return results;
    }
}
