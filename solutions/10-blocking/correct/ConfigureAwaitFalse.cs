namespace Katas.Blocking;

// CORRECT: awaits with ConfigureAwait(false) throughout, so the continuations run on the thread pool, not on the caller's context.
public sealed class PageClient(TimeProvider timeProvider)
{
    public async Task<string> FetchAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        await Task.Delay(latency, timeProvider, cancellationToken).ConfigureAwait(false);
        return $"<h1>{page}</h1>";
    }

    public async Task<int> FetchLengthAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        var html = await FetchAsync(page, latency, cancellationToken).ConfigureAwait(false);
        return html.Length;
    }
}
