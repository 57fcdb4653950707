using System.Runtime.CompilerServices;

namespace Katas.Select;

/// <summary>Helpers shared by the tests of this kata.</summary>
internal static class Check
{
    public static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    private static readonly string NL = Environment.NewLine;

    /// <summary>Fails unless the race returned a result at exactly <paramref name="at"/>; returns it.</summary>
    public static T ReturnedAt<T>(Outcome<T> outcome, TimeSpan at, string hint)
    {
        if (!outcome.Succeeded)
            throw new AssertionException(
                $"Expected the race to return a result at t={Format.Ms(at)}, but it {outcome}." + NL + hint + NL + NL +
                outcome.Timeline.Render());
        TimelineAssert.CompletedAt(outcome, at, hint);
        return outcome.Value;
    }

    /// <summary>
    /// Runs the race like <see cref="VirtualRuntime.Run{T}"/>. When a thread stayed busy without awaiting, says
    /// what was seen without guessing between a blocking call and a loop that polls the tasks: both look the same.
    /// </summary>
    public static Outcome<T> Run<T>(VirtualRuntime runtime, Func<Task<T>> race)
    {
        try
        {
            return runtime.Run(race);
        }
        catch (AssertionException e) when (e.Message.StartsWith("The thread was blocked", StringComparison.Ordinal))
        {
            throw new AssertionException(BusyWithoutAwaiting(e.Message));
        }
    }

    private static string BusyWithoutAwaiting(string diagnosis)
    {
        // The harness's diagnosis: what it saw (first line), its guess at a cause, a blank line, the timeline.
        var firstLine = diagnosis.Split(NL)[0];
        var blank = diagnosis.IndexOf(NL + NL, StringComparison.Ordinal);
        var timeline = blank < 0 ? diagnosis : diagnosis[(blank + 2 * NL.Length)..];
        return firstLine + NL +
            "A thread that keeps running without awaiting stops everything on it: the fake clock moves only when the " +
            "code is idle, so the operations of the race can never finish. Such a thread either blocks (Thread.Sleep, " +
            ".Result, .Wait(), Task.WaitAny) or spins in a loop that checks the tasks (while (!task.IsCompleted) { }). " +
            "Wait for the first task with `await Task.WhenAny(...)` instead: it gives the thread back until one " +
            "finishes." + NL + NL + timeline;
    }

    /// <summary>
    /// An operation that ignores its token: it runs its full course whatever happens, then returns
    /// <paramref name="result"/> or throws <paramref name="error"/>.
    /// </summary>
    public static Func<CancellationToken, Task<T>> IgnoringItsToken<T>(
        VirtualRuntime runtime, string name, TimeSpan duration, T result, Exception? error = null) =>
        async _ =>
        {
            runtime.Timeline.Record(name, Timeline.Started);
            await Task.Delay(duration, runtime.Clock, CancellationToken.None);
            runtime.Timeline.Record(name, error is null ? Timeline.Completed : Timeline.Failed);
            return error is null ? result : throw error;
        };

    /// <summary>
    /// Runs <paramref name="scenario"/>, lets the garbage collector find every task nobody references any more,
    /// and returns the exceptions of those tasks that contain <paramref name="watched"/> and were never observed
    /// (nobody awaited them or read their <see cref="Task.Exception"/>).
    /// </summary>
    public static IReadOnlyList<AggregateException> UnobservedAfter(Action scenario, Exception watched)
    {
        var unobserved = new List<AggregateException>();
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            if (e.Exception.Flatten().InnerExceptions.Contains(watched))
                lock (unobserved) unobserved.Add(e.Exception);
        }
        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            RunInAFrameOfItsOwn(scenario);
            // A faulted task that nobody observed reports its exception when it is finalized.
            for (var i = 0; i < 2; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }
        lock (unobserved) return [.. unobserved];
    }

    /// <summary>
    /// Runs a no-op on the event loop. The loop's thread holds on to the last callback it ran until it runs the
    /// next one (or exits, some time after the runtime is disposed); when that callback was the continuation that
    /// failed a task, the task would stay reachable and the garbage collector could not report it.
    /// </summary>
    public static void LetTheLoopForgetTheLastContinuation(VirtualRuntime runtime) =>
        runtime.Run(() => Task.FromResult(0));

    // Nothing the scenario allocated stays reachable from the test's own stack frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RunInAFrameOfItsOwn(Action scenario) => scenario();

    public const string UnobservedHint =
        "A task that fails while nobody awaits it, and whose Exception nobody reads, is reported as an unobserved " +
        "exception when the garbage collector finds it (TaskScheduler.UnobservedTaskException): an error silently " +
        "lost. Nobody awaits a loser, so the race must observe its failure itself, e.g. " +
        "task.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted).";
}

