namespace Katas.HelloAsync;

/// <summary>Helpers shared by the tests of this kata.</summary>
internal static class Check
{
    private static readonly string NL = Environment.NewLine;

    public static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    /// <summary>Fails unless the code returned <paramref name="expected"/> at exactly <paramref name="at"/>.</summary>
    public static void ReturnedAt<T>(Outcome<T> outcome, T expected, TimeSpan at, string hint)
    {
        Returned(outcome, $"\"{expected}\" at t={Format.Ms(at)}");
        Assert.That(outcome.Value, Is.EqualTo(expected), "the result");
        TimelineAssert.CompletedAt(outcome, at, hint);
    }

    /// <summary>Fails, with what happened instead, unless the code returned a value.</summary>
    public static void Returned(Outcome outcome, string what = "a result")
    {
        if (!outcome.Succeeded)
            throw new AssertionException($"Expected {what}, but the code {outcome}" + NL + NL + outcome.Timeline.Render());
    }
}

/// <summary>GreetAsync: the simplest async method, with nothing to wait for.</summary>
public class GreetTests
{
    [TestCase("Ferris")]
    [TestCase("Ada Lovelace")]
    public void Greets_by_name_at_once(string name)
    {
        using var runtime = new VirtualRuntime();

        var outcome = runtime.Run(() => Hello.GreetAsync(name));

        Check.ReturnedAt(outcome, $"Hello, {name}!", TimeSpan.Zero,
            "a greeting has nothing to wait for: the task is complete as soon as GreetAsync returns it.");
    }

    [Test]
    public void The_greeting_task_is_already_complete_when_GreetAsync_returns()
    {
        using var runtime = new VirtualRuntime();

        var outcome = runtime.Run(() =>
        {
            var greeting = Hello.GreetAsync("Ferris");
            return Task.FromResult((greeting.Status, Greeting: greeting));
        });

        Check.Returned(outcome);
        var (status, greeting) = outcome.Value;
        Assert.That(status, Is.EqualTo(TaskStatus.RanToCompletion),
            $"GreetAsync returned a task that was {status}, not yet complete: the greeting was handed to other work " +
            "(Task.Run, or an await of Task.Yield) instead of being ready at once. There is nothing to wait for: " +
            "Task.FromResult($\"Hello, {name}!\") is a task that is complete when it is returned.");
        Assert.That(greeting.Result, Is.EqualTo("Hello, Ferris!"));
    }
}

/// <summary>FetchDataAsync: waiting on an injected clock, and stopping when the token says so.</summary>
public class FetchDataTests
{
    private static TimeSpan Ms(double ms) => Check.Ms(ms);

    private const string WaitOnTheClock =
        "FetchDataAsync must wait 100 ms on the TimeProvider it is given: " +
        "await Task.Delay(TimeSpan.FromMilliseconds(100), timeProvider, cancellationToken). " +
        "(Thread.Sleep blocks the thread and never moves the test's fake clock; a Task.Delay without the " +
        "TimeProvider waits on the real clock.)";

    [Test]
    public void Returns_data_from_server_after_100_ms_on_the_clock()
    {
        using var runtime = new VirtualRuntime();

        var outcome = runtime.Run(() => Hello.FetchDataAsync(runtime.Clock));

        Check.ReturnedAt(outcome, "data from server", Ms(100), WaitOnTheClock);
    }

    [Test]
    public void Is_still_pending_at_99_ms_and_done_at_100_ms()
    {
        using var runtime = new VirtualRuntime();

        var outcome = runtime.Start(() => Hello.FetchDataAsync(runtime.Clock));
        runtime.AdvanceTo(Ms(99));

        Assert.That(outcome.IsCompleted, Is.False,
            $"At t=99 ms the fetch must still be waiting, but it {outcome}. {WaitOnTheClock}");
        runtime.AdvanceTo(Ms(100));
        Assert.That(outcome.Succeeded, Is.True,
            $"At t=100 ms the fetch must be done, but it is {outcome}. {WaitOnTheClock}");
        Assert.That(outcome.Value, Is.EqualTo("data from server"));
    }

