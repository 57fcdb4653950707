namespace Katas.TimeLimit;

/// <summary>Helpers shared by the tests of this kata.</summary>
internal static class Check
{
    public static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    /// <summary>Fails unless the run returned <paramref name="expected"/> at exactly <paramref name="at"/>.</summary>
    public static void ReturnedAt<T>(Outcome<T> outcome, T expected, TimeSpan at, string hint)
    {
        if (!outcome.Succeeded)
            throw new AssertionException(
                $"Expected the operation's result {expected} at t={Format.Ms(at)}, but the call {outcome}" + Environment.NewLine +
                hint + Environment.NewLine + Environment.NewLine + outcome.Timeline.Render());
        Assert.That(outcome.Value, Is.EqualTo(expected), "the result must be the operation's own result");
        TimelineAssert.CompletedAt(outcome, at, hint);
    }

    /// <summary>Fails unless the run threw a <see cref="TimeoutException"/> at exactly <paramref name="at"/>.</summary>
    public static void TimedOutAt(Outcome outcome, TimeSpan at, string hint)
    {
        var error = outcome.Exception;
        var problem = error switch
        {
            _ when outcome.Succeeded =>
                $"The call returned a result at t={Format.Ms(outcome.CompletedAt ?? default)}, expected a TimeoutException at " +
                $"t={Format.Ms(at)}. {hint}",
            TimeoutException when outcome.CompletedAt == at => null,
            TimeoutException =>
                $"The TimeoutException came at t={Format.Ms(outcome.CompletedAt ?? default)}, expected exactly t={Format.Ms(at)}, " +
                $"the limit. {hint}",
            OperationCanceledException when outcome.CompletedAt == at =>
                $"The timeout was reported as {error.GetType().Name} at t={Format.Ms(at)}: a caller cannot tell that from " +
                "its own cancellation. When your time limit fired (and not the caller's token), throw a TimeoutException.",
            _ => $"Expected a TimeoutException at t={Format.Ms(at)}, but the call {outcome}" + Environment.NewLine + hint,
        };
        if (problem is not null)
            throw new AssertionException(problem + Environment.NewLine + Environment.NewLine + outcome.Timeline.Render());
    }

    /// <summary>An operation that ignores its token: it runs its full course whatever happens.</summary>
    public static Func<CancellationToken, Task<int>> IgnoringItsToken(VirtualRuntime runtime, string name, TimeSpan duration, int result) =>
        async _ =>
        {
            runtime.Timeline.Record(name, Timeline.Started);
            await Task.Delay(duration, runtime.Clock, CancellationToken.None);
            runtime.Timeline.Record(name, Timeline.Completed);
            return result;
        };
}

/// <summary>An operation that finishes before the limit: its result, and nothing left behind.</summary>
public class InTimeTests
{
    private static TimeSpan Ms(double ms) => Check.Ms(ms);

    [Test]
    public void Returns_the_result_when_the_operation_finishes_in_time()
    {
        using var runtime = new VirtualRuntime();
        var op = new FakeOperation<int>(runtime, "op", Ms(50), 42);

        var outcome = runtime.Run(() => Timeouts.RunAsync<int>(op, Ms(100), runtime.Clock));

        Check.ReturnedAt(outcome, 42, Ms(50), "An operation that finishes in time is returned the moment it finishes.");
    }

    [Test]
    public void Returns_the_result_of_an_operation_that_finishes_1_ms_before_the_limit()
    {
        using var runtime = new VirtualRuntime();
        var op = new FakeOperation<int>(runtime, "op", Ms(99), 7);

        var outcome = runtime.Run(() => Timeouts.RunAsync<int>(op, Ms(100), runtime.Clock));

        Check.ReturnedAt(outcome, 7, Ms(99), "1 ms before the limit is still in time. Is the limit measured on the TimeProvider?");
        Assert.That(op.WasCancelled, Is.False, "an operation that finished in time must not be cancelled");
    }

