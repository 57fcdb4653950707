namespace Katas.Join;

// CORRECT: Task.WhenEach hands out the tasks in completion order; the first one that did not succeed cancels the
// others and is awaited to rethrow its own exception. BothAsync is AllAsync over two boxed operations.

public static class Join
{
    public static async Task<(T1, T2)> BothAsync<T1, T2>(
        Func<CancellationToken, Task<T1>> first,
        Func<CancellationToken, Task<T2>> second,
        CancellationToken cancellationToken = default)
    {
        var results = await AllAsync<object?>(
            [async token => await first(token), async token => await second(token)], cancellationToken);
        return ((T1)results[0]!, (T2)results[1]!);
    }

    public static async Task<T[]> AllAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        using var join = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = operations.Select(operation => operation(join.Token)).ToList();
        await foreach (var finished in Task.WhenEach(tasks))
        {
            if (finished.IsCompletedSuccessfully) continue;
            join.Cancel();
            await finished;
        }
        return [.. tasks.Select(task => task.Result)];
    }
}
