namespace Katas.Join;

// CORRECT: no WhenAny at all: a continuation on each task counts successes and signals the first task that did
// not succeed through a hand-written TaskCompletionSource; the join awaits that signal, then the failed task.

public static class Join
{
    public static async Task<(T1, T2)> BothAsync<T1, T2>(
        Func<CancellationToken, Task<T1>> first,
        Func<CancellationToken, Task<T2>> second,
        CancellationToken cancellationToken = default)
    {
        using var join = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var firstTask = first(join.Token);
        var secondTask = second(join.Token);
        await FirstFailureOrAllDoneAsync([firstTask, secondTask], join);
        return (firstTask.Result, secondTask.Result);
    }

    public static async Task<T[]> AllAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        using var join = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new List<Task<T>>();
        foreach (var operation in operations) tasks.Add(operation(join.Token));
        await FirstFailureOrAllDoneAsync([.. tasks], join);
        var results = new T[tasks.Count];
        for (var i = 0; i < tasks.Count; i++) results[i] = tasks[i].Result;
        return results;
    }

    private static async Task FirstFailureOrAllDoneAsync(Task[] tasks, CancellationTokenSource join)
    {
        if (tasks.Length == 0) return;
        // Completes with null when every task succeeded, or with the first task that did not.
        var signal = new TaskCompletionSource<Task?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var succeeded = 0;
        foreach (var task in tasks)
        {
            _ = task.ContinueWith(t =>
            {
                if (!t.IsCompletedSuccessfully) signal.TrySetResult(t);
                else if (Interlocked.Increment(ref succeeded) == tasks.Length) signal.TrySetResult(null);
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        var failed = await signal.Task;
        if (failed is null) return;
        join.Cancel();
        await failed;
    }
}
