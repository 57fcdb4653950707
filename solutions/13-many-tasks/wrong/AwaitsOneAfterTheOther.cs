namespace Katas.ManyTasks;

// WRONG ANSWER: awaits each wait before starting the next: 10,000 waits of 1 s take 10,000 s.
public static class ManyWaits
{
    public static async Task<int[]> RunAsync(int count, TimeSpan wait, Action<int> woke, TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        var results = new int[count];
        for (var i = 0; i < count; i++)
        {
            await Task.Delay(wait, timeProvider, cancellationToken);
            woke(i);
            results[i] = i;
        }
        return results;
    }
}
