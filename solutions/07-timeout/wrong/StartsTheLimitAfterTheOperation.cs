namespace Katas.TimeLimit;

// WRONG: starts the operation first and only then the limit (WaitAsync(limit, timeProvider)): at the very instant of
// the limit the operation's own timer fires first, so an operation that needs exactly the limit is let through.
public static class Timeouts
{
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation, TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = operation(stop.Token);
        try
        {
            return await running.WaitAsync(limit, timeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            await stop.CancelAsync();
            throw;
        }
    }
}
