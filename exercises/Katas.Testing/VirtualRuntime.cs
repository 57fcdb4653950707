using System.Diagnostics;

namespace Katas.Testing;

/// <summary>
/// Runs code under test on a fake clock, exactly and without real waiting: a single-threaded event loop
/// (like tokio's current-thread runtime) plus a <see cref="TrackingTimeProvider"/> that the runtime
/// advances <b>one due timer at a time</b>, letting every continuation run in between. A test can thus
/// say "completed at t = 100 ms". A watchdog turns every kind of hang into a failed test with a message
/// within about two seconds of real time.
/// </summary>
/// <remarks>
/// Pass <see cref="Clock"/> to the code under test as its <see cref="TimeProvider"/>. Code started with
/// <see cref="Start{T}"/> runs on the loop; work it sends to the thread pool (Task.Run,
/// ConfigureAwait(false)) is tracked too. Fixtures using it must not run in parallel with each other:
/// the thread pool is shared.
/// </remarks>
public sealed class VirtualRuntime : IDisposable
{
    /// <summary>A thread busy this long in real time, without awaiting, is reported as blocked.</summary>
    public static readonly TimeSpan BlockedAfter = TimeSpan.FromSeconds(2);

    /// <summary>How long to wait, in real time, for a real-clock wake-up before declaring the code stuck.</summary>
    public static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(1);

    /// <summary>Real time one <see cref="RunToCompletion"/> may take before it is reported as running forever.</summary>
    public static readonly TimeSpan RealTimeBudget = TimeSpan.FromSeconds(15);

    /// <summary>Latest fake time a run may reach when the test names no limit.</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromHours(1);

    private readonly EventLoop _loop = new("virtual runtime: event loop");
    private readonly EventLoop _clockThread = new("virtual runtime: clock", installAsContext: false);
    private readonly ActivityMonitor _activity = new();
    private readonly ExecutionContext _codeContext;
    private readonly List<Exception> _testActionErrors = [];
    private int _reportedEscapes;
    private readonly long _createdAt = Stopwatch.GetTimestamp();

    /// <summary>A runtime whose clock starts at t = 0.</summary>
    public VirtualRuntime()
    {
        Clock = new TrackingTimeProvider();
        Timeline = new Timeline(Clock);
        _codeContext = CaptureMarkedContext();
        ThreadPoolActivity.TakeBaseline();
    }

    /// <summary>The fake clock: give it to the code under test as its <see cref="TimeProvider"/>.</summary>
    public TrackingTimeProvider Clock { get; }

    /// <summary>The fake time now, since the start of the test.</summary>
    public TimeSpan Now => Clock.Elapsed;

    /// <summary>What happened, when: fakes record here, and so may the test.</summary>
    public Timeline Timeline { get; }

    /// <summary>The runtime's single-threaded context, on which code under test starts.</summary>
    public SynchronizationContext Context => _loop;

    /// <summary>
    /// Starts <paramref name="code"/> on the event loop and lets it run until it first waits; returns at
    /// once with a live <see cref="Outcome{T}"/>. Time does not move.
    /// </summary>
    public Outcome<T> Start<T>(Func<Task<T>> code)
    {
        var outcome = new Outcome<T>(this);
        StartOnLoop(outcome, code);
        return outcome;
    }

    /// <summary>Starts code that returns no value; see <see cref="Start{T}"/>.</summary>
    public Outcome Start(Func<Task> code)
    {
        var outcome = new Outcome(this);
        StartOnLoop(outcome, code);
        return outcome;
    }

    /// <summary>Starts <paramref name="code"/> and advances the clock until it finishes.</summary>
    /// <param name="code">The code under test.</param>
    /// <param name="limit">Fake time by which it must have finished; the test fails beyond it.</param>
    public Outcome<T> Run<T>(Func<Task<T>> code, TimeSpan? limit = null) => RunToCompletion(Start(code), limit);

    /// <summary>Starts code that returns no value and advances the clock until it finishes.</summary>
    public Outcome Run(Func<Task> code, TimeSpan? limit = null) => RunToCompletion(Start(code), limit);

