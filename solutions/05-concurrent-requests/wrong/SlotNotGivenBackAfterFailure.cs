namespace Katas.ConcurrentRequests;

// WRONG: the slot is released only after a successful fetch. A failed fetch keeps its slot forever, so
// the later fetches starve.
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
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var body = await fetcher.FetchAsync(url, cancellationToken);
                slots.Release(); // only on success
                return FetchResult.Success(url, body);
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return FetchResult.Failure(url, error);
            }
        }));
    }
}
