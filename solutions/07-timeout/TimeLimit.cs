namespace Katas.TimeLimit;

/// <summary>
/// Gives an operation a time limit, like tokio's <c>timeout(duration, future)</c>: the operation's result if it
/// finishes in time, a <see cref="TimeoutException"/> if it does not.
/// </summary>
public static class Timeouts
{
    /// <summary>
    /// Runs <paramref name="operation"/> and waits for it at most <paramref name="limit"/>, measured on
    /// <paramref name="timeProvider"/>.
    /// </summary>
    /// <typeparam name="T">The type of the operation's result.</typeparam>
    /// <param name="operation">
    /// The work to run, started exactly once. It receives a token that is cancelled when the time is up or when
    /// the caller cancels.
    /// </param>
    /// <param name="limit">
    /// How long the operation may take. Finishing at exactly the limit is too late: the limit's timer starts
    /// before the operation does, so at one instant it fires first.
    /// </param>
    /// <param name="timeProvider">The clock the limit is measured on.</param>
    /// <param name="cancellationToken">
    /// The caller's token: cancelling it stops the operation and ends the wait at once, even when the operation
    /// ignores its token; the call then throws an <see cref="OperationCanceledException"/>.
    /// </param>
    /// <returns>The operation's result, if it finished before the limit.</returns>
    /// <exception cref="TimeoutException">The limit passed first; the operation's token was cancelled.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled (never reported as a timeout).</exception>
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation,
        TimeSpan limit,
        TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        // A token that cancels itself when the time is up, on the injected clock (a plain CancelAfter would use
        // the real one). `using`: disposing it disposes its timer when the operation finishes early.
        using var timeout = new CancellationTokenSource(limit, timeProvider);
        // The operation must stop for either reason: the time limit or the caller.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // C# tasks are hot and WhenAny cancels nothing: the token is how the operation learns to stop, and
            // WaitAsync stops *our* wait at the limit even if the operation ignores its token.
            return await operation(linked.Token).WaitAsync(linked.Token);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Our own timer fired, not the caller's token: that is a timeout, and it says so.
            throw new TimeoutException($"The operation did not finish within {limit.TotalMilliseconds} ms.", e);
        }
    }
}
