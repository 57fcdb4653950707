using Snapshooter.NUnit;

namespace Katas.Retry;

/// <summary>
/// A flaky remote call: its first attempts fail, then one succeeds (or none does). Every call is one attempt,
/// recorded on the timeline as the lane "attempt N", and takes <c>duration</c> on the fake clock (0 by default:
/// it fails at once, so the attempts start exactly at the times the backoff says).
/// </summary>
internal sealed class FlakyOperation
{
    private static readonly string[] Messages =
        ["connection refused", "connection reset by peer", "503 Service Unavailable", "timed out"];

    private readonly VirtualRuntime _runtime;
    private readonly int _failures;
    private readonly TimeSpan _duration;
    private readonly Func<int, Exception> _errorFor;

    /// <summary>An operation whose first <paramref name="failures"/> attempts fail.</summary>
    public FlakyOperation(VirtualRuntime runtime, int failures, TimeSpan duration = default, Func<int, Exception>? errorFor = null)
    {
        _runtime = runtime;
        _failures = failures;
        _duration = duration;
        _errorFor = errorFor ?? (n => new IOException(n <= Messages.Length ? Messages[n - 1] : $"failure {n}"));
    }

    /// <summary>An operation that never succeeds.</summary>
    public static FlakyOperation AlwaysFailing(VirtualRuntime runtime, TimeSpan duration = default) =>
        new(runtime, int.MaxValue, duration);

    /// <summary>What a successful attempt returns.</summary>
    public const string Result = "data";

    /// <summary>When each attempt started.</summary>
    public List<TimeSpan> Starts { get; } = [];

    /// <summary>The errors thrown, in order: Errors[0] by attempt 1.</summary>
    public List<Exception> Errors { get; } = [];

    /// <summary>How many attempts were made.</summary>
    public int Calls => Starts.Count;

    /// <summary>One attempt.</summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        Starts.Add(_runtime.Now);
        var attempt = Starts.Count;
        var lane = $"attempt {attempt}";
        _runtime.Timeline.Record(lane, Timeline.Started);
        try
        {
            if (_duration > TimeSpan.Zero) await Task.Delay(_duration, _runtime.Clock, cancellationToken);
            else cancellationToken.ThrowIfCancellationRequested();
        }
        catch (OperationCanceledException)
        {
            _runtime.Timeline.Record(lane, Timeline.Cancelled);
            throw;
        }
        if (attempt <= _failures)
        {
            var error = _errorFor(attempt);
            Errors.Add(error);
            _runtime.Timeline.Record(lane, Timeline.Failed);
            throw error;
        }
        _runtime.Timeline.Record(lane, Timeline.Completed);
        return Result;
    }

    /// <summary>"attempt 2 (IOException: connection reset by peer)", to name an error in a failure message.</summary>
    public string Describe(Exception? error)
    {
        if (error is null) return "no exception";
        var index = Errors.IndexOf(error);
        var what = $"{error.GetType().Name}: {LearnerText.MessageOf(error)}";
        return index >= 0 ? $"the error of attempt {index + 1} ({what})" : $"a new exception ({what})";
    }
}

/// <summary>Helpers shared by the tests of this kata.</summary>
internal static class Check
{
    public static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    public static TimeSpan Seconds(double s) => TimeSpan.FromSeconds(s);

    /// <summary>Runs the retrier on <paramref name="op"/> with <paramref name="policy"/> on the runtime's clock.</summary>
    public static Outcome<string> Retry(VirtualRuntime runtime, FlakyOperation op, RetryPolicy policy, CancellationToken token = default) =>
        runtime.Run(() => Retries.RunAsync<string>(op.RunAsync, policy, runtime.Clock, token));

