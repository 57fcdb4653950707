namespace Katas.ManyTasks;

// WRONG ANSWER: reports the tasks as 1 to count ("task 1 woke"), but returns 0 to count - 1: woke(i) gets i + 1.

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
            tasks[i] = WaitOneAsync(i, wait, woke, timeProvider, cancellationToken);
        return await Task.WhenAll(tasks);
    }

    private static async Task<int> WaitOneAsync(int id, TimeSpan wait, Action<int> woke, TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        await Task.Delay(wait, timeProvider, cancellationToken);
        woke(id + 1); // humans count from 1
        return id;
    }
}
