namespace Katas.Blocking;

/// <summary>WRONG: FetchLengthAsync calls FetchAsync without the token: a cancelled length fetch waits for the server.</summary>
public sealed class PageClient(TimeProvider timeProvider)
{
    public async Task<string> FetchAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        await Task.Delay(latency, timeProvider, cancellationToken);
        return $"<h1>{page}</h1>";
    }

    public async Task<int> FetchLengthAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        var html = await FetchAsync(page, latency);
        return html.Length;
    }
}
