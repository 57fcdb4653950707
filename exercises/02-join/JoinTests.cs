using Snapshooter.NUnit;

namespace Katas.Join;

/// <summary>Helpers shared by the tests of this kata.</summary>
internal static class Check
{
    private static readonly string NL = Environment.NewLine;

    public static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    /// <summary>Fails unless the join returned a result (at any time).</summary>
    public static void Returned(Outcome outcome)
    {
        if (!outcome.Succeeded)
            throw new AssertionException(
                $"Expected the join to return the results, but it {outcome}" + NL + NL + outcome.Timeline.Render());
    }

    /// <summary>Fails unless the join returned a result at exactly <paramref name="at"/>.</summary>
    public static void ReturnedAt(Outcome outcome, TimeSpan at, string hint)
    {
        if (!outcome.Succeeded)
            throw new AssertionException(
                $"Expected the join to return the results at t={Format.Ms(at)}, but it {outcome}" + NL +
                NL + outcome.Timeline.Render());
        TimelineAssert.CompletedAt(outcome, at, hint);
    }

    /// <summary>
    /// Fails unless the join threw <paramref name="expected"/> itself (the very object, unwrapped) at exactly
    /// <paramref name="at"/>, the moment the operation failed.
    /// </summary>
    public static void FailedWith(Outcome outcome, Exception expected, TimeSpan at, string hint)
    {
        var actual = outcome.Exception;
        var what = $"{expected.GetType().Name}(\"{expected.Message}\")";
        var problem = actual switch
        {
            _ when outcome.Succeeded =>
                $"The join returned a result at t={Format.Ms(outcome.CompletedAt ?? default)}, but an operation failed " +
                $"with {what}: the caller must get that exception.",
            null => $"Expected the join to fail with {what} at t={Format.Ms(at)}, but it is {outcome}",
            AggregateException aggregate when aggregate.Flatten().InnerExceptions.Contains(expected) =>
                $"The caller got an AggregateException wrapping {what}: throw the operation's exception itself. " +
                "`await` the task that failed: it rethrows that exception unwrapped, while .Result, .Wait() and " +
                "task.Exception wrap it in an AggregateException.",
            OperationCanceledException when expected is not OperationCanceledException =>
                $"The caller got {actual.GetType().Name} at t={Format.Ms(outcome.CompletedAt ?? default)} instead of " +
                $"{what}: the cancellation of another operation hid the failure that caused it. Rethrow the exception " +
                "of the operation that failed first (await that task), not of one you cancelled.",
            _ when !ReferenceEquals(actual, expected) =>
                $"The caller got {actual.GetType().Name}(\"{LearnerText.MessageOf(actual)}\") at " +
                $"t={Format.Ms(outcome.CompletedAt ?? default)}, expected {what}, the exception of the operation that " +
                "failed first.",
            _ when outcome.CompletedAt != at =>
                $"The failure reached the caller at t={Format.Ms(outcome.CompletedAt ?? default)}, expected " +
                $"t={Format.Ms(at)}, the moment it happened. {hint}",
            _ => null,
        };
        if (problem is not null) throw new AssertionException(problem + NL + NL + outcome.Timeline.Render());
    }

