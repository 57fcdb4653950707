namespace Katas.Select;

// CORRECT: no WhenAny: a continuation on each task reports it to a hand-written TaskCompletionSource, and the race
// awaits that signal. FirstSuccessfulAsync signals only a success, or the last task when none succeeded.

public static class Race
{
    public static async Task<Winner<T1, T2>> FirstAsync<T1, T2>(
        Func<CancellationToken, Task<T1>> first,
        Func<CancellationToken, Task<T2>> second,
        CancellationToken cancellationToken = default)
    {
        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var firstTask = first(race.Token);
        var secondTask = second(race.Token);
        try
        {
            var winner = await Signal([firstTask, secondTask], successOnly: false);
            return winner == firstTask ? Winner<T1, T2>.First(await firstTask) : Winner<T1, T2>.Second(await secondTask);
        }
        finally
        {
            race.Cancel();
        }
    }

    public static async Task<Winner<T>> FirstAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = operations.Select(operation => operation(race.Token)).ToList();
        if (tasks.Count == 0) throw new ArgumentException("A race needs at least one operation.", nameof(operations));
        try
        {
            var winner = (Task<T>)await Signal(tasks, successOnly: false);
            return new Winner<T>(tasks.IndexOf(winner), await winner);
        }
        finally
        {
            race.Cancel();
        }
    }

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
            var winner = (Task<T>)await Signal(tasks, successOnly: true);
            if (winner.IsCompletedSuccessfully) return new Winner<T>(tasks.IndexOf(winner), winner.Result);
            cancellationToken.ThrowIfCancellationRequested();
            throw new AggregateException("Every operation failed.",
                tasks.SelectMany(task => task.Exception?.InnerExceptions ?? [new TaskCanceledException(task)]));
        }
        finally
        {
            race.Cancel();
        }
    }

    /// <summary>
    /// The first task to finish (or, with <paramref name="successOnly"/>, the first to succeed, else the last to
    /// finish). Every task's exception is read as it finishes, so none goes unobserved.
    /// </summary>
    private static Task<Task> Signal(IReadOnlyCollection<Task> tasks, bool successOnly)
    {
        var signal = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = 0;
        foreach (var task in tasks)
        {
            _ = task.ContinueWith(t =>
            {
                _ = t.Exception;
                var last = Interlocked.Increment(ref finished) == tasks.Count;
                if (!successOnly || t.IsCompletedSuccessfully || last) signal.TrySetResult(t);
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return signal.Task;
    }
}
