namespace Katas.Blocking;

/// <summary>WRONG: GetAwaiter().GetResult() instead of .Result: still a blocking wait.</summary>
public sealed class PageClient(TimeProvider timeProvider)
{
    public async Task<string> FetchAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        await Task.Delay(latency, timeProvider, cancellationToken);
        return $"<h1>{page}</h1>";
    }

    public async Task<int> FetchLengthAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        // Mistake: GetAwaiter().GetResult() only changes how the exception is thrown; it blocks just like .Result.
        var html = FetchAsync(page, latency, cancellationToken).GetAwaiter().GetResult();
        return html.Length;
    }
}