    /// <summary>Fails unless the attempts started at exactly <paramref name="expectedMs"/>.</summary>
    public static void AttemptsStartedAt(VirtualRuntime runtime, FlakyOperation op, double[] expectedMs, string hint)
    {
        var actual = op.Starts.Select(t => t.TotalMilliseconds).ToArray();
        if (actual.SequenceEqual(expectedMs)) return;
        var diagnosis = actual.Length > 1 && actual.All(t => t == 0)
            ? " Every attempt started at t=0: no fake time passed between them. " + WaitsSeen(runtime)
            : actual.Length != expectedMs.Length
                ? $" That is {actual.Length} attempts instead of {expectedMs.Length}."
                : "";
        throw new AssertionException(
            $"The attempts started at {Times(actual)}, expected {Times(expectedMs)}.{diagnosis} {hint}" +
            Environment.NewLine + Environment.NewLine + runtime.Timeline.Render());
    }

    /// <summary>What the fake clock saw of the waits, for a run whose attempts all started at t=0.</summary>
    private static string WaitsSeen(VirtualRuntime runtime)
    {
        var waits = runtime.Clock.Timers.Where(t => !t.IsHarnessTimer).ToList();
        if (waits.Count == 0)
            return "No timer was created on the fake clock: nothing waited on it between the attempts.";
        var pending = waits.Count(t => t.IsPending);
        return $"{waits.Count} timer(s) were created on the fake clock, {pending} of them still pending now: " +
               "waits were started, but the next attempt did not wait for them (is the Task.Delay awaited?).";
    }

    /// <summary>Fails unless the operation was called at least once.</summary>
    public static void Attempted(Outcome outcome, FlakyOperation op)
    {
        if (op.Calls > 0) return;
        throw new AssertionException($"The operation was never called: the call {outcome}");
    }

    /// <summary>Fails unless the call returned the operation's result at exactly <paramref name="at"/>.</summary>
    public static void SucceededAt(Outcome<string> outcome, FlakyOperation op, TimeSpan at, string hint)
    {
        if (!outcome.Succeeded)
            throw new AssertionException(
                $"Expected the result \"{FlakyOperation.Result}\" at t={Format.Ms(at)}, but after {op.Calls} attempt(s) the call " +
                $"{outcome}. {hint}" + Environment.NewLine + Environment.NewLine + outcome.Timeline.Render());
        Assert.That(outcome.Value, Is.EqualTo(FlakyOperation.Result), "the result must be the operation's own result");
        TimelineAssert.CompletedAt(outcome, at, hint);
    }

    /// <summary>Fails unless the call was cancelled at exactly <paramref name="at"/>.</summary>
    public static void CancelledAt(Outcome<string> outcome, FlakyOperation op, TimeSpan at, string hint)
    {
        if (outcome.IsCanceled && outcome.CompletedAt == at) return;
        var what = outcome.IsCanceled
            ? $"was cancelled at t={Format.Ms(outcome.CompletedAt ?? default)}"
            : outcome.Exception is { } error && op.Errors.Contains(error)
                ? $"ended at t={Format.Ms(outcome.CompletedAt ?? default)} with {op.Describe(error)}"
                : $"{outcome}";
        throw new AssertionException(
            $"Expected the call to end cancelled (OperationCanceledException) at t={Format.Ms(at)}, but after {op.Calls} " +
            $"attempt(s) it {what}. {hint}" + Environment.NewLine + Environment.NewLine + outcome.Timeline.Render());
    }

    /// <summary>Builds a policy the contract allows; fails, showing the exception, when the constructor rejects it.</summary>
    public static RetryPolicy Valid(Func<RetryPolicy> build, string what)
    {
        try
        {
            return build();
        }
        catch (ArgumentException e)
        {
            throw new AssertionException(
                $"A policy with {what} is valid, but the RetryPolicy constructor rejected it with {e.GetType().Name}: {LearnerText.MessageOf(e)}");
        }
    }

