namespace Katas.ConcurrentRequests;

// WRONG: the token stops the waiting URLs but is not passed on to the fetches, so the fetches in flight
// run to their end after the batch was cancelled.
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
                try
                {
                    return FetchResult.Success(url, await fetcher.FetchAsync(url, CancellationToken.None));
                }
                catch (Exception error)
                {
                    return FetchResult.Failure(url, error);
                }
            }
            finally
            {
                slots.Release();
            }
        }));
    }
}
