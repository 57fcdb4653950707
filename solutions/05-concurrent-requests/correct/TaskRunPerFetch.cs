namespace Katas.ConcurrentRequests;

// CORRECT: takes the slots in the order of the URLs on the caller, and runs each fetch on the thread pool with
// Task.Run; the fetch gives its slot back in a finally, from whichever thread it ends on.
public static class Requests
{
    public static async Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, CancellationToken cancellationToken = default) =>
        await Task.WhenAll(urls.Select(url => Task.Run(() => FetchOneAsync(fetcher, url, cancellationToken))));

    public static async Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, int maxInFlight, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        using var slots = new SemaphoreSlim(maxInFlight, maxInFlight);
        var fetches = new List<Task<FetchResult>>();
        try
        {
            foreach (var url in urls)
            {
                await slots.WaitAsync(cancellationToken);
                if (cancellationToken.IsCancellationRequested)
                {
                    // The slot came from a fetch that the same cancellation ended: start nothing new.
                    slots.Release();
                    cancellationToken.ThrowIfCancellationRequested();
                }
                fetches.Add(Task.Run(async () =>
                {
                    try
                    {
                        return await FetchOneAsync(fetcher, url, cancellationToken);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }));
            }
        }
        catch (OperationCanceledException)
        {
            // Cancelled while waiting for a slot: the fetches in flight see the same token; wait for them so
            // that nothing still uses the slots once this method has left.
            await ((Task)Task.WhenAll(fetches)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
        return await Task.WhenAll(fetches);
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
