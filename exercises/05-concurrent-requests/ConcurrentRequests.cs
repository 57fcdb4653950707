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
    public static Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, CancellationToken cancellationToken = default)
    {
        // TODO: start a fetch for every URL, then wait for all of them together. Turn each fetch's
        // exception into a failed FetchResult, and keep the results in the order of the URLs.
        throw new NotImplementedException(
            "Fetch every URL at once (start them all, then await them together) and return one FetchResult per URL, in input order.");
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
    public static Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, int maxInFlight, CancellationToken cancellationToken = default)
    {
        // TODO: like the method above, but let at most maxInFlight fetches run at once. Each fetch waits
        // for a free slot (without blocking the thread, and giving up when the token is cancelled), and
        // gives its slot back however it ends.
        throw new NotImplementedException(
            "Fetch every URL with at most maxInFlight fetches in flight at once; results in input order, failures as failed results.");
    }
}
