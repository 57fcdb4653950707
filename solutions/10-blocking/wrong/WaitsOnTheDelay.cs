namespace Katas.Blocking;

/// <summary>WRONG: Task.Delay(...).Wait(): a blocking wait on the right delay.</summary>
public sealed class PageClient(TimeProvider timeProvider)
{
    public async Task<string> FetchAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        // Mistake: the right delay, waited on with .Wait(): the thread is blocked all the same.
        Task.Delay(latency, timeProvider, cancellationToken).Wait(cancellationToken);
        return $"<h1>{page}</h1>";
    }

    public async Task<int> FetchLengthAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        var html = await FetchAsync(page, latency, cancellationToken);
        return html.Length;
    }
}