    /// <summary>
    /// Builds the policy and runs it; returns the argument exception, whether the constructor threw it or the call.
    /// Fails unless there was one, and no attempt was made.
    /// </summary>
    public static void RejectedUpFront(Func<RetryPolicy> build, string what)
    {
        using var runtime = new VirtualRuntime();
        var op = new FlakyOperation(runtime, failures: 0);
        Exception? error;
        try
        {
            var policy = build();
            error = Retry(runtime, op, policy).Exception;
        }
        catch (ArgumentException e)
        {
            error = e;
        }
        Assert.That(error, Is.InstanceOf<ArgumentException>(),
            $"A policy with {what} is invalid: expected an ArgumentOutOfRangeException (an ArgumentException) from the " +
            $"RetryPolicy constructor, before anything runs; got {(error is null ? $"none, and the call made {op.Calls} attempt(s)" : $"{error.GetType().Name}: {error.Message}")}.");
        Assert.That(op.Calls, Is.Zero,
            $"A policy with {what} must be rejected before the first attempt, not after {op.Calls} attempt(s).");
    }

    private static string Times(double[] ms) =>
        ms.Length == 0 ? "(no attempt at all)" : "t = " + string.Join(", ", ms.Select(m => m.ToString(System.Globalization.CultureInfo.InvariantCulture))) + " ms";
}

/// <summary>A policy is valid when it is built, and says how long each wait is.</summary>
public class RetryPolicyTests
{
    private static TimeSpan Seconds(double s) => Check.Seconds(s);

    [Test]
    public void A_policy_of_zero_attempts_is_rejected_before_any_attempt() =>
        Check.RejectedUpFront(() => new RetryPolicy(maxAttempts: 0, delay: Seconds(1)), "0 attempts (MaxAttempts counts the first attempt too)");

    [Test]
    public void A_negative_delay_is_rejected_before_any_attempt() =>
        Check.RejectedUpFront(() => new RetryPolicy(maxAttempts: 3, delay: Check.Ms(-1)), "a delay of -1 ms");

    [Test]
    public void A_negative_maximum_delay_is_rejected_before_any_attempt() =>
        Check.RejectedUpFront(() => new RetryPolicy(maxAttempts: 3, delay: Seconds(1), backoff: Backoff.Exponential, maxDelay: Seconds(-5)),
            "a maximum delay of -5 s");

    [Test]
    public void Delays_follow_the_backoff_from_the_base_delay_and_stop_at_the_cap()
    {
        var exponential = new RetryPolicy(maxAttempts: 7, delay: Seconds(1), backoff: Backoff.Exponential, maxDelay: Seconds(5));
        var constant = new RetryPolicy(maxAttempts: 7, delay: Seconds(1), backoff: Backoff.Constant, maxDelay: Seconds(5));

        Assert.That(Enumerable.Range(1, 6).Select(exponential.DelayAfter), Is.EqualTo(new[] { 1, 2, 4, 5, 5, 5 }.Select(s => Seconds(s))),
            "Exponential backoff, 1 s base, 5 s cap: after attempt 1 wait 1 s (the base itself), then 2 s, 4 s, and 8 s is " +
            "capped to 5 s from then on. 2, 4, 8 starts the doubling one attempt too early (2^attempt instead of " +
            "2^(attempt-1)); 1, 2, 3 is linear; 8, 16 means there is no cap.");
        Assert.That(Enumerable.Range(1, 6).Select(constant.DelayAfter), Is.EqualTo(Enumerable.Repeat(Seconds(1), 6)),
            "Constant backoff waits the base delay after every attempt: it never doubles.");
    }

    [Test]
    public void The_maximum_delay_caps_a_constant_delay_too()
    {
        var policy = Check.Valid(() => new RetryPolicy(maxAttempts: 4, delay: Seconds(5), backoff: Backoff.Constant, maxDelay: Seconds(2)),
            "a constant 5 s delay and a 2 s maximum delay");

        Assert.That(Enumerable.Range(1, 3).Select(policy.DelayAfter), Is.EqualTo(Enumerable.Repeat(Seconds(2), 3)),
            "MaxDelay caps every wait, whatever the backoff: a constant 5 s delay with a 2 s cap waits 2 s each time. " +
            "Is the cap applied to the exponential backoff only?");
    }

