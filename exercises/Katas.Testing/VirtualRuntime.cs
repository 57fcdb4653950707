using System.Diagnostics;

namespace Katas.Testing;

/// <summary>
/// Runs code under test on a fake clock, exactly and without real waiting: a single-threaded event loop
/// (like tokio's current-thread runtime) plus a <see cref="TrackingTimeProvider"/> that the runtime
/// advances <b>one timer at a time</b>, letting everything that timer released run in between. A test can
/// thus say "completed at t = 100 ms", and the same code gives the same verdict on every run. A watchdog
/// turns every kind of hang into a failed test with a message within about two seconds of real time.
/// </summary>
/// <remarks>
/// <para>
/// Pass <see cref="Clock"/> to the code under test as its <see cref="TimeProvider"/>. Code started with
/// <see cref="Start{T}"/> runs on the loop; work it sends to the thread pool (Task.Run,
/// ConfigureAwait(false), channel continuations) is tracked too. Fixtures using it must not run in
/// parallel with each other: the thread pool is shared.
/// </para>
/// <para>
/// <b>One defined order at each instant.</b> Timers fire by due time, then by creation order (a periodic
/// timer keeps the rank it was created with): of two timers due at t=100 ms, the one created first fires
/// first, so when a timeout creates its limit's timer before starting the operation, the limit's timer,
/// created first, fires first. Each timer fires alone, on the runtime's clock thread, and its callback and
/// all the work it releases run to quiescence before the next timer fires: the loop and the clock thread
/// idle, no thread running the code under test, nothing queued to the thread pool and no pool thread busy
/// beyond the test host's own (see ThreadPoolActivity). A timer set to fire now (due time zero) fires at this
/// instant, after the timers already due. Nothing of this depends on real time: real-time limits only
/// turn hangs into failures.
/// </para>
/// <para>
/// <b>Within one timer: the callback first.</b> While a timer's callback runs, with everything it runs inline
/// (a token's cancellation callbacks, synchronous continuations), the event loop starts nothing: what the
/// callback posts to the loop runs after it returns, in the order it was posted. (A <c>Send</c> to the loop still
/// runs: its sender waits for it.) A <see cref="FakeOperation{T}"/> whose token is cancelled ends inside
/// <c>Cancel()</c>, in the order .NET runs the token's callbacks (most recently registered first).
/// </para>
/// <para>
/// <b>Pool work after the loop.</b> Work of the code under test queued to the thread pool (Task.Run, the
/// token callbacks of <c>CancelAsync</c>, continuations after <c>ConfigureAwait(false)</c>) starts only once the
/// event loop has nothing left to run and no timer callback holds it: what a callback does after queuing the work
/// (register the continuation of an <c>await</c>, say) is done first, on every run. The exception is a loop (or
/// timer callback) blocked in a wait, most likely for that very work (<c>.Result</c>): the work runs then, so that
/// blocking is reported as what it is instead of becoming a deadlock. Work the code queues without its execution
/// context (channels' internal continuations) is not held; it is only waited for.
/// </para>
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
    private readonly ThreadPoolActivity _pool;
    private readonly ChangeSignal _changed = new();
    private readonly ExecutionContext _codeContext;
    private readonly List<Exception> _testActionErrors = [];
    private int _reportedEscapes;
    private int _reportedTimerEscapes;
    private readonly long _createdAt = Stopwatch.GetTimestamp();

    /// <summary>A runtime whose clock starts at t = 0.</summary>
    public VirtualRuntime()
    {
        Clock = new TrackingTimeProvider();
        Timeline = new Timeline(Clock);
        _codeContext = CaptureMarkedContext();
        _pool = new ThreadPoolActivity();
        _loop.WentIdle = _changed.Pulse;
        _clockThread.WentIdle = _changed.Pulse;
        _activity.Exited = _changed.Pulse;
        // Pool work of the code starts only once the loop has nothing left to run (see EventLoop.LetsOthersRun).
        _activity.EnteringPoolThread = _loop.WaitUntilOthersMayRun;
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
    /// Advances the clock one timer at a time until <paramref name="outcome"/> is complete, and returns it
    /// (every timer due at the instant it completed has fired). Fails the test with a diagnosis when the
    /// code blocks a thread, waits on the real clock, waits forever, or is not done by <paramref name="limit"/>.
    /// </summary>
    public TOutcome RunToCompletion<TOutcome>(TOutcome outcome, TimeSpan? limit = null) where TOutcome : Outcome
    {
        var deadline = limit ?? DefaultLimit;
        var budget = new RealTimeBudgetCheck(this);
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
                Step(deadline, budget);
                if (!outcome.IsCompleted) throw Diagnosis.NotFinishedBy(deadline, Timeline);
                break;
            }
            Step(due.Value, budget);
        }
        return outcome;
    }

    /// <summary>
    /// Moves the clock to <paramref name="time"/>, stopping at every timer due on the way so that the code
    /// under test sees each instant it asked for; the timers due at <paramref name="time"/> itself fire too.
    /// Does nothing when that time has passed.
    /// </summary>
    public void AdvanceTo(TimeSpan time)
    {
        RunUntilIdle();
        if (time >= Now) Step(time, new RealTimeBudgetCheck(this));
    }

    /// <summary>Moves the clock forward by <paramref name="delta"/>; see <see cref="AdvanceTo"/>.</summary>
    public void AdvanceBy(TimeSpan delta) => AdvanceTo(Now + delta);

    /// <summary>
    /// Lets everything that can run at the current instant run, without moving the clock: the work queued
    /// now, and the timers due now (one at a time, in order).
    /// </summary>
    public void RunUntilIdle()
    {
        WaitForIdle();
        ThrowIfSomethingEscaped();
        if (Clock.NextDueTime <= Now) Step(Now, new RealTimeBudgetCheck(this));
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
        ThreadPoolActivity.Abandon(_activity);
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

    /// <summary>
    /// Fires, one at a time and in order, every timer due up to <paramref name="to"/>, waiting after each
    /// until all it released has run; then moves the time to <paramref name="to"/>.
    /// </summary>
    private void Step(TimeSpan to, RealTimeBudgetCheck budget)
    {
        while (FireNext(to)) budget.Check();
    }

    /// <summary>
    /// Fires the next timer due by <paramref name="upTo"/> and waits for quiescence; false (after moving
    /// the time to <paramref name="upTo"/>) when none is due. The timer fires on a thread of its own, with
    /// no SynchronizationContext, so that a continuation blocking inside a timer callback is caught by the
    /// watchdog instead of blocking the test.
    /// </summary>
    private bool FireNext(TimeSpan upTo)
    {
        var fired = false;
        _clockThread.Post(_ =>
        {
            var timer = Clock.TakeNext(upTo);
            fired = timer is not null;
            if (timer is null) return;
            // The callback first, alone: the loop starts none of the work it releases until it returns.
            _loop.Hold();
            try { timer.Invoke(); }
            finally { _loop.Release(); }
        }, null);
        WaitForIdle();
        ThrowIfSomethingEscaped();
        return fired;
    }

    /// <summary>
    /// True when nothing of the code under test runs or is queued: the loop and the clock thread are idle,
    /// no thread runs marked code, nothing waits in the thread pool's queues and no pool thread is busy
    /// beyond the floor. The parts are read one after the other, downstream first (where work goes
    /// before where it comes from), between two readings of the activity counters: every hand-over of work
    /// (a post, a thread entering or leaving the code under test) moves a counter, so equal counters mean
    /// the parts were idle together.
    /// </summary>
    private bool IsQuiescent()
    {
        var before = ActivityMarks();
        if (!_loop.IsIdle || !_clockThread.IsIdle || _activity.BusyThreads > 0) return false;
        // Pending before processing: an item moves from the queue to a thread that the pool already counts.
        if (ThreadPool.PendingWorkItemCount > 0) return false;
        if (_pool.BeyondFloor() > 0) return false;
        return ActivityMarks() == before;
    }

    private long ActivityMarks() => _activity.Switches + _loop.Posted + _clockThread.Posted;

    /// <summary>
    /// Waits until <see cref="IsQuiescent"/>. No real-time threshold decides what is idle; real time only
    /// detects hangs: a thread of the code busy with no sign of progress (no timer created, nothing posted,
    /// no thread switching in or out of the code under test) for <see cref="BlockedAfter"/>; thread-pool
    /// starvation (every pool thread beyond the floor blocked in the code under test, with work queued
    /// behind them and none of it finishing) for <see cref="BlockedAfter"/>; or never quiet within
    /// <see cref="RealTimeBudget"/>.
    /// </summary>
    private void WaitForIdle()
    {
        // Read before each look: a thread the code started that first runs after this read counts as news.
        var entered = _activity.NewThreadsEntered;
        if (IsQuiescent()) { _newThreadsWhenIdle = entered; return; }
        var started = Stopwatch.GetTimestamp();
        var lastProgress = started;
        var lastFinish = started;
        long lastMarks = -1, lastFinishes = -1, lastPoolOnlyMarks = -1;
        var poolOnlySince = started;
        var spins = 0;
        while (true)
        {
            var version = _changed.Version;
            entered = _activity.NewThreadsEntered;
            if (IsQuiescent()) { _newThreadsWhenIdle = entered; return; }
            var now = Stopwatch.GetTimestamp();

            // Only a thread running the code under test can be blocked. Work waiting for the thread pool
            // (which may be anybody's, and waits longer on a loaded machine) is waited for, within the budget.
            var running = !_loop.IsIdle || !_clockThread.IsIdle || _activity.BusyThreads > 0;
            var marks = ActivityMarks() + Clock.TimersCreated;
            if (marks != lastMarks || !running) (lastMarks, lastProgress) = (marks, now);
            var stalled = Stopwatch.GetElapsedTime(lastProgress, now);
            if (stalled > BlockedAfter) throw Diagnosis.Blocked(Now, stalled, BusyPlace(), Timeline);

            // Starvation: new pool threads keep entering the code (and block), so the marks above move; but
            // nothing the code runs ever finishes or hands anything over.
            var finishes = _activity.Exits + _loop.Posted + _clockThread.Posted;
            if (finishes != lastFinishes || !OnlyPoolThreadsBusy()) (lastFinishes, lastFinish) = (finishes, now);
            var starved = Stopwatch.GetElapsedTime(lastFinish, now);
            if (starved > BlockedAfter) throw Diagnosis.Starved(Now, starved, _activity.BusyPoolThreads, ThreadPool.PendingWorkItemCount, Timeline);

            // A pool thread beyond the floor, with nothing of the code queued or running and nothing moving,
            // for longer than any dequeued item waits to start: foreign work busy for good joins the floor.
            var poolOnly = !running && ThreadPool.PendingWorkItemCount == 0;
            if (!poolOnly || marks != lastPoolOnlyMarks) (lastPoolOnlyMarks, poolOnlySince) = (marks, now);
            else if (Stopwatch.GetElapsedTime(poolOnlySince, now) > BlockedAfter)
            {
                _pool.TakeAsForeign(_pool.BeyondFloor());
                poolOnlySince = now;
            }

            var busy = Stopwatch.GetElapsedTime(started, now);
            if (busy > RealTimeBudget) throw Diagnosis.NeverIdle(Now, busy, StillBusy(), Timeline);
            // Sleep until a part may have gone quiet. The pool's queue and threads give no signal: look again
            // after a millisecond (after a few tries only, not to spin on a loaded machine).
            _changed.Wait(version, ++spins < 4 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(1));
        }
    }

    /// <summary>
    /// True when the code under test runs on pool threads only: the loop and the clock thread are idle.
    /// If, then, none of its work finishes for <see cref="BlockedAfter"/> while threads keep entering it,
    /// the pool is starved by threads that block.
    /// </summary>
    private bool OnlyPoolThreadsBusy() => _activity.BusyPoolThreads > 0 && _loop.IsIdle && _clockThread.IsIdle;

    /// <summary>What kept <see cref="IsQuiescent"/> false, as seen now: the facts, for a message.</summary>
    private string StillBusy()
    {
        var parts = new List<string>();
        if (!_loop.IsIdle) parts.Add("the event loop");
        if (!_clockThread.IsIdle) parts.Add("the clock's thread");
        var threads = _activity.BusyThreads;
        if (threads > 0) parts.Add(threads == 1 ? "1 thread running its code" : $"{threads} threads running its code");
        var queued = ThreadPool.PendingWorkItemCount;
        if (queued > 0) parts.Add($"{queued} work items queued to the thread pool");
        var beyond = _pool.BeyondFloor();
        if (beyond > 0) parts.Add($"{beyond} thread-pool threads busy beyond the test host's own");
        return parts.Count == 0 ? "nothing at the last look" : string.Join(", ", parts);
    }

    // The loop counts only when it runs a callback: work queued behind a timer's callback (the loop is held
    // while it runs) is not what blocks.
    private string BusyPlace() =>
        _loop.IsRunning ? "the event loop's only thread"
        : !_clockThread.IsIdle ? "the clock's thread (inside a timer callback or a continuation run by it)"
        : _activity.BusyPoolThreads == 1 ? "a thread-pool thread"
        : _activity.BusyPoolThreads > 1 ? $"{_activity.BusyPoolThreads} thread-pool threads"
        : !_loop.IsIdle ? "the event loop's only thread"
        : "a thread of its own";

    /// <summary>
    /// Nothing is due on the fake clock and the code has not finished: give a real-clock wait a moment to
    /// show itself (it must not count as progress), else declare the code stuck.
    /// </summary>
    // Threads of the code's own (see ActivityMonitor.NewThreadsEntered) that had begun when the code was last seen quiet.
    private long _newThreadsWhenIdle;

    private void AwaitRealTimeWakeUp(Outcome outcome)
    {
        var started = Stopwatch.GetTimestamp();
        var switches = _activity.Switches;
        while (Stopwatch.GetElapsedTime(started) < StuckAfter)
        {
            Thread.Sleep(5);
            if (_activity.NewThreadsEntered != _newThreadsWhenIdle)
            {
                // A thread the code started before it went quiet (new Thread, LongRunning) has begun to run: no clock
                // woke it. Let it and what it releases run, then look again.
                RunUntilIdle();
                return;
            }
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
                throw Diagnosis.TestActionFailed(_testActionErrors[0]);
        }
        var escaped = _loop.UnhandledExceptions;
        if (escaped.Count > _reportedEscapes)
        {
            var first = escaped[_reportedEscapes].SourceException;
            _reportedEscapes = escaped.Count;
            throw Diagnosis.EscapedException(first, Timeline);
        }
        var fromTimers = _clockThread.UnhandledExceptions;
        if (fromTimers.Count > _reportedTimerEscapes)
        {
            var first = fromTimers[_reportedTimerEscapes].SourceException;
            _reportedTimerEscapes = fromTimers.Count;
            throw Diagnosis.EscapedFromTimer(first, Timeline);
        }
    }

    /// <summary>
    /// Fails a run or an advance that keeps the clock stepping for longer than <see cref="RealTimeBudget"/>
    /// without getting nearer an end: the budget starts again whenever fewer timers are left than ever
    /// before in this run, so that working through a long but finite queue (10,000 timers due at one
    /// instant, on a loaded machine) is not taken for a loop, while a periodic timer nobody stops, or a
    /// callback that keeps setting a new timer, is.
    /// </summary>
    private sealed class RealTimeBudgetCheck(VirtualRuntime runtime)
    {
        private long _started = Stopwatch.GetTimestamp();
        private int _fewestLeft = int.MaxValue;
        private int _steps;

        public void Check()
        {
            ++_steps;
            var left = runtime.Clock.QueuedCount;
            if (left < _fewestLeft)
            {
                (_fewestLeft, _started) = (left, Stopwatch.GetTimestamp());
                return;
            }
            if (_steps % 64 != 0) return;
            var spent = Stopwatch.GetElapsedTime(_started);
            if (spent > RealTimeBudget) throw Diagnosis.RunsForever(runtime.Now, _steps, spent, runtime.Timeline);
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
