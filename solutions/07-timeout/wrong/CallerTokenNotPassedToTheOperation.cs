namespace Katas.TimeLimit;

/// <summary>WRONG: the operation gets only the time limit's token; the caller's cancellation stops the wait, not the work.</summary>
public static class Timeouts
{
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation, TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        using var timeout = new CancellationTokenSource(limit, timeProvider);
        try
        {
            // Mistake: no linked source. When the caller cancels, the call returns, but the operation runs on.
            return await operation(timeout.Token).WaitAsync(cancellationToken).WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The operation did not finish within {limit.TotalMilliseconds} ms.", e);
        }
    }
}
