namespace Katas.Join;

// WRONG: cancels the others when one fails (a continuation on each task), then waits for all of them with
// Task.WhenAll. With operations that stop when told, that looks right; but an operation that ignores its token
// holds the caller until it is done, and the failure is reported late. try_join! reports it at once.
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
        CancelOnFailure(firstTask, join);
        CancelOnFailure(secondTask, join);
        await Task.WhenAll(firstTask, secondTask);
        return (await firstTask, await secondTask);
    }

    public static async Task<T[]> AllAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        CancellationToken cancellationToken = default)
    {
        using var join = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<T>[] tasks = [.. operations.Select(operation => operation(join.Token))];
        foreach (var task in tasks) CancelOnFailure(task, join);
        return await Task.WhenAll(tasks);
    }

    private static void CancelOnFailure(Task task, CancellationTokenSource join) =>
        task.ContinueWith(_ => join.Cancel(), CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
