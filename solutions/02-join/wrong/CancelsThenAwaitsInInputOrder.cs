namespace Katas.Join;

// WRONG: cancels the others when one fails, then awaits the tasks one by one in input order. The first task
// awaited is one that was cancelled because of the failure, so the caller gets an OperationCanceledException
// and never learns what failed. (When nothing fails, the results are right and on time.)
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
        var a = await firstTask;
        var b = await secondTask;
        return (a, b);
    }

    public static async Task<T[]> AllAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        CancellationToken cancellationToken = default)
    {
        using var join = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<T>[] tasks = [.. operations.Select(operation => operation(join.Token))];
        foreach (var task in tasks) CancelOnFailure(task, join);
        var results = new List<T>();
        foreach (var task in tasks) results.Add(await task);
        return [.. results];
    }

    private static void CancelOnFailure(Task task, CancellationTokenSource join) =>
        task.ContinueWith(_ => join.Cancel(), CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
