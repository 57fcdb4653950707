using NUnit.Framework.Interfaces;

namespace Katas.ManyTasks;

/// <summary>Ten thousand concurrent waits: one second of fake time, and no thread held while they wait.</summary>
public class ManyTasksTests
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

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
            Assert.That(wakeUps.Count, Is.Zero, wakeUps.Count == 0 ? "" :
                $"At t=999 ms no wait of one second can be over, yet {wakeUps.Count} tasks had called woke, the first at " +
                $"t={Format.Ms(wakeUps.Times[0])}: woke comes after the wait, and the wait is on the fake clock (Thread.Sleep, " +
                "or Task.Delay without the TimeProvider, waits on the real clock, which the tests do not move).");
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
        wakeUps.AssertEachCalledWithItsOwnNumber(10_000);
    }

    [Test]
    public void While_they_wait_the_ten_thousand_tasks_hold_no_thread()
    {
        _runtime.Clock.RecordCreationSites = false;
        var threads = new CodeThreads(_runtime);
        var wakeUps = new WakeUps(_runtime, threads);

        var outcome = Drive(() => _runtime.Run(
            threads.Watch(() => ManyWaits.RunAsync(10_000, OneSecond, wakeUps.Woke, _runtime.Clock, _stop.Token)), limit: OneSecond));

        Assert.That(wakeUps.OnAHeldThread, Is.Zero,
            $"{wakeUps.OnAHeldThread} of the 10,000 tasks called woke on a thread that had been running the code under " +
            $"test since t={Format.Ms(wakeUps.HeldSince ?? default)}, without a break: {wakeUps.HeldThreads} threads were " +
            "held, doing nothing, through the wait (a thread per wait: new Thread, Task.Factory.StartNew with LongRunning, " +
            "or Task.Run with Thread.Sleep, .Wait() or .Result). A task that awaits Task.Delay(wait, timeProvider, " +
            "cancellationToken) holds no thread while it waits: the rest of it runs, on whatever thread, when the wait is over.");
        Assert.That(outcome.Value, Has.Length.EqualTo(10_000), "every task returns its number");
        Assert.That(wakeUps.Count, Is.EqualTo(10_000), "every task calls woke once its wait is over");
        Assert.That(wakeUps.Times.Distinct(), Is.EqualTo(new[] { OneSecond }), "every task wakes up exactly at t=1000 ms");
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
        // Not disposed: the tear-down's _stop.Cancel() must reach it, to release what a wrong answer left blocked on it.
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
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

    /// <summary>
    /// Records every call of woke: with which number, when (fake time), and whether its thread had been held by the
    /// code under test since before that instant.
    /// </summary>
    private sealed class WakeUps(VirtualRuntime runtime, CodeThreads? threads = null)
    {
        private readonly object _gate = new();
        private readonly List<int> _ids = [];
        private readonly List<TimeSpan> _times = [];
        private readonly HashSet<int> _heldThreads = [];
        private int _onAHeldThread;
        private TimeSpan? _heldSince;

        public int Count { get { lock (_gate) return _times.Count; } }

        public IReadOnlyList<TimeSpan> Times { get { lock (_gate) return [.. _times]; } }

        /// <summary>Calls of woke on a thread that was already running the code under test before that instant.</summary>
        public int OnAHeldThread { get { lock (_gate) return _onAHeldThread; } }

        /// <summary>How many distinct threads those calls ran on.</summary>
        public int HeldThreads { get { lock (_gate) return _heldThreads.Count; } }

        /// <summary>The earliest instant since which one of those threads had been running the code.</summary>
        public TimeSpan? HeldSince { get { lock (_gate) return _heldSince; } }

        public void Woke(int id)
        {
            var now = runtime.Now;
            var runningSince = threads?.CurrentThreadRunningSince;
            lock (_gate)
            {
                _ids.Add(id);
                _times.Add(now);
                if (runningSince is { } since && since < now)
                {
                    _onAHeldThread++;
                    _heldThreads.Add(Environment.CurrentManagedThreadId);
                    if (_heldSince is null || since < _heldSince) _heldSince = since;
                }
            }
        }

        /// <summary>Fails unless woke was called once with each number from 0 to count - 1.</summary>
        public void AssertEachCalledWithItsOwnNumber(int count)
        {
            int[] ids;
            lock (_gate) ids = [.. _ids];
            if (ids.Order().SequenceEqual(Enumerable.Range(0, count))) return;
            var wrong = ids.Where(id => id < 0 || id >= count).Distinct().Take(5).ToList();
            var repeated = ids.CountBy(id => id).Where(c => c.Value > 1).OrderByDescending(c => c.Value).Take(5)
                .Select(c => $"woke({c.Key}) x{c.Value}").ToList();
            var missing = count - ids.Where(id => id >= 0 && id < count).Distinct().Count();
            throw new AssertionException(
                $"Task i should call woke(i), once, for i from 0 to {count - 1}. Seen: {ids.Length} calls; " +
                $"{missing} of the numbers 0 to {count - 1} never came" +
                (wrong.Count > 0 ? $"; numbers out of range: {string.Join(", ", wrong)}" : "") +
                (repeated.Count > 0 ? $"; repeated: {string.Join(", ", repeated)}" : "") +
                ". Does each task get its own number? A lambda that captures the loop variable of a for loop sees the " +
                "value it has when the lambda runs, after the loop is over: copy it into a local inside the loop, or pass " +
                "it to a method that starts the task.");
        }
    }

    /// <summary>
    /// Tells, on any thread, whether that thread is running the code under test, and since when (fake time). The code
    /// is marked with an <see cref="AsyncLocal{T}"/>, as the harness marks it: the mark flows into every continuation,
    /// Task.Run, thread and timer callback, and its change notifications say when a thread starts or stops running
    /// marked code. A task that awaits leaves its thread, so the thread that runs its continuation has just started
    /// running it; a thread that sleeps or blocks through the wait has been running it since the wait began. (The
    /// runtime does not move the clock while a thread of the code is busy, so its watchdog usually reports such a
    /// thread first, through <c>Drive</c>; this names it wherever the clock did move past a held thread.)
    /// </summary>
    private sealed class CodeThreads
    {
        private readonly VirtualRuntime _runtime;
        private readonly AsyncLocal<object?> _mark;
        private readonly ThreadLocal<TimeSpan?> _runningSince = new();

        public CodeThreads(VirtualRuntime runtime)
        {
            _runtime = runtime;
            _mark = new AsyncLocal<object?>(OnChanged);
        }

        /// <summary>Since when the current thread has been running the code under test; null when it is not.</summary>
        public TimeSpan? CurrentThreadRunningSince => _runningSince.Value;

        /// <summary>Wraps the code under test so that everything it starts is marked.</summary>
        public Func<Task<T>> Watch<T>(Func<Task<T>> code) => () =>
        {
            _mark.Value = this;
            return code();
        };

        private void OnChanged(AsyncLocalValueChangedArgs<object?> change)
        {
            var marked = change.CurrentValue is not null;
            if (marked == _runningSince.Value.HasValue) return;
            _runningSince.Value = marked ? _runtime.Now : null;
        }
    }
}
