namespace Katas.ManyTasks;

// WRONG ANSWER: the token is not passed to Task.Delay: cancelling stops nothing, every wait runs to its end.
public static class ManyWaits
{
    public static async Task<int[]> RunAsync(int count, TimeSpan wait, Action<int> woke, TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        var tasks = Enumerable.Range(0, count).Select(async id =>
        {
            await Task.Delay(wait, timeProvider);
            woke(id);
            return id;
        }).ToArray();
        return await Task.WhenAll(tasks);
    }
}
