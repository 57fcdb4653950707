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
                $"The timeout fired at t={Format.Ms(outcome.CompletedAt ?? default)}, expected t={Format.Ms(at)}: the limit is " +
                $"{Format.Ms(at)} after the call started, measured on the TimeProvider.",
            OperationCanceledException when outcome.CompletedAt == at =>
                $"The timeout was reported as {error.GetType().Name} at t={Format.Ms(at)}: a caller cannot tell that from " +
                "its own cancellation. When your time limit fired (and not the caller's token), throw a TimeoutException.",
            _ => $"Expected a TimeoutException at t={Format.Ms(at)}, but the call {outcome}" + Environment.NewLine + hint,
        };
        if (problem is not null)
            throw new AssertionException(problem + Environment.NewLine + Environment.NewLine + outcome.Timeline.Render());
    }

    /// <summary>
    /// Runs the call; when it hangs with no timer pending, says which timers the code made and what became of
    /// them (none, or disposed before they fired), instead of guessing a cause.
    /// </summary>
    public static Outcome<T> Run<T>(VirtualRuntime runtime, Func<Task<T>> call)
    {
        try
        {
            return runtime.Run(call);
        }
        catch (AssertionException stuck) when (stuck.Message.Contains("no timer of the fake clock is pending", StringComparison.Ordinal))
        {
            var timers = runtime.Clock.Timers.Where(t => !t.IsHarnessTimer && !t.CreatedBy.StartsWith("operation", StringComparison.Ordinal)).ToList();
            var seen = timers.Count == 0
                ? "The code under test never created a timer on the TimeProvider, so no time limit could fire on it."
                : $"The code under test created {timers.Count} timer(s) on the TimeProvider, and none is pending any more: " +
                  string.Join("; ", timers) + ". A timer disposed before its time never fires: was the " +
                  "CancellationTokenSource of the limit disposed while the call still needed it?";
            var timeline = stuck.Message.IndexOf("Timeline (now", StringComparison.Ordinal);
            throw new AssertionException(
                $"Not finished at t={Format.Ms(runtime.Now)}, and nothing will ever happen on the fake clock: the operation " +
                "stops only when its token is cancelled, and no time limit is left to cancel it. " + seen +
                Environment.NewLine + Environment.NewLine + (timeline >= 0 ? stuck.Message[timeline..] : stuck.Message));
        }
    }

    /// <summary>Fails unless the call started the operation exactly once.</summary>
    public static void StartedOnce(int calls, Outcome outcome) =>
        Assert.That(calls, Is.EqualTo(1),
            $"The operation was started {calls} times; it must be started exactly once (each call of the factory " +
            $"starts the work anew: a second request, a second charge). The call {outcome}." +
            Environment.NewLine + outcome.Timeline.Render());

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
        Check.StartedOnce(op.Calls, outcome);
    }

    [Test]
    public void Returns_the_result_of_an_operation_that_finishes_1_ms_before_the_limit()
    {
        using var runtime = new VirtualRuntime();
        var op = new FakeOperation<int>(runtime, "op", Ms(99), 7);

        var outcome = runtime.Run(() => Timeouts.RunAsync<int>(op, Ms(100), runtime.Clock));

        Check.ReturnedAt(outcome, 7, Ms(99), "1 ms before the limit is still in time: the result, at t=99 ms.");
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
            "At t=100 ms the operation (500 ms) is still running: the call must not wait for it.");
        Check.StartedOnce(op.Calls, outcome);
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
            "The operation and the limit are both due at t=100 ms, and an operation that needs exactly the limit is " +
            "too late. On the fake clock, timers due at the same instant fire in the order they were created: " +
            "create the limit's timer (new CancellationTokenSource(limit, timeProvider)) before you start the " +
            "operation, so that it fires first. A limit started after the operation (operation(token).WaitAsync(limit, " +
            "timeProvider)) lets an operation that finishes at the limit win.");
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

        var outcome = Check.Run(runtime, () => Timeouts.RunAsync(neverAnswers, Ms(100), runtime.Clock));

        Check.TimedOutAt(outcome, Ms(100),
            "This operation never answers and stops only when its token is cancelled: only the time limit, on the " +
            "TimeProvider, can end the call at t=100 ms.");
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
    public void The_callers_cancellation_ends_the_wait_even_when_the_operation_ignores_its_token()
    {
        using var runtime = new VirtualRuntime();
        using var caller = new CancellationTokenSource();
        var stubborn = Check.IgnoringItsToken(runtime, "stubborn", Ms(500), 42);
        runtime.At(Ms(30), caller.Cancel);

        var outcome = runtime.Run(() => Timeouts.RunAsync(stubborn, Ms(100), runtime.Clock, caller.Token));

        Assert.That(outcome.Exception, Is.InstanceOf<OperationCanceledException>(),
            $"The caller cancelled at t=30 ms: expected an OperationCanceledException. The call {outcome}" +
            Environment.NewLine + runtime.Timeline.Render());
        TimelineAssert.CompletedAt(outcome, Ms(30),
            "the caller cancelled at t=30 ms, and this operation ignores its token: the wait itself must end at the " +
            "caller's cancellation (wait with a token that the caller's cancellation cancels too, such as the linked one), " +
            "not at the limit or when the operation is done.");
    }

    [Test]
    public void An_operation_that_throws_its_own_cancellation_is_not_a_timeout()
    {
        using var runtime = new VirtualRuntime();
        // What HttpClient throws when its own Timeout elapses: a TaskCanceledException that neither our limit nor the caller caused.
        var ownTimeout = new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 0.02 seconds elapsing.");
        var op = FakeOperation<int>.Failing(runtime, "op", Ms(20), ownTimeout);

        var outcome = runtime.Run(() => Timeouts.RunAsync<int>(op, Ms(100), runtime.Clock));

        Assert.That(outcome.Exception, Is.SameAs(ownTimeout),
            $"At t=20 ms the operation threw a TaskCanceledException of its own, long before the limit (t=100 ms) and " +
            $"with the caller's token untouched: neither the limit nor the caller caused it, so it is the operation's " +
            $"own exception and comes through unchanged. Decide \"timeout\" by whether your limit fired " +
            $"(timeout.IsCancellationRequested), not by the exception's type. The call {outcome}" +
            Environment.NewLine + runtime.Timeline.Render());
        TimelineAssert.CompletedAt(outcome, Ms(20), "a failure is reported when it happens.");
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
            "The caller's token was not cancelled yet at t=100 ms: the time limit fired first, so this is a timeout.");
        TimelineAssert.SpansAre(runtime.Timeline, [Span.Of("op", 0, 100, Timeline.Cancelled)],
            "At the limit the operation's token must be cancelled, whatever the caller's token does later.",
            runtime.Now);
    }
}