    [Test]
    public void Leaves_no_timer_pending_when_the_operation_finishes_early()
    {
        using var runtime = new VirtualRuntime();
        var op = new FakeOperation<int>(runtime, "op", Ms(50), 42);

        var outcome = runtime.Run(() => Timeouts.RunAsync<int>(op, Ms(100), runtime.Clock));

        Check.ReturnedAt(outcome, 42, Ms(50), "An operation that finishes in time is returned the moment it finishes.");
        runtime.AssertNoPendingTimers(
            "the time limit's timer outlived the call. Dispose the CancellationTokenSource that holds it " +
            "(`using var`), or cancel the Task.Delay you raced the operation against.");
    }

    [Test]
    public void Passes_the_operations_own_exception_through_unchanged()
    {
        using var runtime = new VirtualRuntime();
        var refused = new InvalidOperationException("connection refused");
        var op = FakeOperation<int>.Failing(runtime, "op", Ms(20), refused);

        var outcome = runtime.Run(() => Timeouts.RunAsync<int>(op, Ms(100), runtime.Clock));

        Assert.That(outcome.Exception, Is.SameAs(refused),
            $"The operation failed at t=20 ms with InvalidOperationException(\"connection refused\"), and the caller must " +
            $"see that very exception: not wrapped (AggregateException from .Result or task.Exception), not replaced. " +
            $"The call {outcome}");
        TimelineAssert.CompletedAt(outcome, Ms(20), "a failure is reported when it happens.");
        runtime.AssertNoPendingTimers("the time limit's timer outlived the failed call: dispose the CancellationTokenSource (`using var`).");
    }
}

/// <summary>An operation that is too slow: a TimeoutException at exactly the limit, and the operation told to stop.</summary>
public class TooLateTests
{
    private static TimeSpan Ms(double ms) => Check.Ms(ms);

    [Test]
    public void Throws_TimeoutException_at_the_limit_and_cancels_the_operation()
    {
        using var runtime = new VirtualRuntime();
        var op = new FakeOperation<int>(runtime, "op", Ms(500), 42);

        var outcome = runtime.Run(() => Timeouts.RunAsync<int>(op, Ms(100), runtime.Clock));

        Check.TimedOutAt(outcome, Ms(100),
            "Did it wait for the operation to finish? Is the limit measured on the TimeProvider?");
        TimelineAssert.SpansAre(runtime.Timeline, [Span.Of("op", 0, 100, Timeline.Cancelled)],
            "At the limit the operation must be told to stop: its token is cancelled at t=100 ms. An operation still " +
            "running after the timeout got a token that nobody cancels (Task.WhenAny cancels nothing; pass the operation " +
            "a token linked to the time limit).",
            runtime.Now);
    }

    [Test]
    public void An_operation_that_needs_exactly_the_limit_times_out()
    {
        using var runtime = new VirtualRuntime();
        var op = new FakeOperation<int>(runtime, "op", Ms(100), 42);

        var outcome = runtime.Run(() => Timeouts.RunAsync<int>(op, Ms(100), runtime.Clock));

        Check.TimedOutAt(outcome, Ms(100),
            "The limit is the instant the time is up, as with CancelAfter and WaitAsync: an operation that needs " +
            "exactly the limit is too late.");
        Assert.That(op.ReceivedToken.IsCancellationRequested, Is.True,
            "at the limit the operation's token must be cancelled: was it given a token linked to the time limit?");
    }

    [Test]
    public void Stops_waiting_at_the_limit_even_when_the_operation_ignores_its_token()
    {
        using var runtime = new VirtualRuntime();
        var stubborn = Check.IgnoringItsToken(runtime, "stubborn", Ms(500), 42);

        var outcome = runtime.Run(() => Timeouts.RunAsync(stubborn, Ms(100), runtime.Clock));

        Check.TimedOutAt(outcome, Ms(100),
            "This operation ignores its token: cancelling it is not enough, the wait itself must end at the limit " +
            "(task.WaitAsync(token) stops waiting when the token is cancelled).");
    }