    [Test]
    public void A_high_attempt_number_with_a_cap_neither_overflows_nor_goes_negative()
    {
        var policy = new RetryPolicy(maxAttempts: 100, delay: Seconds(1), backoff: Backoff.Exponential, maxDelay: Seconds(10));
        var expected = Enumerable.Range(1, 99).Select(attempt => Seconds(Math.Min(10, Math.Pow(2, attempt - 1)))).ToList();

        var wrong = new List<string>();
        for (var attempt = 1; attempt <= 99; attempt++)
        {
            string? seen;
            try
            {
                var delay = policy.DelayAfter(attempt);
                seen = delay == expected[attempt - 1] ? null : Format.Ms(delay);
            }
            catch (Exception e) when (e is not NotImplementedException)
            {
                seen = $"threw {e.GetType().Name}: {e.Message}";
            }
            if (seen is not null) wrong.Add($"DelayAfter({attempt}) = {seen}, expected {Format.Ms(expected[attempt - 1])}");
        }

        Assert.That(wrong, Is.Empty,
            "Exponential, 1 s base, 10 s cap, 100 attempts: the waits are 1, 2, 4, 8 s, then 10 s up to the last one. " +
            "2^(attempt-1) outgrows a TimeSpan (and an int shift wraps round) long before attempt 99: the cap must win " +
            $"before the doubled delay is built as a TimeSpan. Seen ({wrong.Count} wrong):{Environment.NewLine}" +
            string.Join(Environment.NewLine, wrong.Take(5)));
    }
}

/// <summary>The attempts happen at the exact times the backoff says, measured on the injected clock.</summary>
public class BackoffTests
{
    private static TimeSpan Seconds(double s) => Check.Seconds(s);

    [Test]
    public void Exponential_backoff_makes_its_attempts_at_0_1_3_and_7_seconds()
    {
        using var runtime = new VirtualRuntime();
        var op = new FlakyOperation(runtime, failures: 3);
        var policy = new RetryPolicy(maxAttempts: 4, delay: Seconds(1), backoff: Backoff.Exponential);

        var outcome = Check.Retry(runtime, op, policy);

        Check.Attempted(outcome, op);
        Check.AttemptsStartedAt(runtime, op, [0, 1000, 3000, 7000],
            "Exponential backoff with a 1 s base waits 1 s, 2 s, 4 s after attempts 1, 2, 3. " +
            "0, 2000, 6000, 14000 doubles from the first wait on (2^attempt instead of 2^(attempt-1)); " +
            "0, 1000, 3000, 6000 grows linearly.");
        Check.SucceededAt(outcome, op, Seconds(7),
            "Three failures, then the fourth attempt succeeds; MaxAttempts = 4 counts the first attempt too.");
    }

    [Test]
    public void Constant_backoff_waits_the_same_delay_between_attempts()
    {
        using var runtime = new VirtualRuntime();
        var op = new FlakyOperation(runtime, failures: 3);
        var policy = new RetryPolicy(maxAttempts: 5, delay: Check.Ms(500), backoff: Backoff.Constant);

        var outcome = Check.Retry(runtime, op, policy);

        Check.Attempted(outcome, op);
        Check.AttemptsStartedAt(runtime, op, [0, 500, 1000, 1500],
            "Constant backoff waits the same 500 ms after every failed attempt: does the delay double whatever the Backoff says?");
        Check.SucceededAt(outcome, op, Check.Ms(1500), "Three failures 500 ms apart, then the fourth attempt succeeds.");
    }

