using System.Diagnostics;

namespace Katas.Testing;

/// <summary>
/// A timer created through <see cref="TrackingTimeProvider"/>: it knows when it is next due,
/// whether it was disposed, and where it was created, so a test can ask for the next due time
/// and a failure can say which timer was left behind.
/// </summary>
public sealed class TrackedTimer : ITimer
{
    private readonly TrackingTimeProvider _clock;
    private readonly ITimer _inner;
    private readonly object _gate = new();
    private TimeSpan? _dueAt;
    private TimeSpan _period;

    internal TrackedTimer(TrackingTimeProvider clock, Func<TrackedTimer, ITimer> create, TimeSpan dueTime, TimeSpan period, string createdBy)
    {
        _clock = clock;
        CreatedAt = clock.Elapsed;
        CreatedBy = createdBy;
        Schedule(dueTime, period);
        _inner = create(this);
    }

    /// <summary>Fake time at which the timer was created.</summary>
    public TimeSpan CreatedAt { get; }

    /// <summary>Who created it: a source location of the code under test, or a label such as "operation A".</summary>
    public string CreatedBy { get; }

    /// <summary>True once <see cref="Dispose"/> or <see cref="DisposeAsync"/> was called.</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>True for timers the harness made for the test itself (scheduled test actions).</summary>
    public bool IsHarnessTimer { get; internal init; }

    /// <summary>Fake time at which the timer fires next, or null when it will not fire again.</summary>
    public TimeSpan? DueAt { get { lock (_gate) return IsDisposed ? null : _dueAt; } }

    /// <summary>True while the timer will still fire: not disposed, and either periodic or not yet fired.</summary>
    public bool IsPending => DueAt is not null;

    internal void OnFired()
    {
        lock (_gate)
        {
            _dueAt = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : _clock.Elapsed + _period;
        }
    }

    private void Schedule(TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _dueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _clock.Elapsed + dueTime;
            _period = period;
        }
    }

    /// <inheritdoc />
    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        Schedule(dueTime, period);
        return _inner.Change(dueTime, period);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate) IsDisposed = true;
        _inner.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var due = DueAt is { } d ? $"due at t={Format.Ms(d)}" : IsDisposed ? "disposed" : "not due";
        var period = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? "" : $", every {Format.Ms(_period)}";
        return $"timer created at t={Format.Ms(CreatedAt)} by {CreatedBy}, {due}{period}";
    }
}
