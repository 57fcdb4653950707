namespace Katas.Blocking;

/// <summary>WRONG: fixes Thread.Sleep, keeps .Result in FetchLengthAsync.</summary>
public sealed class PageClient(TimeProvider timeProvider)
{
    public async Task<string> FetchAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        await Task.Delay(latency, timeProvider, cancellationToken);
        return $"<h1>{page}</h1>";
    }

    public async Task<int> FetchLengthAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        // Mistake kept: .Result blocks the loop thread, and the fetch needs that thread to finish: a deadlock.
        var html = FetchAsync(page, latency, cancellationToken).Result;
        return html.Length;
    }
}
