namespace Katas.Select;

/// <summary>
/// Races operations against each other, like tokio's <c>select!</c>: the first to finish wins, and every other
/// operation is told to stop.
/// </summary>
public static class Race
{
    /// <summary>
    /// Starts both operations at once and returns the first one's result to finish, at the moment it finishes,
    /// saying which of the two it was. The loser's token is cancelled.
    /// </summary>
    /// <typeparam name="T1">The type of the first operation's result.</typeparam>
    /// <typeparam name="T2">The type of the second operation's result.</typeparam>
    /// <param name="first">The first operation. It receives a token that is cancelled when it loses.</param>
    /// <param name="second">The second operation. It receives a token that is cancelled when it loses.</param>
    /// <param name="cancellationToken">The caller's token: cancelling it cancels both operations.</param>
    /// <returns>Which operation finished first, and its result.</returns>
    /// <remarks>
    /// <list type="bullet">
    /// <item>The winner is the first to finish, whatever the way: if it failed, the race throws its exception
    /// (the exception itself, not wrapped).</item>
    /// <item>Return as soon as the winner finishes: do not wait for the loser, even if it ignores its token.</item>
    /// <item>A loser that fails later must not leave an unobserved exception behind.</item>
    /// </list>
    /// </remarks>
    public static Task<Winner<T1, T2>> FirstAsync<T1, T2>(
        Func<CancellationToken, Task<T1>> first,
        Func<CancellationToken, Task<T2>> second,
        CancellationToken cancellationToken = default)
    {
        // TODO: start both with one token you can cancel (linked to the caller's), wait for whichever finishes
        //       first, cancel the other, and say which one won.
        throw new NotImplementedException(
            "Race two operations: return the first one's result to finish, at its own time, say which won, " +
            "and cancel the loser's token.");
    }

    /// <summary>
    /// Starts every operation at once and returns the first one's result to finish, at the moment it finishes,
    /// with its position in <paramref name="operations"/>. Every loser's token is cancelled.
    /// </summary>
    /// <typeparam name="T">The type of the operations' results.</typeparam>
    /// <param name="operations">The operations to race; each is started exactly once.</param>
    /// <param name="cancellationToken">The caller's token: cancelling it cancels every operation.</param>
    /// <returns>The position of the operation that finished first, and its result.</returns>
    /// <exception cref="ArgumentException"><paramref name="operations"/> is empty: a race needs a runner.</exception>
    /// <remarks>The same rules as the race of two: the first to finish wins even if it failed; no waiting for
    /// the losers; no unobserved exception left behind.</remarks>
    public static Task<Winner<T>> FirstAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        CancellationToken cancellationToken = default)
    {
        // TODO: the race of two, for any number of operations.
        throw new NotImplementedException(
            "Race many operations: return the first one's result to finish with its position, at its own time, " +
            "and cancel every loser's token.");
    }

    /// <summary>
    /// Starts every operation at once and returns the first <b>successful</b> result, at the moment it arrives,
    /// with its position in <paramref name="operations"/>. A failure does not win while another operation can
    /// still succeed; an operation whose task ends cancelled although the caller did not cancel drops out like a
    /// failure. The operations still running when one succeeds are cancelled.
    /// </summary>
    /// <typeparam name="T">The type of the operations' results.</typeparam>
    /// <param name="operations">The operations to race; each is started exactly once.</param>
    /// <param name="cancellationToken">The caller's token: cancelling it cancels every operation.</param>
    /// <returns>The position of the first operation that succeeded, and its result.</returns>
    /// <exception cref="AggregateException">
    /// Every operation failed: its <see cref="AggregateException.InnerExceptions"/> are every operation's
    /// exception, in the order of <paramref name="operations"/> (like <c>Task.WhenAll</c>), thrown when the last
    /// one fails.
    /// </exception>
    /// <exception cref="ArgumentException"><paramref name="operations"/> is empty.</exception>
    public static Task<Winner<T>> FirstSuccessfulAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        CancellationToken cancellationToken = default)
    {
        // TODO: keep waiting while the finished ones failed and others still run; stop at the first success.
        throw new NotImplementedException(
            "Return the first successful result with its position; a failure wins only when every operation " +
            "failed, and then throw an AggregateException with every error, in the order of the operations.");
    }
}