    [Test]
    public void The_delay_never_grows_beyond_the_maximum_delay()
    {
        using var runtime = new VirtualRuntime();
        var op = new FlakyOperation(runtime, failures: 5);
        var policy = new RetryPolicy(maxAttempts: 6, delay: Seconds(1), backoff: Backoff.Exponential, maxDelay: Seconds(3));

        var outcome = Check.Retry(runtime, op, policy);

        Check.Attempted(outcome, op);
        Check.AttemptsStartedAt(runtime, op, [0, 1000, 3000, 6000, 9000, 12000],
            "With a 3 s cap the waits are 1, 2, then 3 s instead of 4 and 8 and 16: the cap applies to every wait, " +
            "not only to the base delay.");
        Check.SucceededAt(outcome, op, Seconds(12), "Waits of 1, 2, 3, 3, 3 s: the sixth attempt succeeds at t=12 s.");
    }

    [Test]
    public void The_delay_is_counted_from_the_failure_of_the_attempt()
    {
        using var runtime = new VirtualRuntime();
        var op = new FlakyOperation(runtime, failures: 2, duration: Check.Ms(100));
        var policy = new RetryPolicy(maxAttempts: 3, delay: Seconds(1), backoff: Backoff.Exponential);

        var outcome = Check.Retry(runtime, op, policy);

        Check.Attempted(outcome, op);
        Check.AttemptsStartedAt(runtime, op, [0, 1100, 3200],
            "Each attempt takes 100 ms and the wait starts when it fails: attempt 1 fails at 100 ms, attempt 2 starts " +
            "1 s later at 1100 ms, fails at 1200 ms, attempt 3 starts 2 s later at 3200 ms. The backoff is a pause " +
            "between attempts (as in Polly), not a timetable counted from the start of the call.");
        Check.SucceededAt(outcome, op, Check.Ms(3300), "The third attempt succeeds 100 ms after it started.");
    }

    [Test]
    public void A_zero_delay_retries_at_once_at_the_same_instant()
    {
        using var runtime = new VirtualRuntime();
        var op = new FlakyOperation(runtime, failures: 2);
        var policy = Check.Valid(() => new RetryPolicy(maxAttempts: 3, delay: TimeSpan.Zero), "a zero delay");

        var outcome = Check.Retry(runtime, op, policy);

        Check.Attempted(outcome, op);
        Check.AttemptsStartedAt(runtime, op, [0, 0, 0],
            "A zero delay is allowed and means: retry at once. Both failures are retried without any wait.");
        Check.SucceededAt(outcome, op, TimeSpan.Zero, "The third attempt succeeds at t=0 ms.");
    }
}

/// <summary>How many attempts, which errors are retried, and what the caller sees in the end.</summary>
public class AttemptTests
{
    private static TimeSpan Seconds(double s) => Check.Seconds(s);

    [Test]
    public void Makes_exactly_MaxAttempts_attempts_then_rethrows_the_last_error_itself()
    {
        using var runtime = new VirtualRuntime();
        var op = FlakyOperation.AlwaysFailing(runtime);
        var policy = new RetryPolicy(maxAttempts: 4, delay: Check.Ms(100));

        var outcome = Check.Retry(runtime, op, policy);

        Check.Attempted(outcome, op);
        Assert.That(op.Calls, Is.EqualTo(4),
            $"MaxAttempts = 4 means 4 attempts in all, the first one included (1 attempt + 3 retries), but the operation " +
            $"was called {op.Calls} time(s): {op.Calls switch { > 4 => "one attempt too many (a loop up to <= MaxAttempts?)", 3 => "one attempt too few (the loop stops one attempt early?)", 1 => "a failed task cannot be retried: call the operation again for every attempt", _ => "is the count right?" }}." +
            Environment.NewLine + runtime.Timeline.Render());
        Assert.That(outcome.Exception, Is.SameAs(op.Errors[^1]),
            $"When every attempt fails, the caller must see the last attempt's exception itself (as Polly does), so that " +
            $"it can catch an IOException as usual; it got {op.Describe(outcome.Exception)}" +
            (outcome.Exception?.InnerException is { } inner ? $", wrapping {op.Describe(inner)}" : "") +
            ". Do not wrap it, do not keep the first one: let it propagate (an exception filter, or `throw;`).");
    }

