namespace Katas.ConcurrentRequests;

// WRONG: Parallel.ForEach is for CPU work. It blocks the calling thread until every iteration is done,
// and each iteration blocks a thread on .Result: threads wait instead of awaiting, and on a
// single-threaded context the caller's own iteration deadlocks.
public static class Requests
{
    public static Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, CancellationToken cancellationToken = default) =>
        FetchAllAsync(fetcher, urls, Environment.ProcessorCount * 4, cancellationToken);

    public static Task<IReadOnlyList<FetchResult>> FetchAllAsync(
        IFetcher fetcher, IEnumerable<string> urls, int maxInFlight, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        var list = urls.ToList();
        var results = new FetchResult[list.Count];
        Parallel.ForEach(list.Select((url, i) => (url, i)),
            new ParallelOptions { MaxDegreeOfParallelism = maxInFlight, CancellationToken = cancellationToken },
            item =>
            {
                try
                {
                    results[item.i] = FetchResult.Success(item.url, fetcher.FetchAsync(item.url, cancellationToken).Result);
                }
                catch (AggregateException error)
                {
                    results[item.i] = FetchResult.Failure(item.url, error.InnerException!);
                }
            });
        return Task.FromResult<IReadOnlyList<FetchResult>>(results);
    }
}
