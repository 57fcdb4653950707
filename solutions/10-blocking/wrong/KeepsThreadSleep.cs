namespace Katas.Blocking;

/// <summary>WRONG: fixes .Result, keeps Thread.Sleep in FetchAsync.</summary>
public sealed class PageClient(TimeProvider timeProvider)
{
    public async Task<string> FetchAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        // Mistake kept: the thread sleeps through the whole latency; nothing else runs on it.
        Thread.Sleep(latency);
        return $"<h1>{page}</h1>";
    }

    public async Task<int> FetchLengthAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        var html = await FetchAsync(page, latency, cancellationToken);
        return html.Length;
    }
}
