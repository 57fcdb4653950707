using NUnit.Framework.Interfaces;

namespace Katas.ManyTasks;

/// <summary>Ten thousand concurrent waits: one second of fake time, a handful of threads.</summary>
public class ManyTasksTests
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    /// <summary>
    /// "A handful" of threads: no more than the machine has cores, and at least 4. On the tests' event loop a
    /// correct answer uses exactly one (every continuation comes back to the loop's thread); a thread per
    /// wait uses ten thousand.
    /// </summary>
    private static readonly int Handful = Math.Max(4, Environment.ProcessorCount);

    private VirtualRuntime _runtime = null!;
    private CancellationTokenSource _stop = null!;

    [SetUp]
    public void CreateRuntime()
    {
        _runtime = new VirtualRuntime();
        _stop = new CancellationTokenSource();
    }

    [TearDown]
    public void CleanUp()
    {
        // Every test passes _stop.Token (or a token linked to it): cancelling it lets go of whatever a wrong
        // answer left waiting or blocked, and after a failure the runtime drains that work here, so that it
        // does not spill into the next test.
        _stop.Cancel();
        _stop.Dispose();
        if (TestContext.CurrentContext.Result.Outcome.Status != TestStatus.Passed)
        {
            try { _runtime.RunUntilIdle(); } catch (AssertionException) { }
        }
        _runtime.Dispose();
    }

    [Test]
    public void Ten_thousand_one_second_waits_are_all_done_after_one_second()
    {
        _runtime.Clock.RecordCreationSites = false; // 10,000 timers: skip the stack trace of each
        var wakeUps = new WakeUps(_runtime);

        var outcome = Drive(() =>
        {
            var outcome = _runtime.Start(() => ManyWaits.RunAsync(10_000, OneSecond, wakeUps.Woke, _runtime.Clock, _stop.Token));
            _runtime.AdvanceTo(OneSecond - TimeSpan.FromMilliseconds(1));
            Assert.That(wakeUps.Count, Is.Zero,
                $"At t=999 ms no wait of one second can be over, yet {wakeUps.Count} are: they waited on the real clock, " +
                "which the tests do not use (Thread.Sleep, or Task.Delay without the TimeProvider).");
            _runtime.AdvanceTo(OneSecond);
            return outcome;
        });

        Assert.That(outcome.IsCompleted, Is.True, wakeUps.Count == 0
            ? "After one second of fake time none of the 10,000 waits is over: did they wait on the fake clock? " +
              "Pass the TimeProvider: Task.Delay(wait, timeProvider, cancellationToken)."
            : $"After one second of fake time only {wakeUps.Count} of the 10,000 waits are over. " + AllAtOnce);
        Assert.That(outcome.Value, Is.EqualTo(Enumerable.Range(0, 10_000)), "the results, in the order the tasks were started");
        TimelineAssert.CompletedAt(outcome, OneSecond, "all 10,000 waits start at t=0 and end together at t=1000 ms");
        Assert.That(wakeUps.Times.Distinct(), Is.EqualTo(new[] { OneSecond }), "every task wakes up exactly at t=1000 ms");
    }

    [Test]
    public void Ten_thousand_waits_wake_up_on_a_handful_of_threads()
    {
        _runtime.Clock.RecordCreationSites = false;
        var wakeUps = new WakeUps(_runtime);

        var outcome = Drive(() => _runtime.Run(
            () => ManyWaits.RunAsync(10_000, OneSecond, wakeUps.Woke, _runtime.Clock, _stop.Token), limit: OneSecond));

        Assert.That(outcome.Value, Has.Length.EqualTo(10_000), "every task returns its number");
        Assert.That(wakeUps.Count, Is.EqualTo(10_000), "every task calls woke once its wait is over");
        Assert.That(wakeUps.Threads, Is.LessThanOrEqualTo(Handful),
            $"The 10,000 tasks woke up on {wakeUps.Threads} different threads, expected a handful (at most {Handful}): " +
            "a thread per wait? A task that awaits holds no thread while it waits: await Task.Delay(wait, timeProvider, " +
            "cancellationToken) instead of new Thread, Task.Factory.StartNew(LongRunning) or Thread.Sleep.");
    }

    [Test]
    public void While_ten_thousand_tasks_wait_the_event_loop_is_free()
    {
        _runtime.Clock.RecordCreationSites = false;
        var heartbeats = new List<TimeSpan>();
        _runtime.At(TimeSpan.FromMilliseconds(500), () => heartbeats.Add(_runtime.Now));

        var outcome = Drive(() => _runtime.Run(
            () => ManyWaits.RunAsync(10_000, OneSecond, _ => { }, _runtime.Clock, _stop.Token), limit: OneSecond));

        Assert.That(outcome.Value, Has.Length.EqualTo(10_000), "every task returns its number");
        TimelineAssert.CompletedAt(outcome, OneSecond, "all 10,000 waits start at t=0 and end together at t=1000 ms");
        Assert.That(heartbeats, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(500) }),
            "halfway through the waits, the event loop's only thread is free to run something else (a heartbeat at t=500 ms)");
    }

    [Test]
    public void Each_task_waits_the_time_it_is_given()
    {
        var wakeUps = new WakeUps(_runtime);
        var wait = TimeSpan.FromMilliseconds(250);

        var outcome = Drive(() => _runtime.Run(
            () => ManyWaits.RunAsync(1_000, wait, wakeUps.Woke, _runtime.Clock, _stop.Token), limit: wait));

        Assert.That(outcome.Value, Is.EqualTo(Enumerable.Range(0, 1_000)), "the results, in the order the tasks were started");
        TimelineAssert.CompletedAt(outcome, wait, "1,000 waits of 250 ms, all at once, take 250 ms");
        Assert.That(wakeUps.Times.Distinct(), Is.EqualTo(new[] { wait }), "every task wakes up at t=250 ms");
    }

    [Test]
    public void Cancelling_stops_every_wait_at_once()
    {
        var wakeUps = new WakeUps(_runtime);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        _runtime.At(TimeSpan.FromSeconds(2), cts.Cancel);

        var outcome = Drive(() => _runtime.Run(
            () => ManyWaits.RunAsync(1_000, TimeSpan.FromSeconds(5), wakeUps.Woke, _runtime.Clock, cts.Token), limit: TimeSpan.FromSeconds(5)));

        Assert.That(outcome.IsCanceled, Is.True, $"cancelled at t=2000 ms, the call should end cancelled; it {Describe(outcome)}");
        TimelineAssert.CompletedAt(outcome, TimeSpan.FromSeconds(2),
            "the token is cancelled at t=2000 ms: pass it to every Task.Delay so that every wait stops at once");
        Assert.That(wakeUps.Count, Is.Zero, "no task wakes up normally after its wait was cancelled");
        _runtime.AssertNoPendingTimers("every wait's timer should be gone once the token is cancelled");
    }

    [Test]
    public void No_tasks_are_done_at_once()
    {
        var outcome = Drive(() => _runtime.Run(
            () => ManyWaits.RunAsync(0, OneSecond, _ => Assert.Fail("nobody to wake"), _runtime.Clock, _stop.Token)));

        Assert.That(outcome.Value, Is.Empty, "zero tasks give zero results");
        TimelineAssert.CompletedAt(outcome, TimeSpan.Zero, "with nothing to wait for, the call is done at once (like Task.WhenAll of nothing)");
    }

    private const string AllAtOnce =
        "The waits should all run at the same time: start every task first, then await them all together. " +
        "Awaited one after the other, 10,000 waits of 1 s take 10,000 s; a few at a time (Parallel.ForEachAsync " +
        "runs as many as there are cores) is not much better.";

    /// <summary>The outcome in a sentence, without printing thousands of results.</summary>
    private static string Describe(Outcome<int[]> outcome) => outcome.Succeeded
        ? $"completed at t={Format.Ms(outcome.CompletedAt ?? default)} with {outcome.Value.Length} results"
        : outcome.ToString();

    /// <summary>Runs the test's steps; the watchdog's verdicts are explained in this kata's terms.</summary>
    private static T Drive<T>(Func<T> steps)
    {
        try
        {
            return steps();
        }
        catch (AssertionException e) when (e.Message.StartsWith("The thread was blocked", StringComparison.Ordinal)
                                           || e.Message.StartsWith("The code under test kept running", StringComparison.Ordinal))
        {
            throw new AssertionException(
                "Threads stayed busy while the tasks were supposed to be waiting: a thread per wait (new Thread, " +
                "Task.Factory.StartNew with LongRunning, Task.Run with Thread.Sleep or .Wait()) spends a whole thread " +
                "on doing nothing. A task that awaits Task.Delay(wait, timeProvider, cancellationToken) holds no thread " +
                "while it waits." + Environment.NewLine + Environment.NewLine + e.Message);
        }
        catch (AssertionException e) when (e.Message.StartsWith("Not finished by", StringComparison.Ordinal))
        {
            throw new AssertionException(AllAtOnce + Environment.NewLine + Environment.NewLine + e.Message);
        }
    }

    /// <summary>Records every call of woke: how many, when (fake time) and on which threads.</summary>
    private sealed class WakeUps(VirtualRuntime runtime)
    {
        private readonly object _gate = new();
        private readonly HashSet<int> _threads = [];
        private readonly List<TimeSpan> _times = [];

        public int Count { get { lock (_gate) return _times.Count; } }

        public int Threads { get { lock (_gate) return _threads.Count; } }

        public IReadOnlyList<TimeSpan> Times { get { lock (_gate) return [.. _times]; } }

        public void Woke(int id)
        {
            lock (_gate)
            {
                _times.Add(runtime.Now);
                _threads.Add(Environment.CurrentManagedThreadId);
            }
        }
    }
}
