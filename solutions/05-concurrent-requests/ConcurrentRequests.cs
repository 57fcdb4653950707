namespace Katas.ConcurrentRequests;

/// <summary>
/// Fetches many URLs at once, like the tutorial's <c>join_all</c> over a list of URLs, and with a cap on
/// how many requests are in flight at the same time.
/// </summary>
public static class Requests
{
    /// <summary>
    /// Fetches every URL at the same time (no limit) and returns one result per URL, in the order of
    /// <paramref name="urls"/>. A fetch that fails becomes a failed <see cref="FetchResult"/>; it does not
    /// lose the others.
    /// </summary>
    /// <param name="fetcher">Fetches one URL.</param>
    /// <param name="urls">The URLs to fetch.</param>
    /// <param name="cancellationToken">Passed to every fetch.</param>
    /// <returns>One result per URL, in the order of <paramref name="urls"/>.</returns>
    public static async Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, CancellationToken cancellationToken = default)
    {
        // join_all: Select starts every fetch right now (a Task is already running when you get it), and
        // WhenAll waits for them together. Its array follows the order of the tasks, not of completion.
        return await Task.WhenAll(urls.Select(url => FetchOneAsync(fetcher, url, cancellationToken)));
    }

    /// <summary>
    /// Fetches every URL with at most <paramref name="maxInFlight"/> fetches in flight at any moment: a
    /// new fetch starts as soon as one finishes. Results come back in the order of <paramref name="urls"/>;
    /// a failed fetch becomes a failed <see cref="FetchResult"/> and frees its place like any other.
    /// </summary>
    /// <param name="fetcher">Fetches one URL.</param>
    /// <param name="urls">The URLs to fetch.</param>
    /// <param name="maxInFlight">The most fetches that may run at once; at least 1.</param>
    /// <param name="cancellationToken">
    /// Cancels the fetches in flight and starts no new one; the returned task then ends cancelled.
    /// </param>
    /// <returns>One result per URL, in the order of <paramref name="urls"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxInFlight"/> is less than 1.</exception>
    public static async Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, int maxInFlight, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);

        // maxInFlight slots. Every fetch is started as a task at once, but first awaits a free slot.
        using var slots = new SemaphoreSlim(maxInFlight, maxInFlight);
        return await Task.WhenAll(urls.Select(async url =>
        {
            // Waiting for a slot is an await, not a blocked thread; with the token, a cancelled batch
            // stops here and never starts this fetch. Outside the try: a cancelled wait took no slot.
            await slots.WaitAsync(cancellationToken);
            try
            {
                // The cancellation itself frees slots (the fetches in flight end), and a freed slot can reach
                // a waiter before the same cancellation reaches its wait: look again before starting.
                cancellationToken.ThrowIfCancellationRequested();
                return await FetchOneAsync(fetcher, url, cancellationToken);
            }
            finally
            {
                // However the fetch ended, the next URL gets its turn now.
                slots.Release();
            }
        }));
    }

    /// <summary>One fetch, its failure captured as a result so that it cannot fail the whole batch.</summary>
    private static async Task<FetchResult> FetchOneAsync(IFetcher fetcher, string url, CancellationToken cancellationToken)
    {
        try
        {
            return FetchResult.Success(url, await fetcher.FetchAsync(url, cancellationToken));
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Any failure of this URL, even a fetch's own timeout (a TaskCanceledException from HttpClient).
            // Only the caller's cancellation is let through: it cancels the whole batch.
            return FetchResult.Failure(url, error);
        }
    }
}
