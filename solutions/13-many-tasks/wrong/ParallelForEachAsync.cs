namespace Katas.ManyTasks;

// WRONG ANSWER: Parallel.ForEachAsync with its default degree of parallelism (the number of cores): only that many waits at a time, as if tasks were as costly as threads.
public static class ManyWaits
{
    public static async Task<int[]> RunAsync(int count, TimeSpan wait, Action<int> woke, TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        var results = new int[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), cancellationToken, async (id, token) =>
        {
            await Task.Delay(wait, timeProvider, token);
            woke(id);
            results[id] = id;
        });
        return results;
    }
}
