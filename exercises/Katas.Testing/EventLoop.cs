using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Katas.Testing;

/// <summary>
/// A single-threaded <see cref="SynchronizationContext"/> on a thread of its own, like tokio's
/// current-thread runtime or a UI thread: every <c>await</c> of code started on it comes back to this one
/// thread, in the order the continuations were posted. Blocking that thread (<c>Thread.Sleep</c>,
/// <c>.Result</c>, <c>.Wait()</c>) blocks everything on it, which the watchdog sees as a busy loop.
/// </summary>
public sealed class EventLoop : SynchronizationContext, IDisposable
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
    // Items of Send calls from other threads: their senders wait, so they run first, even while the loop is held.
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _sent = new();
    private readonly List<ExceptionDispatchInfo> _unhandled = [];
    private readonly Thread _thread;
    private readonly bool _installAsContext;
    private long _busySince = -1;
    private long _posted;
    private int _holds;
    private Thread? _holder;
    private bool _disposed;
    // Where threads waiting in WaitUntilOthersMayRun sleep. They never hold it while taking the queue's lock, so
    // the loop may pulse it from inside that lock.
    private readonly object _othersMayRunSignal = new();
    private long _othersMayRunVersion;

    /// <summary>Starts the loop thread.</summary>
    /// <param name="name">The thread's name, shown in debuggers.</param>
    /// <param name="installAsContext">
    /// Whether code on the loop sees this loop as its <see cref="SynchronizationContext.Current"/>, so that
    /// its awaits come back here. The runtime's clock thread runs without one.
    /// </param>
    public EventLoop(string name = "event loop", bool installAsContext = true)
    {
        _installAsContext = installAsContext;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>True when nothing is running on the loop and nothing is queued for it.</summary>
    public bool IsIdle { get { lock (_queue) return _queue.Count == 0 && _sent.Count == 0 && _busySince < 0; } }

    /// <summary>True while a callback runs on the loop (work that is only queued does not count).</summary>
    public bool IsRunning { get { lock (_queue) return _busySince >= 0; } }

    /// <summary>How long the callback now running has been running, in real time; null when idle.</summary>
    public TimeSpan? BusyFor
    {
        get
        {
            lock (_queue) return _busySince < 0 ? null : Stopwatch.GetElapsedTime(_busySince);
        }
    }

    /// <summary>Called on the loop's thread whenever it runs out of work (inside the queue's lock: keep it short).</summary>
    internal Action? WentIdle { get; set; }

    /// <summary>How many callbacks were posted so far: a sign of progress for the watchdog.</summary>
    public long Posted => Interlocked.Read(ref _posted);

    /// <summary>True when called from the loop's own thread.</summary>
    public bool IsLoopThread => Thread.CurrentThread == _thread;

    /// <summary>Exceptions that escaped a callback, such as those thrown by an <c>async void</c> method.</summary>
    public IReadOnlyList<ExceptionDispatchInfo> UnhandledExceptions { get { lock (_unhandled) return [.. _unhandled]; } }

    /// <inheritdoc />
    public override void Post(SendOrPostCallback d, object? state) => Enqueue(_queue, d, state);

    private void Enqueue(Queue<(SendOrPostCallback, object?)> queue, SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        lock (_queue)
        {
            // The test is over: code it abandoned (a real-clock delay finishing late, a loser still
            // running) may still post continuations. Drop them: throwing here, on whatever thread
            // completed the task, would crash the test host and cost every later test its result.
            if (_disposed) return;
            queue.Enqueue((d, state));
            _posted++;
            Monitor.Pulse(_queue);
        }
    }

    /// <summary>
    /// Holds the loop: until the matching <see cref="Release"/>, it starts no posted callback (one already
    /// running runs on; what is posted meanwhile waits in order). The runtime holds it while a timer's
    /// callback runs on the clock's thread, so that the callback, and everything it runs inline, is over
    /// before the loop runs any of the work it released. A <see cref="Send"/> from another thread still
    /// runs: its sender waits for it.
    /// </summary>
    internal void Hold()
    {
        lock (_queue)
        {
            _holds++;
            _holder = Thread.CurrentThread;
        }
    }

    /// <summary>Ends a <see cref="Hold"/>.</summary>
    internal void Release()
    {
        lock (_queue)
        {
            if (--_holds == 0) _holder = null;
            Monitor.Pulse(_queue);
        }
        PulseOthers();
    }

    /// <summary>
    /// True when work on another thread can start now without racing this loop: the loop has nothing to
    /// run (or is stopped), or the thread that would run next (the loop's, or the one holding it) is blocked
    /// in a wait, most likely for that very work. False while a callback runs, or work is queued to run.
    /// </summary>
    internal bool LetsOthersRun
    {
        get
        {
            lock (_queue)
            {
                if (_disposed) return true;
                if (_busySince >= 0) return IsBlockedInAWait(_thread);
                if (_queue.Count == 0 && _sent.Count == 0) return true;
                if (_holds > 0 && _sent.Count == 0) return _holder is null || IsBlockedInAWait(_holder);
                return false;
            }
        }
    }

    /// <summary>
    /// Blocks the calling thread (not the loop's) until <see cref="LetsOthersRun"/>. The runtime calls it when a
    /// thread-pool thread is about to run code under test, so that what the loop's current callback does next
    /// (register its continuation on the task that the pool work will complete, say) is done before the pool work
    /// starts, on every run: without it, whether <c>await cts.CancelAsync()</c> resumes inline or after the
    /// cancellation's continuations depends on which thread the OS runs first.
    /// </summary>
    internal void WaitUntilOthersMayRun()
    {
        if (IsLoopThread) return;
        while (true)
        {
            var version = Interlocked.Read(ref _othersMayRunVersion);
            if (LetsOthersRun) return;
            // A thread entering a wait sends no signal: look again after a millisecond.
            lock (_othersMayRunSignal)
                if (Interlocked.Read(ref _othersMayRunVersion) == version) Monitor.Wait(_othersMayRunSignal, 1);
        }
    }

    private void PulseOthers()
    {
        lock (_othersMayRunSignal)
        {
            Interlocked.Increment(ref _othersMayRunVersion);
            Monitor.PulseAll(_othersMayRunSignal);
        }
    }

    private static bool IsBlockedInAWait(Thread thread) => (thread.ThreadState & System.Threading.ThreadState.WaitSleepJoin) != 0;

    /// <inheritdoc />
    public override void Send(SendOrPostCallback d, object? state)
    {
        if (IsLoopThread) { d(state); return; }
        lock (_queue) if (_disposed) return;
        using var done = new ManualResetEventSlim();
        ExceptionDispatchInfo? error = null;
        Enqueue(_sent, s =>
        {
            try { d(s); }
            catch (Exception e) { error = ExceptionDispatchInfo.Capture(e); }
            finally { done.Set(); }
        }, state);
        done.Wait();
        error?.Throw();
    }

    /// <inheritdoc />
    public override SynchronizationContext CreateCopy() => this;

    private void Run()
    {
        if (_installAsContext) SetSynchronizationContext(this);
        var baseline = ExecutionContext.Capture();
        while (true)
        {
            SendOrPostCallback? callback;
            object? state;
            lock (_queue)
            {
                _busySince = -1;
                if (_queue.Count == 0 && _sent.Count == 0)
                {
                    WentIdle?.Invoke();
                    PulseOthers();
                }
                while (_sent.Count == 0 && (_queue.Count == 0 || _holds > 0) && !_disposed) Monitor.Wait(_queue);
                if (_sent.Count > 0) (callback, state) = _sent.Dequeue();
                else if (_queue.Count > 0 && _holds == 0) (callback, state) = _queue.Dequeue();
                else return;
                // Marked busy in the same lock that dequeues: there is no moment when the work is
                // neither queued nor running, so IsIdle never lies.
                _busySince = Stopwatch.GetTimestamp();
            }
            try { callback(state); }
            catch (Exception e) { lock (_unhandled) _unhandled.Add(ExceptionDispatchInfo.Capture(e)); }
            PulseOthers();
            // Forget the callback while waiting for the next one: whatever it captured (a task, an
            // exception nobody observed) must be collectable, as it would be on a real loop.
            (callback, state) = (null, null);
            // A callback may leave values in the thread's execution context; the next one starts clean.
            if (baseline is not null) ExecutionContext.Restore(baseline);
            if (_installAsContext && Current != this) SetSynchronizationContext(this);
        }
    }

    /// <summary>
    /// Stops the loop once its queue is empty; later posts are dropped. A loop blocked forever is abandoned
    /// (it is a background thread).
    /// </summary>
    public void Dispose()
    {
        lock (_queue)
        {
            _disposed = true;
            Monitor.PulseAll(_queue);
        }
        PulseOthers();
    }
}
