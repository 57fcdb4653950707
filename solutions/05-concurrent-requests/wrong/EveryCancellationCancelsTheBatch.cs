namespace Katas.ConcurrentRequests;

// WRONG: lets every OperationCanceledException through as "the caller cancelled". A fetch that timed out
// on its own (HttpClient throws a TaskCanceledException) then cancels the whole batch.
public static class Requests
{
    public static Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, CancellationToken cancellationToken = default) =>
        FetchAllAsync(fetcher, urls, int.MaxValue, cancellationToken);

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
                try
                {
                    return FetchResult.Success(url, await fetcher.FetchAsync(url, cancellationToken));
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    return FetchResult.Failure(url, error);
                }
            }
            finally
            {
                slots.Release();
            }
        }));
    }
}
