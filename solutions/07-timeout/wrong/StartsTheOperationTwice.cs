namespace Katas.TimeLimit;

// WRONG: races operation(token) against the limit with WhenAny, then calls operation(token) again to get the result:
// the work runs twice (a second request), and the result comes from the second run.
public static class Timeouts
{
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation, TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        using var timeout = new CancellationTokenSource(limit, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var limitReached = Task.Delay(Timeout.InfiniteTimeSpan, timeProvider, linked.Token);
        var winner = await Task.WhenAny(operation(linked.Token), limitReached);
        if (winner == limitReached)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"The operation did not finish within {limit.TotalMilliseconds} ms.");
        }
        return await operation(linked.Token);
    }
}
