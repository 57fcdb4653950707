namespace Katas.ConcurrentRequests;

// WRONG: waits for a slot with the blocking Wait(). The thread stops until a slot is free, but the slot
// can only be freed by a fetch's continuation, which needs that very thread: a deadlock.
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
            slots.Wait(cancellationToken); // blocks the thread
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    return FetchResult.Success(url, await fetcher.FetchAsync(url, cancellationToken));
                }
                catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
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
