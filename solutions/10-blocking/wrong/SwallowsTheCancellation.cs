namespace Katas.Blocking;

/// <summary>WRONG: passes the token to the wait, then catches its OperationCanceledException and returns the page anyway.</summary>
public sealed class PageClient(TimeProvider timeProvider)
{
    public async Task<string> FetchAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        try
        {
            await Task.Delay(latency, timeProvider, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // the request was given up on: fine, carry on
        }
        return $"<h1>{page}</h1>";
    }

    public async Task<int> FetchLengthAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        var html = await FetchAsync(page, latency, cancellationToken);
        return html.Length;
    }
}
