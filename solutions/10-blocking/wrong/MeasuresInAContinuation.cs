namespace Katas.Blocking;

/// <summary>WRONG: measures the page in a ContinueWith that reads t.Result: a cancelled fetch becomes an AggregateException.</summary>
public sealed class PageClient(TimeProvider timeProvider)
{
    public async Task<string> FetchAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        await Task.Delay(latency, timeProvider, cancellationToken);
        return $"<h1>{page}</h1>";
    }

    public async Task<int> FetchLengthAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        return await FetchAsync(page, latency, cancellationToken).ContinueWith(t => t.Result.Length, TaskScheduler.Default);
    }
}
