namespace Katas.ManyTasks;

// WRONG ANSWER: a thread per wait, each sleeping (the tutorial's thread::spawn + thread::sleep): 10,000 threads, and the sleep is on the real clock.
public static class ManyWaits
{
    public static Task<int[]> RunAsync(int count, TimeSpan wait, Action<int> woke, TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        var results = new int[count];
        var threads = new Thread[count];
        for (var i = 0; i < count; i++)
        {
            var id = i;
            threads[i] = new Thread(() =>
            {
                Thread.Sleep(wait);
                woke(id);
                results[id] = id;
            });
            threads[i].Start();
        }
        foreach (var thread in threads) thread.Join();
        return Task.FromResult(results);
    }
}
