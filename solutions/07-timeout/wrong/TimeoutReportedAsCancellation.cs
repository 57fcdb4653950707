namespace Katas.TimeLimit;

/// <summary>WRONG: a timeout comes out as the OperationCanceledException of the timeout's token.</summary>
public static class Timeouts
{
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation, TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        using var timeout = new CancellationTokenSource(limit, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        // Mistake: nothing turns the timeout's cancellation into a TimeoutException, so the caller cannot tell a
        // timeout from its own cancellation.
        return await operation(linked.Token).WaitAsync(linked.Token);
    }
}
