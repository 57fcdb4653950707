namespace Katas.Select;

// WRONG: the race of many cancels the losers and then waits until they have all stopped before reporting the
// WRONG: winner: a loser that ignores its token keeps the caller waiting.

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
    public static async Task<Winner<T1, T2>> FirstAsync<T1, T2>(
        Func<CancellationToken, Task<T1>> first,
        Func<CancellationToken, Task<T2>> second,
        CancellationToken cancellationToken = default)
    {
        // One token for both runners, which we can cancel ourselves; linked, so the caller can still cancel them.
        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var firstTask = first(race.Token);
        var secondTask = second(race.Token);
        try
        {
            // WhenAny tells us who finished first, and nothing more: C# tasks are hot, and the loser runs on
            // until its token is cancelled (a Rust future would simply be dropped).
            var winner = await Task.WhenAny(firstTask, secondTask);
            // `await` the winner itself: its value, or its own exception (never an AggregateException).
            return winner == firstTask
                ? Winner<T1, T2>.First(await firstTask)
                : Winner<T1, T2>.Second(await secondTask);
        }
        finally
        {
            // Tell the loser to stop, but do not wait for it: the race is decided.
            await race.CancelAsync();
            ObserveFailure(firstTask);
            ObserveFailure(secondTask);
        }
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
    public static async Task<Winner<T>> FirstAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // ToList starts each operation once, now. A lazy Select would start them all again on every enumeration.
        var tasks = operations.Select(operation => operation(race.Token)).ToList();
        if (tasks.Count == 0) throw new ArgumentException("A race needs at least one operation.", nameof(operations));
        try
        {
            var winner = await Task.WhenAny(tasks);
            await race.CancelAsync();
            await Task.WhenAll(tasks.Select(task => task.ContinueWith(_ => { }, TaskScheduler.Default)));
            return new Winner<T>(tasks.IndexOf(winner), await winner);
        }
        finally
        {
            await race.CancelAsync();
            tasks.ForEach(ObserveFailure);
        }
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
    public static async Task<Winner<T>> FirstSuccessfulAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = operations.Select(operation => operation(race.Token)).ToList();
        if (tasks.Count == 0) throw new ArgumentException("A race needs at least one operation.", nameof(operations));
        try
        {
            // A failure only takes its runner out of the race: wait for the next one to finish.
            var running = new List<Task<T>>(tasks);
            while (running.Count > 0)
            {
                var finished = await Task.WhenAny(running);
                if (finished.IsCompletedSuccessfully) return new Winner<T>(tasks.IndexOf(finished), await finished);
                running.Remove(finished);
            }
            // Nobody succeeded. If the caller cancelled, that is what happened: say so, as a cancellation.
            cancellationToken.ThrowIfCancellationRequested();
            // Every error, in the order of the operations, as Task.WhenAll reports them.
            throw new AggregateException(
                "Every operation failed.",
                tasks.SelectMany(task => task.Exception?.InnerExceptions ?? [new TaskCanceledException(task)]));
        }
        finally
        {
            await race.CancelAsync();
            tasks.ForEach(ObserveFailure);
        }
    }

    /// <summary>
    /// Marks a failure of <paramref name="task"/>, now or later, as observed: nobody awaits a loser, and an
    /// exception nobody looked at is reported as a <see cref="TaskScheduler.UnobservedTaskException"/>.
    /// </summary>
    private static void ObserveFailure(Task task) =>
        _ = task.ContinueWith(
            static t => _ = t.Exception,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
}
