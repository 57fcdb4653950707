namespace Katas.ManyTasks;

// WRONG ANSWER: calls woke(i) when the task starts, then waits: every "woke" comes at t=0.

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
        var tasks = new Task<int>[count];
        for (var i = 0; i < count; i++)
        {
            var id = i;
            woke(id);
            tasks[i] = Task.Delay(wait, timeProvider, cancellationToken).ContinueWith(_ => id, cancellationToken,
                TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
        return await Task.WhenAll(tasks);
    }
}
