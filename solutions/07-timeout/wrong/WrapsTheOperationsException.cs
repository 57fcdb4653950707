namespace Katas.TimeLimit;

/// <summary>WRONG: reads the operation's result with .Result after the race, which wraps its exception.</summary>
public static class Timeouts
{
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation, TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        using var timeout = new CancellationTokenSource(limit, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var task = operation(linked.Token);
        var limitReached = Task.Delay(Timeout.InfiniteTimeSpan, timeProvider, linked.Token);
        await Task.WhenAny(task, limitReached);
        if (!task.IsCompleted || task.IsCanceled)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"The operation did not finish within {limit.TotalMilliseconds} ms.");
        }
        // Mistake: .Result of a failed task throws an AggregateException around the operation's own exception.
        return task.Result;
    }
}
