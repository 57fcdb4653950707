namespace Katas.ManyTasks;

// WRONG ANSWER: Task.Delay without the TimeProvider: the waits run on the real clock, which the tests' fake clock never moves.
public static class ManyWaits
{
    public static async Task<int[]> RunAsync(int count, TimeSpan wait, Action<int> woke, TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        var tasks = Enumerable.Range(0, count).Select(async id =>
        {
            await Task.Delay(wait, cancellationToken);
            woke(id);
            return id;
        }).ToArray();
        return await Task.WhenAll(tasks);
    }
}
