namespace Katas.Join;

// WRONG: awaits each operation before starting the next, so the join takes the sum of the durations
// (100 ms + 50 ms = 150 ms) instead of the longest. The classic first attempt at a join.
public static class Join
{
    public static async Task<(T1, T2)> BothAsync<T1, T2>(
        Func<CancellationToken, Task<T1>> first,
        Func<CancellationToken, Task<T2>> second,
        CancellationToken cancellationToken = default)
    {
        var a = await first(cancellationToken);
        var b = await second(cancellationToken);
        return (a, b);
    }

    public static async Task<T[]> AllAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        CancellationToken cancellationToken = default)
    {
        var results = new List<T>();
        foreach (var operation in operations) results.Add(await operation(cancellationToken));
        return [.. results];
    }
}
