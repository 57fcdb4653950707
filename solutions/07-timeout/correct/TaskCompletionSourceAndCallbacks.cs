namespace Katas.TimeLimit;

// CORRECT: a hand-written TaskCompletionSource completed by whichever comes first: the operation (its result or its
// own exception), the limit's timer (ITimer from timeProvider.CreateTimer, created before the operation) or the
// caller's token (a registration).
public static class Timeouts
{
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation, TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopOperation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The callbacks only decide the outcome. Cancelling the operation is left to this method, which owns stopOperation:
        // a callback that cancelled it could race this method's disposal of it once `done` has let this method go on.
        await using var timer = timeProvider.CreateTimer(
            _ => done.TrySetException(new TimeoutException($"The operation did not finish within {limit.TotalMilliseconds} ms.")),
            null, limit, Timeout.InfiniteTimeSpan);
        await using var onCallerCancel = cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));

        _ = CopyOutcomeAsync(operation(stopOperation.Token), done);
        try
        {
            return await done.Task;
        }
        catch (TimeoutException)
        {
            stopOperation.Cancel(); // too late: stop the operation, at the instant of the limit
            throw;
        }
    }

    private static async Task CopyOutcomeAsync<T>(Task<T> running, TaskCompletionSource<T> done)
    {
        try
        {
            done.TrySetResult(await running);
        }
        catch (Exception error)
        {
            // The operation's own exception, as it is; after a timeout or the caller's cancellation nobody reads it.
            done.TrySetException(error);
        }
    }
}
