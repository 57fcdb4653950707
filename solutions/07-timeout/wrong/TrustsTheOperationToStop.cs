namespace Katas.TimeLimit;

/// <summary>WRONG: cancels the operation's token at the limit, then waits for the operation to notice.</summary>
public static class Timeouts
{
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation, TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        using var timeout = new CancellationTokenSource(limit, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // Mistake: awaits the operation itself. An operation that ignores its token keeps the caller waiting
            // far past the limit.
            return await operation(linked.Token);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The operation did not finish within {limit.TotalMilliseconds} ms.", e);
        }
    }
}
