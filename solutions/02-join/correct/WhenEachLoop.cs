namespace Katas.Join;

// Another correct answer, by another route than the reference's WhenAny loop: Task.WhenEach (.NET 9) hands over
// each task as it finishes, so the first failure is seen the moment it happens.
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
        await FailFastAsync([firstTask, secondTask], join);
        return (await firstTask, await secondTask);
    }

    public static async Task<T[]> AllAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        using var join = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = operations.Select(operation => operation(join.Token)).ToArray();
        await FailFastAsync(tasks, join);
        var results = new T[tasks.Length];
        for (var i = 0; i < tasks.Length; i++) results[i] = await tasks[i];
        return results;
    }

    /// <summary>Returns when every task has succeeded; on the first that fails or is cancelled, cancels the rest and rethrows it.</summary>
    private static async Task FailFastAsync(Task[] tasks, CancellationTokenSource join)
    {
        await foreach (var finished in Task.WhenEach(tasks))
        {
            if (finished.IsCompletedSuccessfully) continue;
            await join.CancelAsync();
            await finished;
        }
    }
}
