namespace Katas.ConcurrentRequests;

// WRONG: catches every exception, the caller's cancellation too, so a cancelled batch "succeeds" with a
// list of failed results instead of ending cancelled.
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
                    return FetchResult.Success(url, await fetcher.FetchAsync(url, cancellationToken));
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
