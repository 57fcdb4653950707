namespace Katas.Blocking;

/// <summary>WRONG: ConfigureAwait(false) inside, .Result outside: the caller's thread still blocks.</summary>
public sealed class PageClient(TimeProvider timeProvider)
{
    public async Task<string> FetchAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        // The myth: ConfigureAwait(false) "fixes" .Result. It avoids the deadlock, but .Result still blocks the caller's
        // thread for the whole latency.
        await Task.Delay(latency, timeProvider, cancellationToken).ConfigureAwait(false);
        return $"<h1>{page}</h1>";
    }

    public async Task<int> FetchLengthAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        var html = FetchAsync(page, latency, cancellationToken).Result;
        return html.Length;
    }
}
