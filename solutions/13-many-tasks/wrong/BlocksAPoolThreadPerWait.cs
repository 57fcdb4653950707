namespace Katas.ManyTasks;

// WRONG ANSWER: Task.Run with a blocking .Wait() on the delay: every wait holds a thread-pool thread, which starves the pool.
public static class ManyWaits
{
    public static async Task<int[]> RunAsync(int count, TimeSpan wait, Action<int> woke, TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        var tasks = Enumerable.Range(0, count).Select(id => Task.Run(() =>
        {
            Task.Delay(wait, timeProvider, cancellationToken).Wait(cancellationToken);
            woke(id);
            return id;
        }, cancellationToken)).ToArray();
        return await Task.WhenAll(tasks);
    }
}
