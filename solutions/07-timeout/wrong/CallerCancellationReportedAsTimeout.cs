namespace Katas.TimeLimit;

/// <summary>WRONG: every cancellation becomes a TimeoutException, the caller's own included.</summary>
public static class Timeouts
{
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation, TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        using var timeout = new CancellationTokenSource(limit, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await operation(linked.Token).WaitAsync(linked.Token);
        }
        // Mistake: no filter. The caller's cancellation is reported as a timeout.
        catch (OperationCanceledException e)
        {
            throw new TimeoutException($"The operation did not finish within {limit.TotalMilliseconds} ms.", e);
        }
    }
}
