namespace Katas.Blocking;

/// <summary>WRONG: wraps the fetch in Task.Run(...).Result: the caller is still blocked.</summary>
public sealed class PageClient(TimeProvider timeProvider)
{
    public async Task<string> FetchAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        await Task.Delay(latency, timeProvider, cancellationToken);
        return $"<h1>{page}</h1>";
    }

    public async Task<int> FetchLengthAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        // Mistake: moving the fetch to the thread pool does not help: .Result still blocks this thread until it is done.
        var html = Task.Run(() => FetchAsync(page, latency, cancellationToken), cancellationToken).Result;
        return html.Length;
    }
}
