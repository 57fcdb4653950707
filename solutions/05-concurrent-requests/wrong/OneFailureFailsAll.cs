namespace Katas.ConcurrentRequests;

// WRONG: no per-URL catch: the first failing fetch makes Task.WhenAll throw, and every other result is lost.
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
        return await Task.WhenAll(urls.Select(async url =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                return FetchResult.Success(url, await fetcher.FetchAsync(url, cancellationToken));
            }
            finally
            {
                slots.Release();
            }
        }));
    }
}
