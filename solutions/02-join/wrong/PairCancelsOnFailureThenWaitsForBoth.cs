namespace Katas.Join;

// WRONG: BothAsync cancels the other operation on a failure (a continuation on each task) and then awaits
// WRONG: Task.WhenAll: an operation that ignores its token keeps the caller waiting until it is done.

/// <summary>
/// Runs operations at the same time and waits for all of their results, like tokio's <c>try_join!</c> and
/// <c>try_join_all</c>: the first failure ends the join at once and cancels the operations still running.
/// </summary>
public static class Join
{
    /// <summary>
    /// Starts both operations at once and returns both results when both have finished: as long as the slower
    /// one takes, not the sum of the two. When one fails, the other's token is cancelled and the failure's own
    /// exception is thrown at the moment it happens.
    /// </summary>
    /// <typeparam name="T1">The type of the first operation's result.</typeparam>
    /// <typeparam name="T2">The type of the second operation's result.</typeparam>
    /// <param name="first">The first operation. It receives a token that is cancelled when the join gives up.</param>
    /// <param name="second">The second operation. It receives a token that is cancelled when the join gives up.</param>
    /// <param name="cancellationToken">The caller's token: cancelling it cancels both operations.</param>
    /// <returns>The first operation's result and the second's, in that order.</returns>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Start both before awaiting either: 100 ms and 50 ms together take 100 ms, not 150 ms.</item>
    /// <item>When one fails, cancel the other's token and throw that very exception (not an
    /// <see cref="AggregateException"/>) at once, without waiting for the other to finish.</item>
    /// <item>The caller's cancellation reaches both operations.</item>
    /// <item>An operation that ends cancelled although the caller did not cancel is a failure like any other: the
    /// join ends with its <see cref="OperationCanceledException"/>.</item>
    /// </list>
    /// </remarks>
    public static async Task<(T1, T2)> BothAsync<T1, T2>(
        Func<CancellationToken, Task<T1>> first,
        Func<CancellationToken, Task<T2>> second,
        CancellationToken cancellationToken = default)
    {
        // A token we can cancel ourselves when one operation fails; linked, so the caller can still cancel both.
        using var join = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // C# tasks are hot: each operation is running from the moment it is called, so calling both before
        // awaiting either runs them at the same time. (`await first(...)` then `await second(...)` would not.)
        var firstTask = first(join.Token);
        var secondTask = second(join.Token);
        foreach (var task in new Task[] { firstTask, secondTask })
            _ = task.ContinueWith(_ => join.Cancel(), CancellationToken.None,
                TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await Task.WhenAll(firstTask, secondTask);
        // Both have succeeded: awaiting a finished task just hands over its result.
        return (await firstTask, await secondTask);
    }

    /// <summary>
    /// Starts every operation at once and returns their results in the order of <paramref name="operations"/>
    /// (not the order in which they finish). When one fails, the others' tokens are cancelled and the failure's
    /// own exception is thrown at the moment it happens.
    /// </summary>
    /// <typeparam name="T">The type of the operations' results.</typeparam>
    /// <param name="operations">The operations to run; each is started exactly once.</param>
    /// <param name="cancellationToken">The caller's token: cancelling it cancels every operation.</param>
    /// <returns>One result per operation, at the operation's position.</returns>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Start every operation exactly once, all before awaiting any of them.</item>
    /// <item>Result <c>i</c> is the result of operation <c>i</c>, whichever finished first.</item>
    /// <item>No operations: an empty array, at once.</item>
    /// <item>Fail fast, as <see cref="BothAsync{T1, T2}"/> does, whichever operation fails and however many
    /// succeeded before it; an operation that ends cancelled on its own counts as a failure.</item>
    /// </list>
    /// </remarks>
    public static async Task<T[]> AllAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        using var join = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The collection expression runs the Select once, now: every operation is started exactly once, here.
        // (A lazy `operations.Select(...)` would start them all again each time it is enumerated.)
        Task<T>[] tasks = [.. operations.Select(operation => operation(join.Token))];
        await WhenAllOrFirstFailureAsync(tasks, join);
        // Every task has succeeded: WhenAll gives the results in the order of the tasks, the input order.
        return await Task.WhenAll(tasks);
    }

    /// <summary>
    /// Waits until every task has succeeded, or until the first one fails or is cancelled: then cancels the
    /// others through <paramref name="join"/> and rethrows that task's exception, without waiting for the rest.
    /// </summary>
    private static async Task WhenAllOrFirstFailureAsync(Task[] tasks, CancellationTokenSource join)
    {
        // Task.WhenAll alone would wait for the slowest task before reporting anything, and cancel nothing.
        // WhenAny returns the moment one of the tasks finishes, so we see a failure when it happens.
        var running = new List<Task>(tasks);
        while (running.Count > 0)
        {
            var finished = await Task.WhenAny(running);
            running.Remove(finished);
            if (finished.IsCompletedSuccessfully) continue;
            // Tell the others to stop (tokio would drop their futures; C# tasks only stop when asked), and do not
            // wait for them: the join has failed.
            await join.CancelAsync();
            // Awaiting the failed task rethrows its own exception, not an AggregateException.
            await finished;
        }
    }
}
