namespace Katas.Join;

// WRONG: starts everything at once, then blocks on Task.WhenAll(...).Result to get the results. On a
// single-threaded context (a UI thread, the test's event loop) the thread that waits is the one the operations
// need to finish: a deadlock. (And .Result would wrap a failure in an AggregateException.)
public static class Join
{
    public static Task<(T1, T2)> BothAsync<T1, T2>(
        Func<CancellationToken, Task<T1>> first,
        Func<CancellationToken, Task<T2>> second,
        CancellationToken cancellationToken = default)
    {
        var firstTask = first(cancellationToken);
        var secondTask = second(cancellationToken);
        Task.WhenAll(firstTask, secondTask).Wait(cancellationToken);
        return Task.FromResult((firstTask.Result, secondTask.Result));
    }

    public static Task<T[]> AllAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        CancellationToken cancellationToken = default)
    {
        Task<T>[] tasks = [.. operations.Select(operation => operation(cancellationToken))];
        return Task.FromResult(Task.WhenAll(tasks).Result);
    }
}
