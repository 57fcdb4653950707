namespace Katas.Join;

// WRONG: reports the first failure at once, but never tells the other operations to stop: they run on,
// their work wasted and their timers pending, after the join has already failed.
public static class Join
{
    public static async Task<(T1, T2)> BothAsync<T1, T2>(
        Func<CancellationToken, Task<T1>> first,
        Func<CancellationToken, Task<T2>> second,
        CancellationToken cancellationToken = default)
    {
        var firstTask = first(cancellationToken);
        var secondTask = second(cancellationToken);
        await WhenAllOrFirstFailureAsync([firstTask, secondTask]);
        return (await firstTask, await secondTask);
    }

    public static async Task<T[]> AllAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        CancellationToken cancellationToken = default)
    {
        Task<T>[] tasks = [.. operations.Select(operation => operation(cancellationToken))];
        await WhenAllOrFirstFailureAsync(tasks);
        return await Task.WhenAll(tasks);
    }

    private static async Task WhenAllOrFirstFailureAsync(Task[] tasks)
    {
        var running = new List<Task>(tasks);
        while (running.Count > 0)
        {
            var finished = await Task.WhenAny(running);
            running.Remove(finished);
            if (!finished.IsCompletedSuccessfully) await finished;
        }
    }
}
