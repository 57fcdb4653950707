namespace Katas.Blocking;

/// <summary>
/// A client of a slow web server. The server is simulated: it answers a request for a page with the page's HTML,
/// after the latency the caller gives.
/// </summary>
/// <param name="timeProvider">The clock the server's latency passes on.</param>
public sealed class PageClient(TimeProvider timeProvider)
{
    /// <summary>Fetches <paramref name="page"/>: the server answers after <paramref name="latency"/>.</summary>
    /// <param name="page">The page's name.</param>
    /// <param name="latency">How long the server takes to answer, on the client's clock.</param>
    /// <param name="cancellationToken">
    /// Gives up on the request: the fetch ends at once with an <see cref="OperationCanceledException"/>, and its wait
    /// for the server stops.
    /// </param>
    /// <returns>The page's HTML: <c>&lt;h1&gt;page&lt;/h1&gt;</c>.</returns>
    public async Task<string> FetchAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        // Not Thread.Sleep: that holds the thread for the whole wait, and on a single-threaded context (an event
        // loop, a UI thread) nothing else runs meanwhile. `await Task.Delay` gives the thread back until the timer
        // fires: tokio's `sleep(..).await` instead of `std::thread::sleep`. On the injected clock, and cancellable.
        await Task.Delay(latency, timeProvider, cancellationToken);
        return $"<h1>{page}</h1>";
    }

    /// <summary>Fetches <paramref name="page"/> and measures it.</summary>
    /// <param name="page">The page's name.</param>
    /// <param name="latency">How long the server takes to answer, on the client's clock.</param>
    /// <param name="cancellationToken">
    /// Gives up on the request: the fetch ends at once with an <see cref="OperationCanceledException"/>, and its wait
    /// for the server stops.
    /// </param>
    /// <returns>The length of the page's HTML, in characters.</returns>
    public async Task<int> FetchLengthAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        // Not .Result: it blocks the thread until the fetch is done, and the fetch's continuation needs that very
        // thread on a single-threaded context: a deadlock. It would also wrap a failure in an AggregateException.
        // `await` gives the thread back, and rethrows the fetch's own exception.
        var html = await FetchAsync(page, latency, cancellationToken);
        return html.Length;
    }
}
