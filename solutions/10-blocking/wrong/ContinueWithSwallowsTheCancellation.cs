namespace Katas.Blocking;

/// <summary>WRONG: builds the page in a ContinueWith of the delay, which runs whether the delay completed or was cancelled.</summary>
public sealed class PageClient(TimeProvider timeProvider)
{
    public async Task<string> FetchAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        return await Task.Delay(latency, timeProvider, cancellationToken).ContinueWith(_ => $"<h1>{page}</h1>", TaskScheduler.Default);
    }

    public async Task<int> FetchLengthAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        var html = await FetchAsync(page, latency, cancellationToken);
        return html.Length;
    }
}
