namespace Katas.TimeLimit;

/// <summary>WRONG: lets the operation run to the end, then checks whether it took too long.</summary>
public static class Timeouts
{
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation, TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        var started = timeProvider.GetTimestamp();
        var result = await operation(cancellationToken);
        // Mistake: a timeout found out afterwards is no time limit: the caller waited the whole time, and the
        // operation was never told to stop. (And `>` lets an operation that needs exactly the limit through.)
        if (timeProvider.GetElapsedTime(started) > limit)
            throw new TimeoutException($"The operation did not finish within {limit.TotalMilliseconds} ms.");
        return result;
    }
}
