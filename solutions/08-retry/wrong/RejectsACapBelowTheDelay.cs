namespace Katas.Retry;

// WRONG ANSWER: rejects a MaxDelay below the base delay, although the cap applies to every wait, the first one too.

/// <summary>How the delay between attempts grows.</summary>
public enum Backoff
{
    /// <summary>The same delay after every failed attempt: 1 s, 1 s, 1 s.</summary>
    Constant,

    /// <summary>The delay doubles after every failed attempt: 1 s, 2 s, 4 s.</summary>
    Exponential,
}

/// <summary>One retry, as reported to <see cref="RetryPolicy.OnRetry"/>: attempt 1 failed, the next one comes in 1 s.</summary>
/// <param name="Attempt">The number of the attempt that failed, from 1.</param>
/// <param name="Error">The exception that attempt threw.</param>
/// <param name="Delay">How long the retrier waits now, before the next attempt.</param>
public sealed record RetryEvent(int Attempt, Exception Error, TimeSpan Delay)
{
    /// <summary>The tutorial's log line: "Attempt 1 failed: connection refused, retrying in 1000 ms...".</summary>
    public override string ToString() =>
        $"Attempt {Attempt} failed: {Error.Message}, retrying in {Delay.TotalMilliseconds:0.###} ms...";
}

/// <summary>
/// How to retry: how many attempts at most, how long to wait between them, and which errors are worth another
/// try. Like Polly's <c>RetryStrategyOptions</c>; an invalid policy cannot be built.
/// </summary>
public sealed class RetryPolicy
{
    /// <summary>A policy of at most <paramref name="maxAttempts"/> attempts.</summary>
    /// <param name="maxAttempts">How many attempts in all, the first one included (1 means: never retry).</param>
    /// <param name="delay">The wait after the first failed attempt; the base of the backoff.</param>
    /// <param name="backoff">Whether the wait stays the same or doubles after each failed attempt.</param>
    /// <param name="maxDelay">The longest wait, however far the backoff has grown; null for no cap.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="maxAttempts"/> is less than 1, or a delay is negative.
    /// </exception>
    public RetryPolicy(int maxAttempts, TimeSpan delay, Backoff backoff = Backoff.Constant, TimeSpan? maxDelay = null)
    {
        // Validated here, once: a policy that exists is a valid one, and no call can fail on it halfway through.
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        if (maxDelay is { } cap) ArgumentOutOfRangeException.ThrowIfLessThan(cap, delay, nameof(maxDelay));
        MaxAttempts = maxAttempts;
        Delay = delay;
        Backoff = backoff;
        MaxDelay = maxDelay;
    }

    /// <summary>How many attempts in all, the first one included.</summary>
    public int MaxAttempts { get; }

    /// <summary>The wait after the first failed attempt.</summary>
    public TimeSpan Delay { get; }

    /// <summary>How the wait grows from one failed attempt to the next.</summary>
    public Backoff Backoff { get; }

    /// <summary>The longest wait; null for no cap.</summary>
    public TimeSpan? MaxDelay { get; }

    /// <summary>
    /// Decides whether an error is transient, i.e. worth another attempt. The default, like Polly's, retries every
    /// exception except an <see cref="OperationCanceledException"/>.
    /// </summary>
    public Func<Exception, bool> ShouldRetry { get; init; } = error => error is not OperationCanceledException;

    /// <summary>Called before each wait, once per retry; never for the last attempt.</summary>
    public Action<RetryEvent>? OnRetry { get; init; }

    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (from 1), backoff and cap applied.</summary>
    /// <param name="attempt">The number of the attempt that failed, from 1.</param>
    /// <returns>Exponential with a 1 s base and a 5 s cap: 1, 2, 4, 5, 5 s after attempts 1, 2, 3, 4, 5.</returns>
    public TimeSpan DelayAfter(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var cap = MaxDelay ?? TimeSpan.MaxValue;
        // Attempt 1 waits the base delay itself: 2^0, 2^1, 2^2... (compared in doubles, so that it cannot overflow).
        var factor = Backoff == Backoff.Exponential ? Math.Pow(2, attempt - 1) : 1;
        return Delay.Ticks * factor >= cap.Ticks ? cap : Delay * factor;
    }
}

/// <summary>Retries an operation that fails now and then, like the tutorial's <c>retry_with_backoff</c>.</summary>
public static class Retries
{
    /// <summary>
    /// Runs <paramref name="operation"/> until it succeeds, retrying transient errors after a backoff delay
    /// measured on <paramref name="timeProvider"/>, at most <see cref="RetryPolicy.MaxAttempts"/> times.
    /// </summary>
    /// <typeparam name="T">The type of the operation's result.</typeparam>
    /// <param name="operation">Starts one attempt. A started task cannot be started again: every attempt calls it anew.</param>
    /// <param name="policy">How many attempts, how long between them, which errors to retry, whom to tell.</param>
    /// <param name="timeProvider">The clock the delays are measured on.</param>
    /// <param name="cancellationToken">The caller's token: passed to every attempt; stops the retrying at once.</param>
    /// <returns>The result of the first attempt that succeeds.</returns>
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation,
        RetryPolicy policy,
        TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(timeProvider);

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // A new task per attempt: the factory starts the work again.
                return await operation(cancellationToken);
            }
            // The filter decides without catching: an error that is not retried (the last attempt's, a permanent
            // one, or the caller's cancellation) flies on untouched, as itself, with its own stack trace.
            catch (Exception error) when (
                attempt < policy.MaxAttempts
                && !cancellationToken.IsCancellationRequested
                && policy.ShouldRetry(error))
            {
                var delay = policy.DelayAfter(attempt);
                policy.OnRetry?.Invoke(new RetryEvent(attempt, error, delay));
                // On the injected clock, and with the caller's token: a cancellation ends the wait at once.
                await Task.Delay(delay, timeProvider, cancellationToken);
            }
        }
    }
}
