namespace Katas.Testing;

/// <summary>
/// Knows whether any code started by one runtime is running on some thread right now. An
/// <see cref="AsyncLocal{T}"/> marker flows with that code into every continuation, <c>Task.Run</c> and
/// timer callback; its change notifications tell us when a thread starts or stops running marked code.
/// </summary>
internal sealed class ActivityMonitor
{
    private readonly AsyncLocal<object?> _marker;
    private readonly ThreadLocal<bool> _isMarked = new();
    private int _busyThreads;
    private int _busyPoolThreads;
    private long _switches;
    private long _newThreadsEntered;
    private readonly ThreadLocal<bool> _hasEntered = new();
    private long _exits;

    public ActivityMonitor()
    {
        _marker = new AsyncLocal<object?>(OnChanged);
    }

    /// <summary>Called on a thread that just stopped running marked code.</summary>
    public Action? Exited { get; set; }

    /// <summary>Called on a thread-pool thread about to run marked code, before it runs any of it.</summary>
    public Action? EnteringPoolThread { get; set; }

    /// <summary>Threads running marked code now.</summary>
    public int BusyThreads => Volatile.Read(ref _busyThreads);

    /// <summary>Thread-pool threads among them.</summary>
    public int BusyPoolThreads => Volatile.Read(ref _busyPoolThreads);

    /// <summary>Grows whenever a thread starts or stops running marked code: a cheap "something happened".</summary>
    public long Switches => Interlocked.Read(ref _switches);

    /// <summary>
    /// Threads outside the pool that ran marked code for the first time in their life: threads the code started
    /// itself (<c>new Thread</c>, <c>TaskCreationOptions.LongRunning</c>). Such a thread is invisible from the moment
    /// it is started until it first runs, so its first entry is the code going on, not a real clock waking it.
    /// </summary>
    public long NewThreadsEntered => Interlocked.Read(ref _newThreadsEntered);

    /// <summary>
    /// Grows whenever a thread stops running marked code (a work item or a continuation ran to its end, or
    /// awaited): the sign of progress that a blocked thread never gives, however many new threads start.
    /// </summary>
    public long Exits => Interlocked.Read(ref _exits);

    /// <summary>Marks the current execution context: everything that flows from it is "the code under test".</summary>
    public void MarkCurrentContext() => _marker.Value = this;

    private void OnChanged(AsyncLocalValueChangedArgs<object?> change)
    {
        var marked = change.CurrentValue is not null;
        if (marked == _isMarked.Value) return;
        _isMarked.Value = marked;
        Interlocked.Add(ref _busyThreads, marked ? 1 : -1);
        if (Thread.CurrentThread.IsThreadPoolThread) Interlocked.Add(ref _busyPoolThreads, marked ? 1 : -1);
        if (!marked) Interlocked.Increment(ref _exits);
        else if (!_hasEntered.Value && !Thread.CurrentThread.IsThreadPoolThread) Interlocked.Increment(ref _newThreadsEntered);
        if (marked) _hasEntered.Value = true;
        Interlocked.Increment(ref _switches);
        if (!marked) Exited?.Invoke();
        else if (Thread.CurrentThread.IsThreadPoolThread) EnteringPoolThread?.Invoke();
    }
}