/// <summary>A race of two, like tokio's <c>select!</c> with two branches.</summary>
public class RaceOfTwoTests
{
    private static TimeSpan Ms(double ms) => Check.Ms(ms);

    [Test]
    public void The_tutorials_example_50_ms_elapsed_first_at_t_50_ms()
    {
        using var runtime = new VirtualRuntime();
        var sleep50 = new FakeOperation<TimeSpan>(runtime, "sleep 50 ms", Ms(50), Ms(50));
        var sleep100 = new FakeOperation<TimeSpan>(runtime, "sleep 100 ms", Ms(100), Ms(100));

        var outcome = Check.Run(runtime, async () =>
        {
            var winner = await Race.FirstAsync<TimeSpan, TimeSpan>(sleep50, sleep100);
            return winner.Match(_ => "50 ms elapsed first", _ => "100 ms elapsed first");
        });

        var message = Check.ReturnedAt(outcome, Ms(50),
            "The race is decided when the first operation finishes: did it wait for the 100 ms one too?");
        Assert.That(message, Is.EqualTo("50 ms elapsed first"), "the 50 ms sleep finishes first, so the first branch wins");
        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("sleep 50 ms", 0, 50), Span.Of("sleep 100 ms", 0, 50, Timeline.Cancelled)],
            "Both start at t=0; at t=50 ms the 50 ms sleep wins and the loser's token is cancelled. Task.WhenAny cancels " +
            "nothing: a C# task is hot and runs on until its token tells it to stop (give both operations a token you " +
            "cancel when the race is decided).",
            runtime.Now);
        runtime.AssertNoPendingTimers("the loser's timer is still pending: its token was never cancelled.");
    }

    [Test]
    public void Tells_the_caller_that_the_second_operation_won()
    {
        using var runtime = new VirtualRuntime();
        var slow = new FakeOperation<int>(runtime, "first (100 ms)", Ms(100), 1);
        var fast = new FakeOperation<string>(runtime, "second (30 ms)", Ms(30), "fast");

        var outcome = Check.Run(runtime, () => Race.FirstAsync<int, string>(slow, fast));

        var winner = Check.ReturnedAt(outcome, Ms(30), "The second operation finishes at t=30 ms and wins then.");
        Assert.That(winner.SecondWon, Is.True,
            $"The second operation finished first (t=30 ms against t=100 ms), but the race says {winner}: is the " +
            "winner the task Task.WhenAny returned, and was it compared to the right operation?");
        Assert.That(winner.SecondValue, Is.EqualTo("fast"), "the winner's value is the second operation's own result");
        Assert.That(slow.WasCancelled, Is.True,
            "The loser (the first operation) must be cancelled when the second wins. Task.WhenAny only tells you who " +
            "finished first: the loser runs on until its token is cancelled.");
    }

    [Test]
    public void Returns_at_the_winners_time_even_when_the_loser_ignores_its_token()
    {
        using var runtime = new VirtualRuntime();
        var fast = new FakeOperation<int>(runtime, "fast (50 ms)", Ms(50), 1);
        var stubborn = Check.IgnoringItsToken(runtime, "stubborn (200 ms)", Ms(200), 2);

        var outcome = Check.Run(runtime, () => Race.FirstAsync<int, int>(fast, stubborn));

        if (outcome is { Succeeded: true, Value.SecondWon: true })
            Assert.Fail($"The race returned the loser's value: {outcome.Value} at t={Format.Ms(outcome.CompletedAt ?? default)}. " +
                "The winner is the operation that finished first (fast, at t=50 ms); its result is the race's result.");
        var winner = Check.ReturnedAt(outcome, Ms(50),
            "This loser ignores its token and runs until t=200 ms. Cancel it and return at once: waiting for the loser " +
            "(Task.WhenAll, or awaiting it after cancelling) makes the race as slow as its slowest runner.");
        Assert.That(winner.FirstValue, Is.EqualTo(1), "the winner's value is the fast operation's result");
    }

    [Test]
    public void The_first_to_finish_wins_even_when_it_fails()
    {
        using var runtime = new VirtualRuntime();
        var refused = new InvalidOperationException("connection refused");
        var failing = FakeOperation<int>.Failing(runtime, "failing (20 ms)", Ms(20), refused);
        var slow = new FakeOperation<int>(runtime, "slow (100 ms)", Ms(100), 2);

        var outcome = Check.Run(runtime, () => Race.FirstAsync<int, int>(failing, slow));

        Assert.That(outcome.Exception, Is.SameAs(refused),
            $"The first operation to finish failed at t=20 ms, so it won the race (as in tokio's select!, where the " +
            $"first branch to complete wins whatever its result), and the caller must see that very exception: not " +
            $"wrapped in an AggregateException (.Result, .Wait() or task.Exception wrap it; await does not). " +
            $"The race {outcome}.{Environment.NewLine}{Environment.NewLine}{runtime.Timeline.Render()}");
        TimelineAssert.CompletedAt(outcome, Ms(20), "a failure that wins the race is reported when it happens.");
        Assert.That(slow.WasCancelled, Is.True,
            "The race is over at t=20 ms, even though the winner failed: the other operation's token must be cancelled " +
            "then too (cancel in a finally block, so that it happens however the race ends).");
    }

    [Test]
    public void A_loser_that_fails_after_losing_leaves_no_unobserved_exception()
    {
        var reset = new IOException("connection reset (after losing the race)");
        string? result = null;

        var unobserved = Check.UnobservedAfter(() => result = RaceAgainstALoserThatFailsLater(reset), reset);

        Assert.That(unobserved, Is.Empty,
            $"The loser failed at t=100 ms, after the race ({result}), and its exception was never observed. " +
            Check.UnobservedHint);
    }

    private static string RaceAgainstALoserThatFailsLater(Exception error)
    {
        using var runtime = new VirtualRuntime();
        var winner = new FakeOperation<int>(runtime, "winner (50 ms)", Ms(50), 1);
        var loser = Check.IgnoringItsToken(runtime, "loser (100 ms)", Ms(100), 0, error);

        var outcome = Check.Run(runtime, () => Race.FirstAsync<int, int>(winner, loser));
        var won = Check.ReturnedAt(outcome, Ms(50), "The winner finishes at t=50 ms.");
        Assert.That(won.FirstValue, Is.EqualTo(1), "the winner's value");

        runtime.AdvanceTo(Ms(100));
        Assert.That(runtime.Timeline.Of("loser (100 ms)").Select(e => e.What), Does.Contain(Timeline.Failed),
            "the loser (which ignores its token) fails at t=100 ms");
        Check.LetTheLoopForgetTheLastContinuation(runtime);
        return $"it returned at t=50 ms with {won}";
    }

    [Test]
    public void A_first_operation_that_fails_after_losing_leaves_no_unobserved_exception()
    {
        var reset = new IOException("connection reset (after losing the race)");
        string? result = null;

        var unobserved = Check.UnobservedAfter(() => result = RaceAgainstAFirstOperationThatFailsLater(reset), reset);

        Assert.That(unobserved, Is.Empty,
            $"The first operation lost to the second, failed at t=100 ms, after the race ({result}), and its exception " +
            "was never observed. Either operation can be the loser: observe both. " + Check.UnobservedHint);
    }

    private static string RaceAgainstAFirstOperationThatFailsLater(Exception error)
    {
        using var runtime = new VirtualRuntime();
        var loser = Check.IgnoringItsToken(runtime, "loser (100 ms)", Ms(100), 0, error);
        var winner = new FakeOperation<int>(runtime, "winner (50 ms)", Ms(50), 2);

        var outcome = Check.Run(runtime, () => Race.FirstAsync<int, int>(loser, winner));
        var won = Check.ReturnedAt(outcome, Ms(50), "The second operation finishes at t=50 ms and wins then.");
        Assert.That(LearnerText.Read(() => won.SecondWon.ToString(), "the winner's SecondWon"), Is.EqualTo(bool.TrueString),
            $"the second operation finished first, but the race says {LearnerText.Describe(won)}");

        runtime.AdvanceTo(Ms(100));
        Assert.That(runtime.Timeline.Of("loser (100 ms)").Select(e => e.What), Does.Contain(Timeline.Failed),
            "the loser (which ignores its token) fails at t=100 ms");
        Check.LetTheLoopForgetTheLastContinuation(runtime);
        return $"it returned at t=50 ms with {LearnerText.Describe(won)}";
    }

    [Test]
    public void The_callers_cancellation_cancels_both_operations()
    {
        using var runtime = new VirtualRuntime();
        using var caller = new CancellationTokenSource();
        var a = new FakeOperation<int>(runtime, "first (100 ms)", Ms(100), 1);
        var b = new FakeOperation<string>(runtime, "second (200 ms)", Ms(200), "two");
        runtime.At(Ms(30), caller.Cancel);

        var outcome = Check.Run(runtime, () => Race.FirstAsync<int, string>(a, b, caller.Token));

        Assert.That(outcome.Exception, Is.InstanceOf<OperationCanceledException>(),
            $"The caller cancelled at t=30 ms: the race must end with an OperationCanceledException. It {outcome}." +
            $"{Environment.NewLine}Is the operations' token linked to the caller's (CreateLinkedTokenSource)?" +
            $"{Environment.NewLine}{Environment.NewLine}{runtime.Timeline.Render()}");
        TimelineAssert.CompletedAt(outcome, Ms(30), "the caller's cancellation ends the race at once.");
        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("first (100 ms)", 0, 30, Timeline.Cancelled), Span.Of("second (200 ms)", 0, 30, Timeline.Cancelled)],
            "The caller's cancellation must reach both operations.",
            runtime.Now);
    }
}

