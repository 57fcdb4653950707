namespace Katas.Blocking;

/// <summary>WRONG: spins until the task is done (while (!task.IsCompleted)) instead of awaiting it.</summary>
public sealed class PageClient(TimeProvider timeProvider)
{
    public async Task<string> FetchAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        await Task.Delay(latency, timeProvider, cancellationToken);
        return $"<h1>{page}</h1>";
    }

    public async Task<int> FetchLengthAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        // Mistake: polling the task instead of awaiting it keeps the thread busy until it is done.
        var fetch = FetchAsync(page, latency, cancellationToken);
        while (!fetch.IsCompleted) Thread.Yield();
        var html = await fetch;
        return html.Length;
    }
}
