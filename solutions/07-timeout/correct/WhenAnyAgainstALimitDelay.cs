namespace Katas.TimeLimit;

// CORRECT: races the operation against a Task.Delay(limit, timeProvider) created before the operation starts, with
// Task.WhenAny; the loser is cancelled through its token, and the caller's cancellation ends the race at once.
public static class Timeouts
{
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation, TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var stopOperation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The limit's delay ends early, cancelled, when the caller cancels: either way the race is over.
        using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var limitOrCaller = Task.Delay(limit, timeProvider, stopDelay.Token);
        try
        {
            var running = operation(stopOperation.Token);
            var first = await Task.WhenAny(running, limitOrCaller);
            if (first == running) return await running;
            await stopOperation.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"The operation did not finish within {limit.TotalMilliseconds} ms.");
        }
        finally
        {
            await stopDelay.CancelAsync();
        }
    }
}
