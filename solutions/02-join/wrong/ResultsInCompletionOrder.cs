namespace Katas.Join;

// WRONG: collects the results of the many-join as the tasks finish, so they come back in completion order
// ([2, 3, 1]) instead of input order ([1, 2, 3]). Fails fast and cancels correctly otherwise.
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
        var running = new List<Task> { firstTask, secondTask };
        while (running.Count > 0)
        {
            var finished = await Task.WhenAny(running);
            running.Remove(finished);
            if (finished.IsCompletedSuccessfully) continue;
            await join.CancelAsync();
            await finished;
        }
        return (await firstTask, await secondTask);
    }

    public static async Task<T[]> AllAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        CancellationToken cancellationToken = default)
    {
        using var join = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<T>[] tasks = [.. operations.Select(operation => operation(join.Token))];
        var results = new List<T>();
        var running = new List<Task<T>>(tasks);
        while (running.Count > 0)
        {
            var finished = await Task.WhenAny(running);
            running.Remove(finished);
            if (!finished.IsCompletedSuccessfully) await join.CancelAsync();
            results.Add(await finished);
        }
        return [.. results];
    }
}
