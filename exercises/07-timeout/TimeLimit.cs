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
    /// <remarks>
    /// <list type="bullet">
    /// <item>When the limit is reached, cancel the operation's token and throw <see cref="TimeoutException"/> at
    /// once, even if the operation ignores its token.</item>
    /// <item>The caller's cancellation reaches the operation and is reported as an
    /// <see cref="OperationCanceledException"/>.</item>
    /// <item>The operation's own exception comes through unchanged.</item>
    /// <item>Leave nothing behind: no timer of <paramref name="timeProvider"/> may still be pending after the
    /// operation finished early.</item>
    /// </list>
    /// </remarks>
    public static Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation,
        TimeSpan limit,
        TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        // TODO: a CancellationTokenSource that cancels itself after `limit` on `timeProvider`, linked with the
        //       caller's token; pass the linked token to the operation; stop waiting when it fires; tell a timeout
        //       from the caller's cancellation; dispose what you created.
        throw new NotImplementedException(
            "Run the operation with a time limit on the TimeProvider: its result if it finishes before the limit, " +
            "else cancel its token and throw a TimeoutException; the caller's cancellation stays a cancellation.");
    }
}