    /// <summary>
    /// Fails, saying what was seen, when an operation was started more than once: every later check (timing,
    /// results) would then blame the wrong cause.
    /// </summary>
    public static void EachStartedOnce(VirtualRuntime runtime, params FakeOperation<int>[] operations)
    {
        var twice = operations.Where(o => o.Calls > 1).Select(o => $"{o.Name} {o.Calls} times").ToList();
        if (twice.Count == 0) return;
        throw new AssertionException(
            $"Operations were started more than once: {string.Join(", ", twice)}. Each operation must be started " +
            "exactly once. `operations.Select(op => op(token))` is lazy: every enumeration of it (a foreach, " +
            "Task.WhenAll, .Count()) calls the operations again. Materialize it once (.ToArray(), .ToList() or a " +
            "collection expression) and use that array of tasks." + NL + NL + runtime.Timeline.Render());
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

/// <summary>Joining two operations: both at once, both results, each of its own type.</summary>
public class JoinTwoTests
{
    private static TimeSpan Ms(double ms) => Check.Ms(ms);

    [Test]
    public void Runs_both_at_once_so_100_ms_and_50_ms_finish_together_at_100_ms()
    {
        using var runtime = new VirtualRuntime();
        var a = new FakeOperation<int>(runtime, "A", Ms(100), 42);
        var b = new FakeOperation<string>(runtime, "B", Ms(50), "hello");

        var outcome = runtime.Run(() => Join.BothAsync(a.RunAsync, b.RunAsync));

        Check.ReturnedAt(outcome, Ms(100),
            "a join takes as long as its slowest operation. Were the operations awaited one after the other? " +
            "Call both before awaiting either: a task runs from the moment it is created.");
        TimelineAssert.SpansAre(runtime.Timeline, [Span.Of("A", 0, 100), Span.Of("B", 0, 50)],
            "Both operations must start at t=0 and run side by side. A bar that starts late is an operation started " +
            "only after the other one finished.",
            runtime.Now);
    }

    [Test]
    public void Returns_each_result_in_its_place_with_its_own_type()
    {
        using var runtime = new VirtualRuntime();
        var name = new FakeOperation<string>(runtime, "name", Ms(50), "Ferris");
        var age = new FakeOperation<int>(runtime, "age", Ms(100), 8);

        var outcome = runtime.Run(() => Join.BothAsync(name.RunAsync, age.RunAsync));

        Check.Returned(outcome);
        Assert.That(outcome.Value, Is.EqualTo(("Ferris", 8)),
            "the first item of the tuple is the first operation's result, the second the second's");
    }

    [Test]
    public void A_failure_is_thrown_at_once_and_cancels_the_other_operation()
    {
        using var runtime = new VirtualRuntime();
        var refused = new InvalidOperationException("connection refused");
        var slow = new FakeOperation<int>(runtime, "slow", Ms(100), 42);
        var failing = FakeOperation<string>.Failing(runtime, "failing", Ms(30), refused);

        var outcome = runtime.Run(() => Join.BothAsync(slow.RunAsync, failing.RunAsync));

        Check.FailedWith(outcome, refused, Ms(30),
            "Task.WhenAll waits for every task before it reports a failure: watch each task as it finishes " +
            "(Task.WhenAny in a loop) and stop at the first failure.");
        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("slow", 0, 30, Timeline.Cancelled), Span.Of("failing", 0, 30, Timeline.Failed)],
            "When one operation fails, the join has failed: the other one must be told to stop, so its token is " +
            "cancelled at t=30 ms. Give both operations the token of a CancellationTokenSource you cancel yourself.",
            runtime.Now);
    }

    [Test]
    public void Cancels_the_second_operation_when_the_first_fails()
    {
        using var runtime = new VirtualRuntime();
        var refused = new InvalidOperationException("connection refused");
        var failing = FakeOperation<int>.Failing(runtime, "failing", Ms(30), refused);
        var slow = new FakeOperation<string>(runtime, "slow", Ms(100), "hello");

        var outcome = runtime.Run(() => Join.BothAsync(failing.RunAsync, slow.RunAsync));

        Check.FailedWith(outcome, refused, Ms(30), "stop at the first failure, whichever operation it comes from.");
        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("failing", 0, 30, Timeline.Failed), Span.Of("slow", 0, 30, Timeline.Cancelled)],
            "The first operation failed at t=30 ms: the second one's token must be cancelled at that instant. Give " +
            "both operations the token of the CancellationTokenSource you cancel (not the caller's token).",
            runtime.Now);
    }

    [Test]
    public void Throws_at_once_even_when_the_other_operation_ignores_its_token()
    {
        using var runtime = new VirtualRuntime();
        var refused = new InvalidOperationException("connection refused");
        var stubborn = Check.IgnoringItsToken(runtime, "stubborn", Ms(200), 1);
        var failing = FakeOperation<string>.Failing(runtime, "failing", Ms(30), refused);

        var outcome = runtime.Run(() => Join.BothAsync(stubborn, failing.RunAsync));

        Check.FailedWith(outcome, refused, Ms(30),
            "The other operation ignores its token and runs until t=200 ms. Cancelling it is right, but then " +
            "waiting for it (Task.WhenAll after the cancel) makes the caller wait too: report the failure at once.");
    }

    [Test]
    public void The_callers_cancellation_cancels_both_operations()
    {
        using var runtime = new VirtualRuntime();
        using var caller = new CancellationTokenSource();
        var a = new FakeOperation<int>(runtime, "A", Ms(100), 1);
        var b = new FakeOperation<string>(runtime, "B", Ms(50), "two");
        runtime.At(Ms(30), caller.Cancel);

        var outcome = runtime.Run(() => Join.BothAsync(a.RunAsync, b.RunAsync, caller.Token));

        Assert.That(outcome.IsCanceled, Is.True,
            $"The caller cancelled at t=30 ms: the join must end cancelled (an OperationCanceledException), but it " +
            $"{outcome}{Environment.NewLine}{Environment.NewLine}{runtime.Timeline.Render()}");
        TimelineAssert.CompletedAt(outcome, Ms(30), "the caller's cancellation ends the join at once.");
        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("A", 0, 30, Timeline.Cancelled), Span.Of("B", 0, 30, Timeline.Cancelled)],
            "The caller's token must reach both operations: create your CancellationTokenSource linked to it " +
            "(CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)).",
            runtime.Now);
    }
}

