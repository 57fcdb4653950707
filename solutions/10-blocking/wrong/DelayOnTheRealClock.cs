namespace Katas.Blocking;

/// <summary>WRONG: Task.Delay without the TimeProvider: a real-time wait.</summary>
public sealed class PageClient(TimeProvider timeProvider)
{
    public async Task<string> FetchAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        // Mistake: Task.Delay without the TimeProvider waits on the real clock.
        await Task.Delay(latency, cancellationToken);
        return $"<h1>{page}</h1>";
    }

    public async Task<int> FetchLengthAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        var html = await FetchAsync(page, latency, cancellationToken);
        return html.Length;
    }
}