/// <summary>
/// What the winner of a race of two gives the caller (Winner.cs): the winner's branch and value, never the loser's.
/// </summary>
public class WinnerOfTwoTests
{
    private static TimeSpan Ms(double ms) => Check.Ms(ms);

    /// <summary>
    /// Races a first operation returning 1 against a second returning "two"; the one named by
    /// <paramref name="which"/> ("first" or "second") takes 30 ms and wins, the other 100 ms.
    /// </summary>
    private static Winner<int, string> RaceWonBy(string which)
    {
        using var runtime = new VirtualRuntime();
        var first = new FakeOperation<int>(runtime, "first", Ms(which == "first" ? 30 : 100), 1);
        var second = new FakeOperation<string>(runtime, "second", Ms(which == "second" ? 30 : 100), "two");

        var outcome = Check.Run(runtime, () => Race.FirstAsync<int, string>(first, second));

        var winner = Check.ReturnedAt(outcome, Ms(30), $"The {which} operation finishes at t=30 ms and wins then.");
        Assert.That(LearnerText.Read(() => winner.FirstWon ? "first" : "second", "the winner's FirstWon"), Is.EqualTo(which),
            $"The {which} operation finished first (t=30 ms against t=100 ms), but the race says " +
            $"{LearnerText.Describe(winner)}.");
        return winner;
    }