/// <summary>Joining many operations: all at once, each started once, results in input order.</summary>
public class JoinManyTests
{
    private static TimeSpan Ms(double ms) => Check.Ms(ms);

    [Test]
    public void Runs_all_at_once_and_finishes_with_the_slowest()
    {
        using var runtime = new VirtualRuntime();
        var a = new FakeOperation<int>(runtime, "A", Ms(100), 1);
        var b = new FakeOperation<int>(runtime, "B", Ms(50), 2);
        var c = new FakeOperation<int>(runtime, "C", Ms(75), 3);

        var outcome = runtime.Run(() => Join.AllAsync<int>([a, b, c]));

        Check.EachStartedOnce(runtime, a, b, c);
        Check.ReturnedAt(outcome, Ms(100),
            "three operations of 100, 50 and 75 ms take 100 ms together, not 225 ms. Were they awaited one after " +
            "the other? Start them all, then wait for them.");
        TimelineAssert.SpansAre(runtime.Timeline, [Span.Of("A", 0, 100), Span.Of("B", 0, 50), Span.Of("C", 0, 75)],
            "Every operation must start at t=0, before the join awaits any of them.",
            runtime.Now);
    }

    [Test]
    public void Returns_the_results_in_input_order_not_completion_order()
    {
        using var runtime = new VirtualRuntime();
        var a = new FakeOperation<int>(runtime, "A", Ms(100), 1);
        var b = new FakeOperation<int>(runtime, "B", Ms(50), 2);
        var c = new FakeOperation<int>(runtime, "C", Ms(75), 3);

        var outcome = runtime.Run(() => Join.AllAsync<int>([a, b, c]));

        Check.Returned(outcome);
        Check.EachStartedOnce(runtime, a, b, c);
        Assert.That(outcome.Value, Is.EqualTo(new[] { 1, 2, 3 }),
            "result i must be the result of operation i (A, B, C → 1, 2, 3). [2, 3, 1] is the order in which they " +
            "finished: were the results collected as each task completed? Keep the tasks in input order instead.");
    }

    [Test]
    public void Starts_each_operation_exactly_once()
    {
        using var runtime = new VirtualRuntime();
        var a = new FakeOperation<int>(runtime, "A", Ms(100), 1);
        var b = new FakeOperation<int>(runtime, "B", Ms(50), 2);
        var c = new FakeOperation<int>(runtime, "C", Ms(75), 3);

        var outcome = runtime.Run(() => Join.AllAsync<int>([a, b, c]));

        Check.Returned(outcome);
        Assert.That(new[] { a.Calls, b.Calls, c.Calls }, Is.EqualTo(new[] { 1, 1, 1 }),
            "each operation must be started exactly once (calls of A, B, C). `operations.Select(op => op(token))` is " +
            "lazy: every enumeration of it calls the operations again. Materialize it once (.ToArray(), .ToList() " +
            "or a collection expression) and use that array of tasks.");
    }

    [Test]
    public void Joining_no_operations_returns_no_results_at_once()
    {
        using var runtime = new VirtualRuntime();

        var outcome = runtime.Run(() => Join.AllAsync(Array.Empty<Func<CancellationToken, Task<int>>>()));

        Check.ReturnedAt(outcome, Ms(0), "with nothing to wait for, the join is done at once.");
        Assert.That(outcome.Value, Is.Empty, "no operations, no results");
    }
}

/// <summary>Fail fast, like tokio's try_join!: the first failure ends the join at once and cancels the rest.</summary>
public class FailFastTests
{
    private static TimeSpan Ms(double ms) => Check.Ms(ms);