    [Test]
    public void Is_cancelled_at_once_when_the_token_is_cancelled()
    {
        using var runtime = new VirtualRuntime();
        using var cts = new CancellationTokenSource();
        runtime.At(Ms(30), cts.Cancel);

        var outcome = runtime.Run(() => Hello.FetchDataAsync(runtime.Clock, cts.Token));

        var problem = outcome switch
        {
            { IsCanceled: true } => null,
            { Succeeded: true, CompletedAt: var t } when t == Ms(30) =>
                $"The token was cancelled at t=30 ms and the fetch returned \"{outcome.Value}\": it caught the " +
                "cancellation and returned as if all went well. Let the OperationCanceledException propagate: the " +
                "caller must see that the fetch did not happen.",
            { Succeeded: true, CompletedAt: var t } when t < Ms(30) =>
                $"The fetch {outcome}, before the token was cancelled at t=30 ms: it did not wait on the clock. " +
                WaitOnTheClock,
            { Succeeded: true } =>
                $"The token was cancelled at t=30 ms, but the fetch ran on and {outcome}. Pass the token to " +
                "what waits: Task.Delay(delay, timeProvider, cancellationToken). Checking it once before the wait " +
                "is not enough: the cancellation comes during the wait.",
            _ => $"The token was cancelled at t=30 ms: expected the fetch to end cancelled (OperationCanceledException), " +
                 $"but it {outcome}",
        };
        if (problem is not null)
            throw new AssertionException(problem + Environment.NewLine + Environment.NewLine + runtime.Timeline.Render());
        TimelineAssert.CompletedAt(outcome, Ms(30), "a cancelled fetch stops the moment its token is cancelled.");
        runtime.AssertNoPendingTimers("the 100 ms delay's timer is still pending after the cancellation.");
    }

    [Test]
    public void Runs_without_being_awaited_because_a_task_is_hot()
    {
        using var runtime = new VirtualRuntime();
        var doneBeforeItWasAwaited = false;

        var outcome = runtime.Run(async () =>
        {
            var fetch = Hello.FetchDataAsync(runtime.Clock); // the fetch starts here, not at the await below...
            await Task.Delay(Ms(150), runtime.Clock);          // ...so it runs while we wait for something else
            doneBeforeItWasAwaited = fetch.IsCompleted;
            return await fetch;
        });

        Check.ReturnedAt(outcome, "data from server", Ms(150),
            "the fetch (100 ms) ran during the other wait (150 ms): a task runs from the moment the async method " +
            "is called, whether or not anyone awaits it yet.");
        Assert.That(doneBeforeItWasAwaited, Is.True, "the fetch had finished at t=100 ms, before anyone awaited it");
    }
}

/// <summary>LazyTask: a task that, like a Rust future, does nothing until it is asked for its result.</summary>
public class LazyTaskTests
{
    private static TimeSpan Ms(double ms) => Check.Ms(ms);

    [Test]
    public void Creating_it_does_not_start_the_work()
    {
        using var runtime = new VirtualRuntime();
        var work = new FakeOperation<string>(runtime, "work", Ms(100), "data from server");

        var outcome = runtime.Run(async () =>
        {
            var lazy = new LazyTask<string>(() => work.RunAsync());
            await Task.Delay(Ms(500), runtime.Clock);
            return lazy.IsStarted;
        });

        Check.Returned(outcome, "the LazyTask to be created");
        Assert.That(work.Calls, Is.Zero,
            $"Nobody asked for the result, yet the work was started at t={Format.Ms(work.StartedAt ?? default)}. " +
            "The constructor must only keep the function for later: calling it starts the work (a Task is hot).");
        Assert.That(outcome.Value, Is.False, "IsStarted must be false while nobody has asked for the result");
    }

    [Test]
    public void Awaiting_it_starts_the_work_then()
    {
        using var runtime = new VirtualRuntime();
        var work = new FakeOperation<string>(runtime, "work", Ms(100), "data from server");

        var outcome = runtime.Run(async () =>
        {
            var lazy = new LazyTask<string>(() => work.RunAsync());
            await Task.Delay(Ms(200), runtime.Clock);
            return await lazy;
        });

        Check.Returned(outcome, "\"data from server\" at t=300 ms");
        TimelineAssert.SpansAre(runtime.Timeline, [Span.Of("work", 200, 300)],
            "The work must start when the LazyTask is first awaited (t=200 ms), not when it is created (t=0).",
            runtime.Now);
        Check.ReturnedAt(outcome, "data from server", Ms(300), "awaited at t=200 ms, the 100 ms of work end at t=300 ms.");
    }