    /// <summary>
    /// Advances the clock one due timer at a time until <paramref name="outcome"/> is complete, and
    /// returns it. Fails the test with a diagnosis when the code blocks a thread, waits on the real clock,
    /// waits forever, or is not done by <paramref name="limit"/>.
    /// </summary>
    public TOutcome RunToCompletion<TOutcome>(TOutcome outcome, TimeSpan? limit = null) where TOutcome : Outcome
    {
        var deadline = limit ?? DefaultLimit;
        var started = Stopwatch.GetTimestamp();
        var steps = 0;
        RunUntilIdle();
        while (!outcome.IsCompleted)
        {
            var due = Clock.NextDueTime;
            if (due is null)
            {
                AwaitRealTimeWakeUp(outcome);
                continue;
            }
            if (due > deadline)
            {
                AdvanceTo(deadline);
                if (!outcome.IsCompleted) throw Diagnosis.NotFinishedBy(deadline, Timeline);
                break;
            }
            Step(due.Value);
            if (++steps % 64 == 0 && Stopwatch.GetElapsedTime(started) > RealTimeBudget)
                throw Diagnosis.RunsForever(Now, steps, Stopwatch.GetElapsedTime(started), Timeline);
        }
        return outcome;
    }

    /// <summary>
    /// Moves the clock to <paramref name="time"/>, stopping at every timer due on the way so that the code
    /// under test sees each instant it asked for. Does nothing when that time has passed.
    /// </summary>
    public void AdvanceTo(TimeSpan time)
    {
        RunUntilIdle();
        while (Clock.NextDueTime is { } due && due <= time) Step(due);
        if (time > Now) Step(time);
    }

    /// <summary>Moves the clock forward by <paramref name="delta"/>; see <see cref="AdvanceTo"/>.</summary>
    public void AdvanceBy(TimeSpan delta) => AdvanceTo(Now + delta);

    /// <summary>Lets everything that can run at the current instant run, without moving the clock.</summary>
    public void RunUntilIdle()
    {
        WaitForIdle();
        ThrowIfSomethingEscaped();
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the event loop at fake time <paramref name="time"/>: a step of the
    /// test's script, such as cancelling a token or offering an item, in order with the code under test.
    /// </summary>
    public void At(TimeSpan time, Action action)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(time, Now);
        Clock.CreateHarnessTimer(() => _loop.Post(_ => RunTestAction(action), null), time - Now);
    }

    /// <summary>Fails the test when a timer of the code under test is still pending.</summary>
    /// <param name="because">What a leftover timer means here, e.g. "the timeout's timer was not disposed".</param>
    public void AssertNoPendingTimers(string because)
    {
        RunUntilIdle();
        var pending = Clock.PendingTimers;
        if (pending.Count > 0) throw Diagnosis.PendingTimers(pending, because, Now);
    }

    /// <summary>Stops the runtime's threads (a thread blocked forever is abandoned: it is a background thread).</summary>
    public void Dispose()
    {
        _loop.Dispose();
        _clockThread.Dispose();
        SimulatedTimeLog.Add(Now, Stopwatch.GetElapsedTime(_createdAt));
    }

    private void StartOnLoop(Outcome outcome, Func<Task> code)
    {
        ArgumentNullException.ThrowIfNull(code);
        _loop.Post(_ => ExecutionContext.Run(_codeContext.CreateCopy(), _ =>
        {
            Task task;
            try { task = code(); }
            catch (Exception e) { task = Task.FromException(e); }
            outcome.Attach(task ?? Task.FromException(new InvalidOperationException("The code under test returned a null Task.")));
        }, null), null);
        RunUntilIdle();
    }

    private void StartOnLoop<T>(Outcome<T> outcome, Func<Task<T>> code) =>
        StartOnLoop((Outcome)outcome, code);

    private void RunTestAction(Action action)
    {
        try { action(); }
        catch (Exception e) { lock (_testActionErrors) _testActionErrors.Add(e); }
    }

    private void Step(TimeSpan to)
    {
        var delta = to - Now;
        if (delta < TimeSpan.Zero) delta = TimeSpan.Zero;
        // Advance fires due timers synchronously on the calling thread. It runs on a thread of its own,
        // with no SynchronizationContext, so that a continuation blocking inside a timer callback is
        // caught by the watchdog instead of blocking the test.
        _clockThread.Post(_ => Clock.Advance(delta), null);
        RunUntilIdle();
    }