    [Test]
    public void Throws_the_first_failure_at_the_moment_it_happens()
    {
        using var runtime = new VirtualRuntime();
        var refused = new InvalidOperationException("connection refused");
        var a = new FakeOperation<int>(runtime, "A", Ms(100), 1);
        var b = FakeOperation<int>.Failing(runtime, "B", Ms(30), refused);
        var c = new FakeOperation<int>(runtime, "C", Ms(200), 3);

        var outcome = runtime.Run(() => Join.AllAsync<int>([a, b, c]));

        Check.FailedWith(outcome, refused, Ms(30),
            "Waiting for every task (Task.WhenAll) reports a failure only when the slowest is done: watch each task " +
            "as it finishes (Task.WhenAny in a loop) and stop at the first failure.");
    }

    [Test]
    public void Fails_fast_when_the_failure_comes_after_another_operation_succeeded()
    {
        using var runtime = new VirtualRuntime();
        var refused = new InvalidOperationException("connection refused");
        var a = new FakeOperation<int>(runtime, "A", Ms(50), 1);
        var b = FakeOperation<int>.Failing(runtime, "B", Ms(80), refused);
        var c = new FakeOperation<int>(runtime, "C", Ms(300), 3);

        var outcome = runtime.Run(() => Join.AllAsync<int>([a, b, c]));

        Check.FailedWith(outcome, refused, Ms(80),
            "A succeeded at t=50 ms, then B failed at t=80 ms. A single Task.WhenAny only sees the first task to " +
            "finish (A, a success): keep watching the tasks still running (Task.WhenAny in a loop, or " +
            "Task.WhenEach) until all have succeeded or one has failed.");
        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("A", 0, 50), Span.Of("B", 0, 80, Timeline.Failed), Span.Of("C", 0, 80, Timeline.Cancelled)],
            "A completed at t=50 ms; when B fails at t=80 ms, C must be told to stop at that instant.",
            runtime.Now);
    }

    [Test]
    public void An_operation_that_ends_cancelled_on_its_own_fails_the_join()
    {
        using var runtime = new VirtualRuntime();
        var dropped = new OperationCanceledException("the server dropped the request");
        var a = new FakeOperation<int>(runtime, "A", Ms(100), 1);
        var b = FakeOperation<int>.Failing(runtime, "B", Ms(30), dropped);
        var c = new FakeOperation<int>(runtime, "C", Ms(200), 3);

        var outcome = runtime.Run(() => Join.AllAsync<int>([a, b, c]));

        Check.FailedWith(outcome, dropped, Ms(30),
            "B's task ended cancelled at t=30 ms although nobody cancelled the join: that is a failure like any " +
            "other. A cancelled task is IsCanceled, not IsFaulted, and its Exception property is null: treat every " +
            "task that is not IsCompletedSuccessfully as a failure, and `await` it to rethrow its exception.");
        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("A", 0, 30, Timeline.Cancelled), Span.Of("B", 0, 30, Timeline.Failed), Span.Of("C", 0, 30, Timeline.Cancelled)],
            "B's cancellation ended the join at t=30 ms: A and C must be told to stop at that instant.",
            runtime.Now);
    }

    [Test]
    public void Cancels_the_other_operations_when_one_fails()
    {
        using var runtime = new VirtualRuntime();
        var refused = new InvalidOperationException("connection refused");
        var a = new FakeOperation<int>(runtime, "A", Ms(100), 1);
        var b = FakeOperation<int>.Failing(runtime, "B", Ms(30), refused);
        var c = new FakeOperation<int>(runtime, "C", Ms(200), 3);

        var outcome = runtime.Run(() => Join.AllAsync<int>([a, b, c]));

        Assert.That(outcome.Exception, Is.Not.Null.And.Not.InstanceOf<NotImplementedException>(),
            $"B failed at t=30 ms: the join must fail. It {outcome}");
        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("A", 0, 30, Timeline.Cancelled), Span.Of("B", 0, 30, Timeline.Failed), Span.Of("C", 0, 30, Timeline.Cancelled)],
            "When B fails at t=30 ms the join has failed, and A and C must be told to stop: their tokens are cancelled " +
            "at that instant (tokio drops their futures; C# tasks run on until their token says stop). Give every " +
            "operation the token of a CancellationTokenSource that you cancel on the first failure.",
            runtime.Now);
        runtime.AssertNoPendingTimers("an operation is still running after the join failed: its token was not cancelled.");
    }

    [Test]
    public void The_caller_gets_the_exception_itself_not_an_AggregateException()
    {
        using var runtime = new VirtualRuntime();
        var timeout = new TimeoutException("the database did not answer");
        var a = new FakeOperation<int>(runtime, "A", Ms(100), 1);
        var b = FakeOperation<int>.Failing(runtime, "B", Ms(30), timeout);

        var outcome = runtime.Run(() => Join.AllAsync<int>([a, b]));

        Check.FailedWith(outcome, timeout, Ms(30),
            "Watch each task as it finishes and stop at the first failure.");
        Assert.That(outcome.Exception, Is.SameAs(timeout),
            "a caller that writes `catch (TimeoutException)` must catch it: the very exception B threw");
    }

    [Test]
    public void The_first_failure_in_time_wins_not_the_first_in_input_order()
    {
        using var runtime = new VirtualRuntime();
        var late = new InvalidOperationException("A failed at 60 ms");
        var early = new InvalidOperationException("B failed at 30 ms");
        var a = FakeOperation<int>.Failing(runtime, "A", Ms(60), late);
        var b = FakeOperation<int>.Failing(runtime, "B", Ms(30), early);
        var c = new FakeOperation<int>(runtime, "C", Ms(100), 3);

        var outcome = runtime.Run(() => Join.AllAsync<int>([a, b, c]));

        Check.FailedWith(outcome, early, Ms(30),
            "B failed first, at t=30 ms: that ends the join, and A's later failure never happens (A is cancelled).");
    }

    [Test]
    public void Does_not_wait_for_an_operation_that_ignores_its_token()
    {
        using var runtime = new VirtualRuntime();
        var refused = new InvalidOperationException("connection refused");
        var stubborn = Check.IgnoringItsToken(runtime, "stubborn", Ms(200), 1);
        var failing = FakeOperation<int>.Failing(runtime, "failing", Ms(30), refused);

        var outcome = runtime.Run(() => Join.AllAsync([stubborn, failing]));

        Check.FailedWith(outcome, refused, Ms(30),
            "The other operation ignores its token and runs until t=200 ms. Cancelling it is right, but then " +
            "waiting for it (Task.WhenAll after the cancel) makes the caller wait too: like try_join!, report the " +
            "failure at once.");
    }

    [Test]
    public void The_callers_cancellation_cancels_every_operation()
    {
        using var runtime = new VirtualRuntime();
        using var caller = new CancellationTokenSource();
        var a = new FakeOperation<int>(runtime, "A", Ms(100), 1);
        var b = new FakeOperation<int>(runtime, "B", Ms(50), 2);
        runtime.At(Ms(30), caller.Cancel);

        var outcome = runtime.Run(() => Join.AllAsync<int>([a, b], caller.Token));

        Assert.That(outcome.IsCanceled, Is.True,
            $"The caller cancelled at t=30 ms: the join must end cancelled (an OperationCanceledException), but it " +
            $"{outcome}{Environment.NewLine}{Environment.NewLine}{runtime.Timeline.Render()}");
        TimelineAssert.CompletedAt(outcome, Ms(30), "the caller's cancellation ends the join at once.");
        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("A", 0, 30, Timeline.Cancelled), Span.Of("B", 0, 30, Timeline.Cancelled)],
            "The caller's token must reach every operation: create your CancellationTokenSource linked to it " +
            "(CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)).",
            runtime.Now);
    }
}

/// <summary>The tutorial's example, recorded.</summary>
public class TutorialExampleTests
{
    [Test]
    public void B_is_done_at_50_ms_A_at_100_ms_and_the_join_returns_1_and_2()
    {
        using var runtime = new VirtualRuntime();
        var a = new FakeOperation<int>(runtime, "A", Check.Ms(100), 1);
        var b = new FakeOperation<int>(runtime, "B", Check.Ms(50), 2);

        var outcome = runtime.Run(() => Join.BothAsync(a.RunAsync, b.RunAsync));

        Check.ReturnedAt(outcome, Check.Ms(100), "a join takes as long as its slowest operation.");
        Snapshot.Match(
            $"join returned {outcome.Value} at t={Format.Ms(outcome.CompletedAt ?? default)}" + Environment.NewLine +
            runtime.Timeline);
    }
}