    [TestCase("first", "1")]
    [TestCase("second", "two")]
    public void The_winner_of_two_gives_the_winners_branch_and_value_never_the_losers(string which, string value)
    {
        var winner = RaceWonBy(which);
        var loser = which == "first" ? "second" : "first";

        var branch = LearnerText.Read(
            () => winner.Match(first => $"first branch with {first}", second => $"second branch with {second}"),
            "the result of Match");
        Assert.That(branch, Is.EqualTo($"{which} branch with {value}"),
            $"The {which} operation won, so Match must run the {which} branch with its value, like the arm of " +
            $"select! whose future completed; it returned \"{branch}\". (Match is written in Winner.cs.)");

        object? loserValue = null;
        var error = which == "first"
            ? LoserValueError(() => loserValue = winner.SecondValue)
            : LoserValueError(() => loserValue = winner.FirstValue);
        var loserProperty = which == "first" ? "SecondValue" : "FirstValue";
        Assert.That(error, Is.InstanceOf<InvalidOperationException>(),
            $"The {which} operation won: {loserProperty} belongs to the {loser}, which lost and has no result, and " +
            $"reading it must throw InvalidOperationException (as Winner.cs documents). " +
            (error is null ? $"It returned {LearnerText.Describe(loserValue)}." : $"It threw {error.GetType().Name}."));

        var words = LearnerText.Read(winner.ToString, "the winner's ToString");
        Assert.That(words, Does.Contain(which).And.Contain(value),
            $"The {which} operation won with {value}: the winner's ToString (used in these tests' messages, written " +
            $"in Winner.cs) must name it and its value, e.g. \"the {which} won with {value}\", but it says \"{words}\".");
    }

