namespace Katas.ManyTasks;

// WRONG ANSWER: each wait gets a ContinueWith lambda that calls woke(i) with the for loop's variable, shared by every iteration: every task calls woke(10000).

/// <summary>
/// The tutorial's "async vs threads" demonstration: ten thousand tasks that each wait one second, all at
/// once, cost one second and (nearly) no threads.
/// </summary>
public static class ManyWaits
{
    /// <summary>
    /// Starts <paramref name="count"/> tasks at once. Task <c>i</c> waits <paramref name="wait"/> on
    /// <paramref name="timeProvider"/>, then calls <paramref name="woke"/> with <c>i</c> and returns <c>i</c>.
    /// Completes when every task is done, with their results in the order the tasks were started.
    /// </summary>
    /// <param name="count">How many tasks to start: 0, 3, 10,000...</param>
    /// <param name="wait">How long each task waits.</param>
    /// <param name="woke">Called by each task, with its number, right after its wait is over.</param>
    /// <param name="timeProvider">The clock to wait on (the tests pass a fake one).</param>
    /// <param name="cancellationToken">Stops every wait that is still going on.</param>
    /// <returns><c>[0, 1, ..., count - 1]</c>, once all the tasks are done.</returns>
    public static async Task<int[]> RunAsync(int count, TimeSpan wait, Action<int> woke, TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        var tasks = new List<Task>();
        for (var i = 0; i < count; i++)
            tasks.Add(Task.Delay(wait, timeProvider, cancellationToken)
                .ContinueWith(_ => woke(i), cancellationToken, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default));
        await Task.WhenAll(tasks);
        return [.. Enumerable.Range(0, count)];
    }
}
