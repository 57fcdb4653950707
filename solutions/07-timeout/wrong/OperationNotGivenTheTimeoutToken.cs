namespace Katas.TimeLimit;

/// <summary>WRONG: WaitAsync on the right clock, but the operation gets only the caller's token.</summary>
public static class Timeouts
{
    public static Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation, TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        // Mistake: the wait ends at the limit with a TimeoutException, but the operation is never told: its token
        // is the caller's, which the timeout does not cancel. It goes on running after the call returned.
        return operation(cancellationToken).WaitAsync(limit, timeProvider, cancellationToken);
    }
}