    private static Exception? LoserValueError(Action read)
    {
        try
        {
            read();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}

/// <summary>A race of any number of operations: the winner's position and value, every loser cancelled.</summary>
public class RaceOfManyTests
{
    private static TimeSpan Ms(double ms) => Check.Ms(ms);

    [Test]
    public void The_fastest_of_many_wins_with_its_position_and_every_loser_is_cancelled()
    {
        using var runtime = new VirtualRuntime();
        var ops = new[]
        {
            new FakeOperation<string>(runtime, "A (300 ms)", Ms(300), "a"),
            new FakeOperation<string>(runtime, "B (100 ms)", Ms(100), "b"),
            new FakeOperation<string>(runtime, "C (200 ms)", Ms(200), "c"),
        };

        var outcome = Check.Run(runtime, () => Race.FirstAsync<string>([ops[0], ops[1], ops[2]]));

        var winner = Check.ReturnedAt(outcome, Ms(100), "B finishes at t=100 ms and wins then.");
        foreach (var op in ops)
            Assert.That(op.Calls, Is.EqualTo(1),
                $"Operation {op.Name} was started {op.Calls} times: each operation must be started exactly once. A lazy " +
                "operations.Select(...) starts them all again each time it is enumerated: materialize it (ToList).");
        Assert.That(winner, Is.EqualTo(new Winner<string>(1, "b")),
            "B (position 1, from 0) finished first with \"b\"");
        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("A (300 ms)", 0, 100, Timeline.Cancelled), Span.Of("B (100 ms)", 0, 100), Span.Of("C (200 ms)", 0, 100, Timeline.Cancelled)],
            "All start at t=0; at t=100 ms B wins and every loser's token is cancelled.",
            runtime.Now);
        runtime.AssertNoPendingTimers("a loser's timer is still pending: its token was never cancelled.");
    }

    [Test]
    public void A_failure_that_finishes_first_wins_a_race_of_many_at_once()
    {
        using var runtime = new VirtualRuntime();
        var refused = new InvalidOperationException("connection refused");
        var a = new FakeOperation<int>(runtime, "A (100 ms)", Ms(100), 1);
        var b = FakeOperation<int>.Failing(runtime, "B (fails at 20 ms)", Ms(20), refused);
        var stubborn = Check.IgnoringItsToken(runtime, "C (200 ms, ignores its token)", Ms(200), 3);

        var outcome = Check.Run(runtime, () => Race.FirstAsync<int>([a, b, stubborn]));

        Assert.That(outcome.Exception, Is.SameAs(refused),
            $"B finished first, failing at t=20 ms: it won the race, and the caller must see that very exception " +
            $"(await the winner; .Result and task.Exception wrap it in an AggregateException). The race {outcome}." +
            $"{Environment.NewLine}{Environment.NewLine}{runtime.Timeline.Render()}");
        TimelineAssert.CompletedAt(outcome, Ms(20),
            "a failure that wins is reported when it happens, without waiting for the losers (C ignores its token " +
            "and runs until t=200 ms).");
        Assert.That(a.WasCancelled, Is.True,
            "The race is over at t=20 ms, even though the winner failed: A's token must be cancelled then (cancel " +
            "in a finally block, so that it happens however the race ends)." + Environment.NewLine +
            Environment.NewLine + runtime.Timeline.Render());
    }

