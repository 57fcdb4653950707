namespace Katas.Join;

// WRONG: the reference without materializing the tasks. `operations.Select(...)` is lazy: the helper enumerates it
// and starts every operation, then WhenAll enumerates it again and starts every operation a second time.
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
        await WhenAllOrFirstFailureAsync([firstTask, secondTask], join);
        return (await firstTask, await secondTask);
    }

    public static async Task<T[]> AllAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        CancellationToken cancellationToken = default)
    {
        using var join = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = operations.Select(operation => operation(join.Token));
        await WhenAllOrFirstFailureAsync(tasks, join);
        return await Task.WhenAll(tasks);
    }

    private static async Task WhenAllOrFirstFailureAsync(IEnumerable<Task> tasks, CancellationTokenSource join)
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
