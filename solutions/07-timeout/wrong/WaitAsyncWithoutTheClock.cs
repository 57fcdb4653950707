namespace Katas.TimeLimit;

/// <summary>WRONG: WaitAsync(limit) without the TimeProvider, and the operation never learns of the timeout.</summary>
public static class Timeouts
{
    public static Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation, TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        // Mistakes: this WaitAsync overload times out on the real clock, and the operation's token is only the
        // caller's, so nothing tells the operation to stop at the limit.
        return operation(cancellationToken).WaitAsync(limit, cancellationToken);
    }
}