    [Test]
    public void Runs_the_work_once_however_often_it_is_started_or_awaited()
    {
        using var runtime = new VirtualRuntime();
        var work = new FakeOperation<string>(runtime, "work", Ms(100), "data from server");

        var outcome = runtime.Run(async () =>
        {
            var lazy = new LazyTask<string>(() => work.RunAsync());
            var first = lazy.Start();
            var second = lazy.Start();
            string[] results = [await lazy, await lazy, await first];
            return (SameTask: ReferenceEquals(first, second), lazy.IsStarted, Results: results);
        });

        Check.Returned(outcome);
        Assert.That(work.Calls, Is.EqualTo(1),
            "Start() twice and `await` twice must run the work once: keep the task of the first call and return it " +
            "again on every later call.");
        Assert.That(outcome.Value.SameTask, Is.True, "every Start() must return the same task");
        Assert.That(outcome.Value.Results, Is.EqualTo(new[] { "data from server", "data from server", "data from server" }));
        Assert.That(outcome.Value.IsStarted, Is.True, "IsStarted stays true once the work was started, also after it finished");
        TimelineAssert.CompletedAt(outcome, Ms(100), "one run of the work takes 100 ms.");
    }

    [Test]
    public void IsStarted_is_true_while_the_work_runs_and_after_it_is_done()
    {
        using var runtime = new VirtualRuntime();
        var work = new FakeOperation<string>(runtime, "work", Ms(100), "data from server");
        LazyTask<string>? lazy = null;

        var outcome = runtime.Start(() =>
        {
            lazy = new LazyTask<string>(() => work.RunAsync());
            return lazy.Start();
        });
        runtime.AdvanceTo(Ms(50));

        Assert.That(lazy, Is.Not.Null, $"Creating the LazyTask failed: it {outcome}");
        Assert.That(work.IsRunning, Is.True, $"Start() at t=0 must start the 100 ms of work: at t=50 ms it {outcome}.");
        Assert.That(lazy!.IsStarted, Is.True,
            "At t=50 ms the work started by Start() is running: IsStarted must already be true (it says whether the " +
            "work has been started, not whether it has finished).");
        runtime.RunToCompletion(outcome);
        Assert.That(lazy.IsStarted, Is.True, "IsStarted stays true once the work has finished");
    }

    [Test]
    public void A_work_that_failed_is_not_run_again()
    {
        using var runtime = new VirtualRuntime();
        var refused = new InvalidOperationException("connection refused");
        var work = FakeOperation<string>.Failing(runtime, "work", Ms(100), refused);

        var outcome = runtime.Run(async () =>
        {
            var lazy = new LazyTask<string>(() => work.RunAsync());
            var errors = new List<Exception>();
            for (var i = 0; i < 2; i++)
            {
                try { await lazy; }
                catch (Exception e) { errors.Add(e); }
            }
            return (Errors: errors, SameTask: ReferenceEquals(lazy.Start(), lazy.Start()));
        });

        Check.Returned(outcome);
        Assert.That(work.Calls, Is.EqualTo(1),
            $"The work failed at t=100 ms and was then started {work.Calls - 1} more time(s): a LazyTask runs its work " +
            "once, and a failed task is the result too (every later await rethrows its exception). Keep the first " +
            "task whatever became of it." + Environment.NewLine + Environment.NewLine + runtime.Timeline.Render());
        Assert.That(outcome.Value.Errors, Is.EqualTo(new[] { refused, refused }),
            "both awaits must rethrow the work's own exception");
        Assert.That(outcome.Value.SameTask, Is.True, "every Start() returns the same task, also after a failure");
        TimelineAssert.CompletedAt(outcome, Ms(100), "the one run of the work fails at t=100 ms.");
    }

    [Test]
    public void A_task_starts_when_created_a_LazyTask_when_awaited()
    {
        using var runtime = new VirtualRuntime();
        var hot = new FakeOperation<string>(runtime, "Task", Ms(100), "hot");
        var cold = new FakeOperation<string>(runtime, "LazyTask", Ms(100), "lazy");

        var outcome = runtime.Run(async () =>
        {
            var task = hot.RunAsync();                                  // a Task: running from this line
            var lazy = new LazyTask<string>(() => cold.RunAsync());     // a LazyTask: nothing runs yet
            await Task.Delay(Ms(200), runtime.Clock);
            return (await task, await lazy);
        });

        Check.Returned(outcome);
        TimelineAssert.SpansAre(runtime.Timeline, [Span.Of("Task", 0, 100), Span.Of("LazyTask", 200, 300)],
            "Both were created at t=0 and awaited at t=200 ms. The Task ran at once (0-100 ms, like every C# task); " +
            "the LazyTask must wait to be awaited (200-300 ms, like a Rust future).",
            runtime.Now);
        Assert.That(outcome.Value, Is.EqualTo(("hot", "lazy")));
    }
}
