namespace Katas.TimeLimit;

// WRONG: `using var` in a method that returns the task without awaiting it: the limit's CancellationTokenSource,
// and its timer, are disposed as soon as the operation has started, so the limit never fires.
public static class Timeouts
{
    public static Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation, TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        using var timeout = new CancellationTokenSource(limit, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        return WaitAsync(operation(linked.Token), limit, timeout.Token, linked.Token, cancellationToken);
    }

    private static async Task<T> WaitAsync<T>(
        Task<T> running, TimeSpan limit, CancellationToken timeout, CancellationToken linked, CancellationToken caller)
    {
        try
        {
            return await running.WaitAsync(linked);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !caller.IsCancellationRequested)
        {
            throw new TimeoutException($"The operation did not finish within {limit.TotalMilliseconds} ms.", e);
        }
    }
}
