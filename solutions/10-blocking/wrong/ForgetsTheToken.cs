namespace Katas.Blocking;

/// <summary>WRONG: awaits the delay, but without the token: cancellation waits for the server.</summary>
public sealed class PageClient(TimeProvider timeProvider)
{
    public async Task<string> FetchAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        // Mistake: the token is not passed to the delay, so cancelling does not end the wait.
        await Task.Delay(latency, timeProvider);
        cancellationToken.ThrowIfCancellationRequested();
        return $"<h1>{page}</h1>";
    }

    public async Task<int> FetchLengthAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        var html = await FetchAsync(page, latency, cancellationToken);
        return html.Length;
    }
}
