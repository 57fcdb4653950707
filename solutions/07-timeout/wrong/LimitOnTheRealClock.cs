namespace Katas.TimeLimit;

/// <summary>WRONG: the time limit runs on the real clock (CancelAfter of a source made without the TimeProvider).</summary>
public static class Timeouts
{
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation, TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Mistake: a linked source has no TimeProvider, so CancelAfter starts a real timer.
        linked.CancelAfter(limit);
        try
        {
            return await operation(linked.Token).WaitAsync(linked.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The operation did not finish within {limit.TotalMilliseconds} ms.", e);
        }
    }
}
