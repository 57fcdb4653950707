namespace Katas.TimeLimit;

/// <summary>WRONG: races the operation against a delay with Task.WhenAny, and cancels neither.</summary>
public static class Timeouts
{
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation, TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        var task = operation(cancellationToken);
        var delay = Task.Delay(limit, timeProvider, cancellationToken);
        // Mistake: WhenAny cancels nothing. On a timeout the operation goes on running; when the operation wins,
        // the delay's timer is left pending.
        if (await Task.WhenAny(task, delay) == delay)
        {
            await delay; // rethrows the caller's cancellation, if that is what ended the delay
            throw new TimeoutException($"The operation did not finish within {limit.TotalMilliseconds} ms.");
        }
        return await task;
    }
}