    [Test]
    public void The_callers_cancellation_cancels_every_operation()
    {
        using var runtime = new VirtualRuntime();
        using var caller = new CancellationTokenSource();
        var a = new FakeOperation<int>(runtime, "A (100 ms)", Ms(100), 1);
        var b = new FakeOperation<int>(runtime, "B (200 ms)", Ms(200), 2);
        runtime.At(Ms(30), caller.Cancel);

        var outcome = Check.Run(runtime, () => Race.FirstAsync<int>([a, b], caller.Token));

        Assert.That(outcome.Exception, Is.InstanceOf<OperationCanceledException>(),
            $"The caller cancelled at t=30 ms: the race must end with an OperationCanceledException. It {outcome}." +
            $"{Environment.NewLine}Is the operations' token linked to the caller's (CreateLinkedTokenSource)?" +
            $"{Environment.NewLine}{Environment.NewLine}{runtime.Timeline.Render()}");
        TimelineAssert.CompletedAt(outcome, Ms(30), "the caller's cancellation ends the race at once.");
        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("A (100 ms)", 0, 30, Timeline.Cancelled), Span.Of("B (200 ms)", 0, 30, Timeline.Cancelled)],
            "The caller's cancellation must reach every operation.",
            runtime.Now);
    }

    [Test]
    public void A_race_of_nothing_is_rejected()
    {
        using var runtime = new VirtualRuntime();

        var race = Check.Run(runtime, () => Race.FirstAsync<int>([]));
        var firstSuccessful = Check.Run(runtime, () => Race.FirstSuccessfulAsync<int>([]));

        Assert.That(race.Exception, Is.InstanceOf<ArgumentException>(),
            $"A race with no operations has no winner and would wait forever: reject it with an ArgumentException " +
            $"(as Task.WhenAny does). It {race}.");
        Assert.That(firstSuccessful.Exception, Is.InstanceOf<ArgumentException>(),
            $"FirstSuccessfulAsync with no operations: nobody can succeed and there is no error to report: reject it " +
            $"with an ArgumentException. It {firstSuccessful}.");
    }

    [Test]
    public void A_loser_that_fails_after_losing_leaves_no_unobserved_exception()
    {
        var reset = new IOException("connection reset (after losing the race)");
        string? result = null;

        var unobserved = Check.UnobservedAfter(() => result = RaceOfManyAgainstALoserThatFailsLater(reset), reset);

        Assert.That(unobserved, Is.Empty,
            $"B lost the race of many, failed at t=100 ms, after the race ({result}), and its exception was never " +
            "observed. " + Check.UnobservedHint);
    }

    private static string RaceOfManyAgainstALoserThatFailsLater(Exception error)
    {
        using var runtime = new VirtualRuntime();
        var a = new FakeOperation<int>(runtime, "A (50 ms)", Ms(50), 1);
        var b = Check.IgnoringItsToken(runtime, "B (100 ms)", Ms(100), 0, error);
        var c = new FakeOperation<int>(runtime, "C (200 ms)", Ms(200), 3);

        var outcome = Check.Run(runtime, () => Race.FirstAsync<int>([a, b, c]));
        var won = Check.ReturnedAt(outcome, Ms(50), "A finishes at t=50 ms and wins then.");
        Assert.That(won, Is.EqualTo(new Winner<int>(0, 1)), "A (position 0) finished first with 1");

        runtime.AdvanceTo(Ms(100));
        Assert.That(runtime.Timeline.Of("B (100 ms)").Select(e => e.What), Does.Contain(Timeline.Failed),
            "B (which ignores its token) fails at t=100 ms");
        Check.LetTheLoopForgetTheLastContinuation(runtime);
        return $"it returned {LearnerText.Describe(won)} at t=50 ms";
    }
}

/// <summary>The first successful result: failures only drop out of the race.</summary>
public class FirstSuccessfulTests
{
    private static TimeSpan Ms(double ms) => Check.Ms(ms);

    [Test]
    public void A_fast_failure_does_not_win_while_another_can_still_succeed()
    {
        using var runtime = new VirtualRuntime();
        var failing = FakeOperation<string>.Failing(runtime, "mirror 1 (fails at 10 ms)", Ms(10), new HttpRequestException("503"));
        var working = new FakeOperation<string>(runtime, "mirror 2 (50 ms)", Ms(50), "file");

        var outcome = Check.Run(runtime, () => Race.FirstSuccessfulAsync<string>([failing, working]));

        if (outcome.Exception is HttpRequestException || (outcome.IsCompleted && outcome.CompletedAt == Ms(10)))
            Assert.Fail($"The race {outcome}: a fast failure won, while mirror 2 could still succeed (and did, at " +
                "t=50 ms). In FirstSuccessfulAsync a failure only takes its operation out of the race: wait for the next one.");
        var winner = Check.ReturnedAt(outcome, Ms(50), "Mirror 2 succeeds at t=50 ms: that is the first success.");
        Assert.That(winner, Is.EqualTo(new Winner<string>(1, "file")), "mirror 2 (position 1) succeeded with \"file\"");
    }

