namespace Katas.Blocking;

/// <summary>
/// A client of a slow web server. The server is simulated: it answers a request for a page with the page's HTML,
/// after the latency the caller gives.
/// </summary>
/// <remarks>
/// This code works: in a console app, one call at a time, it returns the right answers. It also has the
/// tutorial's first mistake in it, twice: it blocks the thread it runs on instead of awaiting. Run the tests,
/// read the failures (and the warnings your editor underlines), then make it asynchronous. Keep the methods'
/// signatures and results as they are.
/// </remarks>
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
        // TODO: fix the bug. The server takes `latency` to answer, and this thread sits and waits for it: nothing
        //       else can run on it meanwhile. Wait without blocking, on the client's clock, and let the token stop it.
        Thread.Sleep(latency);
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
        // TODO: fix the bug. .Result blocks this thread until the fetch is done; on a single-threaded context the
        //       fetch needs this very thread to finish, and waits for it forever.
        var html = FetchAsync(page, latency, cancellationToken).Result;
        return html.Length;
    }
}
