namespace Katas.Blocking;

/// <summary>WRONG: await Task.Run(() => Thread.Sleep(latency)): blocks a pool thread instead.</summary>
public sealed class PageClient(TimeProvider timeProvider)
{
    public async Task<string> FetchAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        // Mistake: Thread.Sleep moved to the thread pool. The caller awaits, but a pool thread is blocked for every
        // fetch, and the wait still does not happen on the client's clock.
        await Task.Run(() => Thread.Sleep(latency), cancellationToken);
        return $"<h1>{page}</h1>";
    }

    public async Task<int> FetchLengthAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        var html = await FetchAsync(page, latency, cancellationToken);
        return html.Length;
    }
}