    [Test]
    public void An_operation_that_ends_cancelled_on_its_own_drops_out_like_a_failure()
    {
        using var runtime = new VirtualRuntime();
        var dropped = new OperationCanceledException("mirror 1 dropped the request");
        var cancelled = FakeOperation<string>.Failing(runtime, "mirror 1 (cancelled at 10 ms)", Ms(10), dropped);
        var working = new FakeOperation<string>(runtime, "mirror 2 (50 ms)", Ms(50), "file");

        var outcome = Check.Run(runtime, () => Race.FirstSuccessfulAsync<string>([cancelled, working]));

        if (outcome.Exception is OperationCanceledException && outcome.CompletedAt == Ms(10))
            Assert.Fail($"The race {outcome}: mirror 1's task ended cancelled at t=10 ms although nobody cancelled " +
                "the race, and that ended the race. An operation that ends cancelled on its own has not succeeded: " +
                "like a failure, it drops out (a cancelled task is IsCanceled, not IsFaulted: test " +
                "IsCompletedSuccessfully).");
        var winner = Check.ReturnedAt(outcome, Ms(50), "Mirror 2 succeeds at t=50 ms: that is the first success.");
        Assert.That(winner, Is.EqualTo(new Winner<string>(1, "file")), "mirror 2 (position 1) succeeded with \"file\"");
    }