    [Test]
    public void Gives_up_when_the_last_attempt_fails_without_waiting_again()
    {
        using var runtime = new VirtualRuntime();
        var op = FlakyOperation.AlwaysFailing(runtime);
        var policy = new RetryPolicy(maxAttempts: 4, delay: Seconds(1), backoff: Backoff.Exponential);

        var outcome = Check.Retry(runtime, op, policy);

        Assert.That(outcome.Exception, Is.InstanceOf<IOException>(), $"Every attempt fails with an IOException, so must the call; it {outcome}.");
        TimelineAssert.CompletedAt(outcome, Seconds(7),
            "the fourth and last attempt fails at t=7000 ms, and that is when the caller learns it. A delay after the " +
            "last attempt (8 s here) makes the caller wait for an attempt that never comes.");
        runtime.AssertNoPendingTimers("a wait was left behind after the call gave up.");
    }

    [Test]
    public void An_error_that_is_not_transient_is_rethrown_at_once()
    {
        using var runtime = new VirtualRuntime();
        var denied = new UnauthorizedAccessException("invalid credentials");
        var op = new FlakyOperation(runtime, failures: int.MaxValue,
            errorFor: n => n == 1 ? new IOException("connection refused") : denied);
        var retries = new List<RetryEvent>();
        var policy = new RetryPolicy(maxAttempts: 5, delay: Seconds(1), backoff: Backoff.Exponential)
        {
            ShouldRetry = error => error is IOException,
            OnRetry = retries.Add,
        };

        var outcome = Check.Retry(runtime, op, policy);

        Assert.That(outcome.Exception, Is.SameAs(denied),
            $"Attempt 1 fails with an IOException (transient: retried), attempt 2 with an UnauthorizedAccessException, " +
            $"which ShouldRetry does not accept: it must reach the caller at once, as itself. After {op.Calls} attempt(s) " +
            $"the call ended with {op.Describe(outcome.Exception)}{(op.Calls > 2 ? ": was the error retried although ShouldRetry said no?" : ".")}" +
            Environment.NewLine + runtime.Timeline.Render());
        Assert.That(op.Calls, Is.EqualTo(2),
            $"Attempt 2 failed with an error that ShouldRetry rejects, yet the operation was called {op.Calls} times: " +
            "a permanent error must not be retried. Ask policy.ShouldRetry(error) before retrying.");
        TimelineAssert.CompletedAt(outcome, Seconds(1), "attempt 2 fails at t=1000 ms with a permanent error: give up then, without waiting.");
        Assert.That(retries.Select(r => r.Attempt), Is.EqualTo(new[] { 1 }), "only attempt 1's failure was retried");
    }

    [Test]
    public void Every_attempt_calls_the_operation_again()
    {
        using var runtime = new VirtualRuntime();
        var op = new FlakyOperation(runtime, failures: 2);
        var policy = new RetryPolicy(maxAttempts: 3, delay: Check.Ms(100));

        var outcome = Check.Retry(runtime, op, policy);

        Assert.That(op.Calls, Is.EqualTo(3),
            $"The operation fails twice, then succeeds: it should have been called 3 times, but was called {op.Calls} " +
            $"time(s). A task is hot and runs once: awaiting the same failed task again only rethrows its error. Call " +
            $"the factory again for every attempt. The call {outcome}." + Environment.NewLine + runtime.Timeline.Render());
        Check.SucceededAt(outcome, op, Check.Ms(200), "the third attempt, at t=200 ms, succeeds.");
    }