    /// <summary>
    /// Waits until nothing of the code under test runs or is queued: the loop and the clock thread are
    /// idle, no thread runs marked code and the thread pool has nothing queued or in hand, several times in a row.
    /// Busy with no sign of progress (no timer created, nothing posted, no thread switching in or out of
    /// the code under test) for <see cref="BlockedAfter"/> means a blocked thread.
    /// </summary>
    private void WaitForIdle()
    {
        var started = Stopwatch.GetTimestamp();
        var lastProgress = started;
        var calm = 0;
        long lastSwitches = -1, lastMarks = -1;
        long? poolBusySince = null;
        while (true)
        {
            var switches = _activity.Switches;
            var running = !_loop.IsIdle || !_clockThread.IsIdle || _activity.BusyThreads > 0;
            var idle = !running && ThreadPool.PendingWorkItemCount == 0;
            // Checked last, and only when all else is idle: an item just taken off the pool's queue shows
            // nowhere else until its thread has restored the code's execution context.
            if (idle) idle = ThreadPoolActivity.IsQuiet(ref poolBusySince, Stopwatch.GetTimestamp());
            else poolBusySince = null;
            calm = idle && switches == lastSwitches ? calm + 1 : idle ? 1 : 0;
            lastSwitches = switches;
            if (calm >= 3) return;

            // Only a thread running the code under test can be blocked. Work waiting for the thread pool (which
            // may be anybody's, and waits longer on a loaded machine) is waited for, within the real-time budget.
            var marks = switches + _loop.Posted + _clockThread.Posted + Clock.TimersCreated;
            if (marks != lastMarks || !running) (lastMarks, lastProgress) = (marks, Stopwatch.GetTimestamp());
            var stalled = Stopwatch.GetElapsedTime(lastProgress);
            if (stalled > BlockedAfter) throw Diagnosis.Blocked(Now, stalled, BusyPlace(), Timeline);
            var busy = Stopwatch.GetElapsedTime(started);
            if (busy > RealTimeBudget) throw Diagnosis.NeverIdle(Now, busy, Timeline);
            if (calm == 0) Thread.Yield();
            else Thread.Sleep(1);
        }
    }

    private string BusyPlace() =>
        !_loop.IsIdle ? "the event loop's only thread"
        : !_clockThread.IsIdle ? "the clock's thread (inside a timer callback or a continuation run by it)"
        : _activity.BusyPoolThreads == 1 ? "a thread-pool thread"
        : _activity.BusyPoolThreads > 1 ? $"{_activity.BusyPoolThreads} thread-pool threads"
        : "a thread of its own";

    /// <summary>
    /// Nothing is due on the fake clock and the code has not finished: give a real-clock wait a moment to
    /// show itself (it must not count as progress), else declare the code stuck.
    /// </summary>
    private void AwaitRealTimeWakeUp(Outcome outcome)
    {
        var started = Stopwatch.GetTimestamp();
        var switches = _activity.Switches;
        while (Stopwatch.GetElapsedTime(started) < StuckAfter)
        {
            Thread.Sleep(5);
            if (_activity.Switches != switches || !_loop.IsIdle || outcome.IsCompleted || Clock.NextDueTime is not null)
            {
                // Something moved although the fake clock did not: a real timer, or a real thread.
                RunUntilIdleIgnoringErrors();
                throw Diagnosis.WokenByRealTime(Now, Timeline);
            }
        }
        throw Diagnosis.Stuck(Now, Timeline);
    }

    private void RunUntilIdleIgnoringErrors()
    {
        try { WaitForIdle(); } catch (AssertionException) { }
    }

    private void ThrowIfSomethingEscaped()
    {
        lock (_testActionErrors)
        {
            if (_testActionErrors.Count > 0)
                throw new AssertionException($"A step of the test's own script failed: {_testActionErrors[0]}");
        }
        var escaped = _loop.UnhandledExceptions;
        if (escaped.Count > _reportedEscapes)
        {
            var first = escaped[_reportedEscapes].SourceException;
            _reportedEscapes = escaped.Count;
            throw Diagnosis.EscapedException(first, Timeline);
        }
    }

    private ExecutionContext CaptureMarkedContext()
    {
        // Mark a copy of the test's context, never the test's own thread.
        ExecutionContext? marked = null;
        var baseline = ExecutionContext.Capture() ?? throw new InvalidOperationException("Execution context flow is suppressed.");
        ExecutionContext.Run(baseline.CreateCopy(), _ =>
        {
            _activity.MarkCurrentContext();
            marked = ExecutionContext.Capture();
        }, null);
        return marked!;
    }
}
