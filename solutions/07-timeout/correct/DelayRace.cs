namespace Katas.TimeLimit;

// Another correct answer, by another route than the reference's self-cancelling token and WaitAsync: race the
// operation against a Task.Delay on the injected clock, like tokio's timeout, then stop whichever lost.
public static class Timeouts
{
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation,
        TimeSpan limit,
        TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        // Two sources: the timer is stopped when the operation wins, the operation when the timer wins; the caller stops both.
        using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopOperation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The limit's timer first: an operation that needs exactly the limit is too late, and of two timers due at the
        // same instant the one created first fires first.
        var timer = Task.Delay(limit, timeProvider, stopTimer.Token);
        var work = operation(stopOperation.Token);
        if (await Task.WhenAny(work, timer) == work)
        {
            // No timer is left behind: cancelling the delay disposes it.
            await stopTimer.CancelAsync();
            return await work;
        }
        await stopOperation.CancelAsync();
        // The delay ended: either the caller cancelled (a cancellation, not a timeout), or the time is up.
        cancellationToken.ThrowIfCancellationRequested();
        throw new TimeoutException($"The operation did not finish within {limit.TotalMilliseconds} ms.");
    }
}