    [Test]
    public void The_error_reaches_the_caller_with_the_stack_trace_of_the_operation_that_threw_it()
    {
        using var runtime = new VirtualRuntime();
        var op = FlakyOperation.AlwaysFailing(runtime);
        var policy = new RetryPolicy(maxAttempts: 2, delay: Check.Ms(100));

        var outcome = Check.Retry(runtime, op, policy);

        Check.Attempted(outcome, op);
        Assert.That(outcome.Exception, Is.SameAs(op.Errors.LastOrDefault()),
            $"Every attempt fails: the caller must get the last attempt's error itself. After {op.Calls} attempt(s) the " +
            $"call ended with {op.Describe(outcome.Exception)}." + Environment.NewLine + runtime.Timeline.Render());
        var trace = outcome.Exception!.StackTrace ?? "";
        const string thrower = nameof(FlakyOperation) + "." + nameof(FlakyOperation.RunAsync);
        Assert.That(trace, Does.Contain(thrower),
            $"The caller got the last attempt's error, but its stack trace no longer names {thrower}, the operation " +
            "that threw it: it was thrown anew on the way. `throw error;` restarts the stack trace where it stands; " +
            "an exception filter (catch ... when) that lets the error pass, or `throw;`, keeps it. The stack trace " +
            $"seen:{Environment.NewLine}{trace}");
    }
}

/// <summary>The caller's cancellation is never retried, and it ends a wait at once.</summary>
public class CancellationTests
{
    private static TimeSpan Seconds(double s) => Check.Seconds(s);

    [Test]
    public void The_callers_cancellation_during_an_attempt_is_never_retried()
    {
        using var runtime = new VirtualRuntime();
        using var caller = new CancellationTokenSource();
        var op = FlakyOperation.AlwaysFailing(runtime, duration: Check.Ms(100));
        var retries = new List<RetryEvent>();
        // Even a policy that calls every error transient must not retry the caller's own cancellation.
        var policy = new RetryPolicy(maxAttempts: 4, delay: Seconds(1)) { ShouldRetry = _ => true, OnRetry = retries.Add };
        runtime.At(Check.Ms(50), caller.Cancel);

        var outcome = Check.Retry(runtime, op, policy, caller.Token);

        Check.CancelledAt(outcome, op, Check.Ms(50),
            "The caller cancelled at t=50 ms, during attempt 1: the operation must get the caller's token (it then " +
            "stops at once), and the call must end cancelled right then.");
        Assert.That(retries, Is.Empty,
            $"The caller's cancellation was reported as a failed attempt and retried ({string.Join("; ", retries)}). " +
            "An OperationCanceledException while the caller's token is cancelled means 'stop', not 'try again': " +
            "check cancellationToken.IsCancellationRequested before retrying, whatever ShouldRetry says.");
        Assert.That(op.Calls, Is.EqualTo(1), "no attempt may start after the caller cancelled");
    }

    [Test]
    public void Cancellation_during_a_delay_ends_the_wait_at_once()
    {
        using var runtime = new VirtualRuntime();
        using var caller = new CancellationTokenSource();
        var op = FlakyOperation.AlwaysFailing(runtime);
        var policy = new RetryPolicy(maxAttempts: 4, delay: Seconds(1), backoff: Backoff.Exponential);
        runtime.At(Check.Ms(1500), caller.Cancel);

        var outcome = Check.Retry(runtime, op, policy, caller.Token);

        Check.CancelledAt(outcome, op, Check.Ms(1500),
            "Attempt 2 failed at t=1000 ms and the retrier waits 2 s; the caller cancelled at t=1500 ms, in the middle " +
            "of that wait, which must end right then: pass the caller's token to Task.Delay.");
        Assert.That(op.Calls, Is.EqualTo(2), "no attempt may start after the caller cancelled");
        runtime.AssertNoPendingTimers("the cancelled wait's timer is still pending: pass the caller's token to Task.Delay.");
    }

