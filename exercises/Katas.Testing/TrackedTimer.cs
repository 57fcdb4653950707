namespace Katas.Testing;

/// <summary>
/// A timer created through <see cref="TrackingTimeProvider"/>: it knows when it is next due,
/// whether it was disposed, and where it was created, so a test can ask for the next due time
/// and a failure can say which timer was left behind.
/// </summary>
/// <remarks>
/// It is not a <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/> timer: the
/// <see cref="TrackingTimeProvider"/> keeps it in its own queue and fires it, one timer at a time, when the
/// <see cref="VirtualRuntime"/> steps the clock (see <see cref="TrackingTimeProvider"/> for the order).
/// Like a real timer, its callback runs in the execution context captured when it was created (unless
/// flow was suppressed), never inline in <see cref="Change"/>, and a timer that is due now fires at this
/// instant, after every timer due earlier or created earlier.
/// </remarks>
public sealed class TrackedTimer : ITimer
{
    private readonly TrackingTimeProvider _clock;
    private readonly TimerCallback _callback;
    private readonly object? _state;
    private readonly ExecutionContext? _context;

    // Guarded by the clock's lock (TrackingTimeProvider.Gate): the queue's order depends on them.
    private TimeSpan? _dueAt;
    private TimeSpan _period;
    private bool _disposed;

    internal TrackedTimer(TrackingTimeProvider clock, TimerCallback callback, object? state, long rank, string createdBy, TimeSpan createdAt)
    {
        _clock = clock;
        _callback = callback;
        _state = state;
        _context = ExecutionContext.IsFlowSuppressed() ? null : ExecutionContext.Capture();
        Rank = rank;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
    }

    /// <summary>Fake time at which the timer was created.</summary>
    public TimeSpan CreatedAt { get; }

    /// <summary>Who created it: a source location of the code under test, or a label such as "operation A".</summary>
    public string CreatedBy { get; }

    /// <summary>
    /// Its place in creation order (0 for the clock's first timer): among timers due at one instant, the
    /// lower rank fires first. A periodic timer keeps its rank for every period.
    /// </summary>
    public long Rank { get; }

    /// <summary>True once <see cref="Dispose"/> or <see cref="DisposeAsync"/> was called.</summary>
    public bool IsDisposed { get { lock (_clock.Gate) return _disposed; } }

    /// <summary>True for timers the harness made for the test itself (scheduled test actions).</summary>
    public bool IsHarnessTimer { get; internal init; }

    /// <summary>Fake time at which the timer fires next, or null when it will not fire again.</summary>
    public TimeSpan? DueAt { get { lock (_clock.Gate) return _dueAt; } }

    /// <summary>True while the timer will still fire: not disposed, and either periodic or not yet fired.</summary>
    public bool IsPending => DueAt is not null;

    /// <summary>The due time, read under the clock's lock by its queue.</summary>
    internal TimeSpan? DueAtLocked => _dueAt;

    /// <summary>Sets the next due time relative to <paramref name="now"/>; the caller holds the clock's lock.</summary>
    internal void ScheduleLocked(TimeSpan dueTime, TimeSpan period, TimeSpan now)
    {
        _dueAt = _disposed || dueTime == Timeout.InfiniteTimeSpan ? null : now + dueTime;
        _period = period;
    }

    /// <summary>
    /// The timer fires at <paramref name="now"/>: a periodic one is due again one period later, a one-shot
    /// one is due no more. The caller holds the clock's lock.
    /// </summary>
    internal void OnFiringLocked(TimeSpan now) =>
        _dueAt = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : now + _period;

    /// <summary>Runs the callback, in the execution context captured at creation; outside the clock's lock.</summary>
    internal void Invoke()
    {
        if (_context is null) _callback(_state);
        else ExecutionContext.Run(_context, static s => { var t = (TrackedTimer)s!; t._callback(t._state); }, this);
    }

    /// <inheritdoc />
    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        ThrowIfInvalid(dueTime, nameof(dueTime));
        ThrowIfInvalid(period, nameof(period));
        return _clock.Reschedule(this, dueTime, period);
    }

    /// <summary>Whether it was disposed; the caller holds the clock's lock.</summary>
    internal bool IsDisposedLocked() => _disposed;

    /// <summary>Marks the timer disposed; the caller holds the clock's lock. False when it already was.</summary>
    internal bool DisposeLocked()
    {
        if (_disposed) return false;
        _disposed = true;
        _dueAt = null;
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _clock.Remove(this);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        TimeSpan? dueAt;
        TimeSpan period;
        bool disposed;
        lock (_clock.Gate) (dueAt, period, disposed) = (_dueAt, _period, _disposed);
        var due = dueAt is { } d ? $"due at t={Format.Ms(d)}" : disposed ? "disposed" : "not due";
        var every = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? "" : $", every {Format.Ms(period)}";
        return $"timer created at t={Format.Ms(CreatedAt)} by {CreatedBy}, {due}{every}";
    }

    /// <summary>The same arguments a real <see cref="System.Threading.Timer"/> refuses.</summary>
    internal static void ThrowIfInvalid(TimeSpan time, string name)
    {
        if (time != Timeout.InfiniteTimeSpan && (time < TimeSpan.Zero || time.TotalMilliseconds > uint.MaxValue - 1))
            throw new ArgumentOutOfRangeException(name, time, "Must be Timeout.InfiniteTimeSpan or between 0 and 4294967294 ms.");
    }
}
