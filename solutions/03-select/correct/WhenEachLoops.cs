namespace Katas.Select;

// CORRECT: Task.WhenEach hands out the tasks in completion order: a race takes the first one; FirstSuccessfulAsync
// skips those that did not succeed. The race of two is the race of many over two boxed operations. Every
// failure is observed by reading task.Exception in a continuation.

public static class Race
{
    public static async Task<Winner<T1, T2>> FirstAsync<T1, T2>(
        Func<CancellationToken, Task<T1>> first,
        Func<CancellationToken, Task<T2>> second,
        CancellationToken cancellationToken = default)
    {
        var winner = await FirstAsync<object?>(
            [async token => await first(token), async token => await second(token)], cancellationToken);
        return winner.Index == 0 ? Winner<T1, T2>.First((T1)winner.Value!) : Winner<T1, T2>.Second((T2)winner.Value!);
    }

    public static async Task<Winner<T>> FirstAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = operations.Select(operation => operation(race.Token)).ToArray();
        if (tasks.Length == 0) throw new ArgumentException("A race needs at least one operation.", nameof(operations));
        try
        {
            await foreach (var finished in Task.WhenEach(tasks))
                return new Winner<T>(Array.IndexOf(tasks, finished), await finished);
            throw new InvalidOperationException("unreachable: WhenEach yields every task");
        }
        finally
        {
            race.Cancel();
            foreach (var task in tasks) Observe(task);
        }
    }

    public static async Task<Winner<T>> FirstSuccessfulAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = operations.Select(operation => operation(race.Token)).ToArray();
        if (tasks.Length == 0) throw new ArgumentException("A race needs at least one operation.", nameof(operations));
        try
        {
            await foreach (var finished in Task.WhenEach(tasks))
                if (finished.IsCompletedSuccessfully) return new Winner<T>(Array.IndexOf(tasks, finished), finished.Result);
            cancellationToken.ThrowIfCancellationRequested();
            var errors = new List<Exception>();
            foreach (var task in tasks)
            {
                if (task.Exception is { } error) errors.AddRange(error.InnerExceptions);
                else errors.Add(new TaskCanceledException(task));
            }
            throw new AggregateException("Every operation failed.", errors);
        }
        finally
        {
            race.Cancel();
            foreach (var task in tasks) Observe(task);
        }
    }

    private static void Observe(Task task) =>
        _ = task.ContinueWith(t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