    [Test]
    public void An_attempts_own_cancellation_is_retried_when_the_caller_has_not_cancelled()
    {
        using var runtime = new VirtualRuntime();
        // Attempt 1 gives up on its own, as an HttpClient does when its Timeout elapses; the caller never cancels.
        var op = new FlakyOperation(runtime, failures: 1, errorFor: _ => new TaskCanceledException("the request timed out"));
        var retries = new List<RetryEvent>();
        var policy = new RetryPolicy(maxAttempts: 3, delay: Seconds(1)) { ShouldRetry = _ => true, OnRetry = retries.Add };

        var outcome = Check.Retry(runtime, op, policy);

        Check.Attempted(outcome, op);
        Check.SucceededAt(outcome, op, Seconds(1),
            "Attempt 1 failed with a TaskCanceledException of its own (a timeout) while the caller's token was NOT " +
            "cancelled, and ShouldRetry accepts every error: it is a transient error like any other, so attempt 2 " +
            "follows 1 s later and succeeds. Only the caller's cancellation is never retried: ask " +
            "cancellationToken.IsCancellationRequested, not the exception's type.");
        Assert.That(retries.Select(r => r.Attempt), Is.EqualTo(new[] { 1 }), "attempt 1's failure is reported as a retry");
    }
}

/// <summary>Every retry is reported, so the tutorial's log can be written.</summary>
public class RetryReportTests
{
    private static TimeSpan Seconds(double s) => Check.Seconds(s);

    [Test]
    public void Every_retry_is_reported_before_its_wait_with_the_attempt_the_error_and_the_delay()
    {
        using var runtime = new VirtualRuntime();
        var op = FlakyOperation.AlwaysFailing(runtime);
        var reported = new List<(TimeSpan At, RetryEvent Retry)>();
        var policy = new RetryPolicy(maxAttempts: 4, delay: Seconds(1), backoff: Backoff.Exponential)
        {
            OnRetry = retry => reported.Add((runtime.Now, retry)),
        };

        var outcome = Check.Retry(runtime, op, policy);

        Assert.That(outcome.Exception, Is.InstanceOf<IOException>(), $"Every attempt fails, so must the call; it {outcome}.");
        Assert.That(reported.Select(r => r.Retry.Attempt), Is.EqualTo(new[] { 1, 2, 3 }),
            "4 attempts make 3 retries, reported for attempts 1, 2 and 3. The last attempt's failure is not a retry: " +
            "it goes to the caller, not to OnRetry.");
        Assert.That(reported.Select(r => r.Retry.Error), Is.EqualTo(op.Errors.Take(3)),
            "each report carries the exception of the attempt that failed");
        Assert.That(reported.Select(r => r.Retry.Delay), Is.EqualTo(new[] { Seconds(1), Seconds(2), Seconds(4) }),
            "each report carries the wait that follows it: 1, 2, 4 s");
        Assert.That(reported.Select(r => r.At), Is.EqualTo(new[] { Seconds(0), Seconds(1), Seconds(3) }),
            "each retry is reported when its attempt fails, before the wait (\"retrying in 1000 ms...\"), not after it");
    }

    [Test]
    public void The_tutorials_retry_log_matches_the_snapshot()
    {
        using var runtime = new VirtualRuntime();
        var op = new FlakyOperation(runtime, failures: 3);
        var log = new List<string>();
        var policy = new RetryPolicy(maxAttempts: 5, delay: Seconds(1), backoff: Backoff.Exponential, maxDelay: Seconds(30))
        {
            OnRetry = retry => log.Add(
                $"t={Format.Ms(runtime.Now),-9} Attempt {retry.Attempt} failed: {retry.Error.Message}, " +
                $"retrying in {Format.Ms(retry.Delay)}..."),
        };

        var outcome = Check.Retry(runtime, op, policy);

        Check.SucceededAt(outcome, op, Seconds(7), "three failures, waits of 1, 2 and 4 s, then the fourth attempt succeeds.");
        log.Add($"t={Format.Ms(outcome.CompletedAt ?? default),-9} Attempt {op.Calls} succeeded: {outcome.Value}");
        Snapshot.Match(string.Join(Environment.NewLine, log));
    }
}
