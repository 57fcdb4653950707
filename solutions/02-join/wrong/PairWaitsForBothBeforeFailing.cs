namespace Katas.Join;

// WRONG: the many-join is right, but the two-way join is the textbook `await Task.WhenAll(a, b)` then `.Result`:
// when one of the two fails, the caller hears of it only when the other is done, and the other is never cancelled.
public static class Join
{
    public static async Task<(T1, T2)> BothAsync<T1, T2>(
        Func<CancellationToken, Task<T1>> first,
        Func<CancellationToken, Task<T2>> second,
        CancellationToken cancellationToken = default)
    {
        var firstTask = first(cancellationToken);
        var secondTask = second(cancellationToken);
        await Task.WhenAll(firstTask, secondTask);
        return (firstTask.Result, secondTask.Result);
    }

    public static async Task<T[]> AllAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        CancellationToken cancellationToken = default)
    {
        using var join = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<T>[] tasks = [.. operations.Select(operation => operation(join.Token))];
        var running = new List<Task<T>>(tasks);
        while (running.Count > 0)
        {
            var finished = await Task.WhenAny(running);
            running.Remove(finished);
            if (finished.IsCompletedSuccessfully) continue;
            await join.CancelAsync();
            await finished;
        }
        return await Task.WhenAll(tasks);
    }
}
