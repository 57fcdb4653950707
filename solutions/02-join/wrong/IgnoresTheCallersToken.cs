namespace Katas.Join;

// WRONG: fails fast with a token source of its own, but one that is not linked to the caller's token: when the
// caller cancels, the operations never hear of it and the join runs to the end.
public static class Join
{
    public static async Task<(T1, T2)> BothAsync<T1, T2>(
        Func<CancellationToken, Task<T1>> first,
        Func<CancellationToken, Task<T2>> second,
        CancellationToken cancellationToken = default)
    {
        using var join = new CancellationTokenSource();
        var firstTask = first(join.Token);
        var secondTask = second(join.Token);
        await WhenAllOrFirstFailureAsync([firstTask, secondTask], join);
        return (await firstTask, await secondTask);
    }

    public static async Task<T[]> AllAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        CancellationToken cancellationToken = default)
    {
        using var join = new CancellationTokenSource();
        Task<T>[] tasks = [.. operations.Select(operation => operation(join.Token))];
        await WhenAllOrFirstFailureAsync(tasks, join);
        return await Task.WhenAll(tasks);
    }

    private static async Task WhenAllOrFirstFailureAsync(Task[] tasks, CancellationTokenSource join)
    {
        var running = new List<Task>(tasks);
        while (running.Count > 0)
        {
            var finished = await Task.WhenAny(running);
            running.Remove(finished);
            if (finished.IsCompletedSuccessfully) continue;
            await join.CancelAsync();
            await finished;
        }
    }
}
