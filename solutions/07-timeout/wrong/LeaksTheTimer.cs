namespace Katas.TimeLimit;

/// <summary>WRONG: the sources are never disposed, so the time limit's timer outlives the call.</summary>
public static class Timeouts
{
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation, TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        // Mistake: no `using`. When the operation finishes early, the timer stays scheduled until the limit (and
        // the linked source stays registered with the caller's token).
        var timeout = new CancellationTokenSource(limit, timeProvider);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await operation(linked.Token).WaitAsync(linked.Token);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The operation did not finish within {limit.TotalMilliseconds} ms.", e);
        }
    }
}