    [Test]
    public void Measures_the_limit_on_the_injected_clock()
    {
        using var runtime = new VirtualRuntime();
        // A request whose response never comes; it does stop when its token is cancelled.
        Func<CancellationToken, Task<int>> neverAnswers = token => new TaskCompletionSource<int>().Task.WaitAsync(token);

        var outcome = runtime.Run(() => Timeouts.RunAsync(neverAnswers, Ms(100), runtime.Clock));

        Check.TimedOutAt(outcome, Ms(100),
            "The time limit must run on the TimeProvider: new CancellationTokenSource(limit, timeProvider).");
    }
}

/// <summary>The caller's cancellation is a cancellation, never a timeout.</summary>
public class CallerCancellationTests
{
    private static TimeSpan Ms(double ms) => Check.Ms(ms);

    [Test]
    public void The_callers_cancellation_is_reported_as_cancellation_not_as_a_timeout()
    {
        using var runtime = new VirtualRuntime();
        using var caller = new CancellationTokenSource();
        var op = new FakeOperation<int>(runtime, "op", Ms(500), 42);
        runtime.At(Ms(30), caller.Cancel);

        var outcome = runtime.Run(() => Timeouts.RunAsync<int>(op, Ms(100), runtime.Clock, caller.Token));

        Assert.That(outcome.Exception, Is.InstanceOf<OperationCanceledException>(),
            $"The caller cancelled at t=30 ms, so the call must end with an OperationCanceledException: the caller " +
            $"asked for it, and no time limit was reached. A TimeoutException here lies about what happened. " +
            $"The call {outcome}{Environment.NewLine}{Environment.NewLine}{runtime.Timeline.Render()}");
        TimelineAssert.CompletedAt(outcome, Ms(30), "the caller's cancellation ends the call at once.");
    }

    [Test]
    public void The_callers_cancellation_reaches_the_operation()
    {
        using var runtime = new VirtualRuntime();
        using var caller = new CancellationTokenSource();
        var op = new FakeOperation<int>(runtime, "op", Ms(500), 42);
        runtime.At(Ms(30), caller.Cancel);

        var outcome = runtime.Run(() => Timeouts.RunAsync<int>(op, Ms(100), runtime.Clock, caller.Token));

        Assert.That(outcome.Exception, Is.InstanceOf<OperationCanceledException>(),
            $"The caller cancelled at t=30 ms: expected an OperationCanceledException. The call {outcome}");
        TimelineAssert.SpansAre(runtime.Timeline, [Span.Of("op", 0, 30, Timeline.Cancelled)],
            "The caller's cancellation must reach the operation too: give it a token linked to both the caller's " +
            "token and the time limit (CancellationTokenSource.CreateLinkedTokenSource).",
            runtime.Now);
        runtime.AssertNoPendingTimers("the time limit's timer outlived the cancelled call: dispose the CancellationTokenSource (`using var`).");
    }

    [Test]
    public void A_caller_with_a_longer_deadline_of_its_own_still_gets_a_timeout_at_the_limit()
    {
        using var runtime = new VirtualRuntime();
        using var caller = new CancellationTokenSource();
        var op = new FakeOperation<int>(runtime, "op", Ms(500), 42);
        runtime.At(Ms(300), caller.Cancel);

        var outcome = runtime.Run(() => Timeouts.RunAsync<int>(op, Ms(100), runtime.Clock, caller.Token));

        Check.TimedOutAt(outcome, Ms(100),
            "The caller's token was not cancelled yet at t=100 ms: the time limit fired first, so this is a timeout. " +
            "Is the limit measured on the TimeProvider?");
        TimelineAssert.SpansAre(runtime.Timeline, [Span.Of("op", 0, 100, Timeline.Cancelled)],
            "At the limit the operation's token must be cancelled, whatever the caller's token does later.",
            runtime.Now);
    }
}