    [Test]
    public void The_first_success_cancels_the_operations_still_running()
    {
        using var runtime = new VirtualRuntime();
        var failing = FakeOperation<string>.Failing(runtime, "A (fails at 10 ms)", Ms(10), new HttpRequestException("503"));
        var working = new FakeOperation<string>(runtime, "B (50 ms)", Ms(50), "b");
        var slow = new FakeOperation<string>(runtime, "C (200 ms)", Ms(200), "c");

        var outcome = Check.Run(runtime, () => Race.FirstSuccessfulAsync<string>([failing, working, slow]));

        var winner = Check.ReturnedAt(outcome, Ms(50),
            "B succeeds at t=50 ms: return then, without waiting for C.");
        Assert.That(winner, Is.EqualTo(new Winner<string>(1, "b")), "B (position 1) succeeded first with \"b\"");
        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("A (fails at 10 ms)", 0, 10, Timeline.Failed), Span.Of("B (50 ms)", 0, 50), Span.Of("C (200 ms)", 0, 50, Timeline.Cancelled)],
            "A fails at t=10 ms and drops out; B succeeds at t=50 ms and wins; C, still running, must be cancelled then.",
            runtime.Now);
        runtime.AssertNoPendingTimers("an operation still running after the first success was not cancelled.");
    }

    [Test]
    public void When_every_operation_fails_the_caller_learns_every_error()
    {
        using var runtime = new VirtualRuntime();
        var errors = new Exception[]
        {
            new HttpRequestException("mirror 1: 503"),
            new TimeoutException("mirror 2: no answer"),
            new IOException("mirror 3: connection reset"),
        };
        var a = FakeOperation<string>.Failing(runtime, "mirror 1 (fails at 30 ms)", Ms(30), errors[0]);
        var b = FakeOperation<string>.Failing(runtime, "mirror 2 (fails at 10 ms)", Ms(10), errors[1]);
        var c = FakeOperation<string>.Failing(runtime, "mirror 3 (fails at 20 ms)", Ms(20), errors[2]);

        var outcome = Check.Run(runtime, () => Race.FirstSuccessfulAsync<string>([a, b, c]));

        Assert.That(outcome.Exception, Is.TypeOf<AggregateException>(),
            $"Every operation failed, so the caller must learn every error: an AggregateException holding all three. " +
            $"It {outcome}.{Environment.NewLine}{Environment.NewLine}{runtime.Timeline.Render()}");
        var inner = ((AggregateException)outcome.Exception!).InnerExceptions;
        Assert.That(inner, Is.EqualTo(errors),
            $"The AggregateException must hold each operation's own exception, in the order of the operations " +
            $"(as Task.WhenAll reports them), not in the order they failed. It holds: " +
            $"{string.Join(", ", inner.Select(e => $"{e.GetType().Name}(\"{LearnerText.MessageOf(e)}\")"))}.");
        TimelineAssert.CompletedAt(outcome, Ms(30), "the race is lost when the last operation fails, at t=30 ms.");
    }

    [Test]
    public void An_operation_that_ended_cancelled_on_its_own_is_among_the_errors_when_every_operation_fails()
    {
        using var runtime = new VirtualRuntime();
        var dropped = new OperationCanceledException("mirror 1 dropped the request");
        var unavailable = new HttpRequestException("mirror 2: 503");
        var cancelled = FakeOperation<string>.Failing(runtime, "mirror 1 (cancelled at 10 ms)", Ms(10), dropped);
        var failing = FakeOperation<string>.Failing(runtime, "mirror 2 (fails at 20 ms)", Ms(20), unavailable);

        var outcome = Check.Run(runtime, () => Race.FirstSuccessfulAsync<string>([cancelled, failing]));

        var nullException = outcome.Exception is NullReferenceException
            ? " Mirror 1's task is Canceled, not Faulted: its task.Exception is null. Its error is an " +
              "OperationCanceledException (awaiting the task rethrows it; new TaskCanceledException(task) stands for it)."
            : "";
        Assert.That(outcome.Exception, Is.TypeOf<AggregateException>(),
            $"Mirror 1's task ended cancelled at t=10 ms although nobody cancelled the race, and mirror 2 failed at " +
            $"t=20 ms: every operation dropped out, so the caller must get an AggregateException with both errors. " +
            $"It {outcome}.{nullException}{Environment.NewLine}{Environment.NewLine}{runtime.Timeline.Render()}");
        var inner = ((AggregateException)outcome.Exception!).InnerExceptions;
        var held = string.Join(", ", inner.Select(e => $"{e.GetType().Name}(\"{LearnerText.MessageOf(e)}\")"));
        Assert.That(inner, Has.Count.EqualTo(2),
            $"One error per operation, in the order of the operations: mirror 1's cancellation (an " +
            $"OperationCanceledException), then mirror 2's HttpRequestException. It holds: {held}.");
        Assert.That(inner[0], Is.InstanceOf<OperationCanceledException>(),
            $"The first error is mirror 1's: its task ended cancelled, so an OperationCanceledException. It holds: {held}.");
        Assert.That(inner[1], Is.SameAs(unavailable),
            $"The second error is mirror 2's own HttpRequestException(\"mirror 2: 503\"). It holds: {held}.");
        TimelineAssert.CompletedAt(outcome, Ms(20), "the race is lost when the last operation drops out, at t=20 ms.");
    }

    [Test]
    public void The_callers_cancellation_is_reported_as_a_cancellation()
    {
        using var runtime = new VirtualRuntime();
        using var caller = new CancellationTokenSource();
        var a = new FakeOperation<int>(runtime, "A (100 ms)", Ms(100), 1);
        var b = new FakeOperation<int>(runtime, "B (200 ms)", Ms(200), 2);
        runtime.At(Ms(30), caller.Cancel);

        var outcome = Check.Run(runtime, () => Race.FirstSuccessfulAsync<int>([a, b], caller.Token));

        Assert.That(outcome.Exception, Is.InstanceOf<OperationCanceledException>(),
            $"The caller cancelled at t=30 ms: the operations did not fail, they were cancelled on the caller's " +
            $"request, so the race ends with an OperationCanceledException, not an AggregateException of " +
            $"cancellations. It {outcome}.{Environment.NewLine}{Environment.NewLine}{runtime.Timeline.Render()}");
        TimelineAssert.CompletedAt(outcome, Ms(30), "the caller's cancellation ends the race at once.");
        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("A (100 ms)", 0, 30, Timeline.Cancelled), Span.Of("B (200 ms)", 0, 30, Timeline.Cancelled)],
            "The caller's cancellation must reach every operation (a token linked to the caller's).",
            runtime.Now);
    }

    [Test]
    public void A_failure_that_did_not_win_leaves_no_unobserved_exception()
    {
        var unavailable = new HttpRequestException("mirror 1: 503");
        string? result = null;

        var unobserved = Check.UnobservedAfter(() => result = FailureThenSuccess(unavailable), unavailable);

        Assert.That(unobserved, Is.Empty,
            $"Mirror 1 failed at t=10 ms and dropped out of the race ({result}), and its exception was never " +
            "observed: read it (task.Exception) when it drops out, or observe every runner when the race ends. " +
            Check.UnobservedHint);
    }

    private static string FailureThenSuccess(Exception error)
    {
        using var runtime = new VirtualRuntime();
        var failing = FakeOperation<string>.Failing(runtime, "mirror 1 (fails at 10 ms)", Ms(10), error);
        var working = new FakeOperation<string>(runtime, "mirror 2 (50 ms)", Ms(50), "file");

        var outcome = Check.Run(runtime, () => Race.FirstSuccessfulAsync<string>([failing, working]));
        var winner = Check.ReturnedAt(outcome, Ms(50), "Mirror 2 succeeds at t=50 ms: that is the first success.");
        Assert.That(winner, Is.EqualTo(new Winner<string>(1, "file")), "mirror 2 (position 1) succeeded with \"file\"");
        Check.LetTheLoopForgetTheLastContinuation(runtime);
        return $"the race returned {winner} at t=50 ms";
    }
}
