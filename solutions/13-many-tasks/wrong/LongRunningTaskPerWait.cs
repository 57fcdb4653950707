namespace Katas.ManyTasks;

// WRONG ANSWER: Task.Factory.StartNew with LongRunning and Thread.Sleep: a task per wait, but each one gets a dedicated thread that sleeps on the real clock.
public static class ManyWaits
{
    public static async Task<int[]> RunAsync(int count, TimeSpan wait, Action<int> woke, TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        var tasks = Enumerable.Range(0, count).Select(id => Task.Factory.StartNew(() =>
        {
            Thread.Sleep(wait);
            woke(id);
            return id;
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        return await Task.WhenAll(tasks);
    }
}
