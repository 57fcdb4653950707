namespace Katas.ConcurrentRequests;

// WRONG: turns only the errors HttpClient throws (HttpRequestException, its own timeout) into failed results;
// any other exception of a fetch (a bad body, an IOException) fails the whole batch and loses every other result.
public static class Requests
{
    public static async Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, CancellationToken cancellationToken = default) =>
        await Task.WhenAll(urls.Select(url => FetchOneAsync(fetcher, url, cancellationToken)));

    public static async Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, int maxInFlight, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        using var slots = new SemaphoreSlim(maxInFlight, maxInFlight);
        return await Task.WhenAll(urls.Select(async url =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                return await FetchOneAsync(fetcher, url, cancellationToken);
            }
            finally
            {
                slots.Release();
            }
        }));
    }

    private static async Task<FetchResult> FetchOneAsync(IFetcher fetcher, string url, CancellationToken cancellationToken)
    {
        try
        {
            return FetchResult.Success(url, await fetcher.FetchAsync(url, cancellationToken));
        }
        catch (HttpRequestException error)
        {
            return FetchResult.Failure(url, error);
        }
        catch (TaskCanceledException timeout) when (!cancellationToken.IsCancellationRequested)
        {
            return FetchResult.Failure(url, timeout);
        }
    }
}
