namespace Katas.Join;

// WRONG: Task.WhenAll and nothing else. It waits for every task before it reports anything, so a failure at
// 30 ms reaches the caller only when the slowest operation is done, and the others are never cancelled.
// (Awaiting WhenAll does rethrow the first exception itself, in input order, not an AggregateException.)
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
        return (await firstTask, await secondTask);
    }

    public static async Task<T[]> AllAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        CancellationToken cancellationToken = default)
    {
        Task<T>[] tasks = [.. operations.Select(operation => operation(cancellationToken))];
        return await Task.WhenAll(tasks);
    }
}
