using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Katas.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that keeps every timer it creates in a queue of its own, so that the
/// runtime can fire them <b>one at a time, in one defined order</b>, and a test can assert that nothing was
/// left pending.
/// </summary>
/// <remarks>
/// <para>
/// The order: by due time, then by creation order (<see cref="TrackedTimer.Rank"/>; a periodic timer keeps
/// the rank it was created with). So of two timers due at t=100 ms the one created first fires first: when a
/// timeout starts its limit's timer before the operation's, the limit's timer, created first, fires first.
/// A timer changed to fire now (<c>Change(TimeSpan.Zero, …)</c>) or created with a due time of zero fires at
/// this instant, after the timers due now that were created before it, and never inline in the call that
/// set it (as with a real timer, whose callback runs on another thread).
/// </para>
/// <para>
/// Every <c>TimeProvider</c> timer goes through <see cref="CreateTimer"/>: <c>Task.Delay(delay, provider)</c>,
/// <c>new CancellationTokenSource(delay, provider)</c>, <c>new PeriodicTimer(period, provider)</c>,
/// <c>task.WaitAsync(timeout, provider)</c>. None of them becomes a timer of the base
/// <see cref="FakeTimeProvider"/>, whose <c>Advance</c> would fire every due timer at once. Moving the clock is
/// the <see cref="VirtualRuntime"/>'s job (<see cref="VirtualRuntime.AdvanceTo"/>); calling
/// <c>Advance</c> or <c>SetUtcNow</c> on this provider directly moves the time but fires nothing.
/// </para>
/// </remarks>
public sealed class TrackingTimeProvider : FakeTimeProvider
{
    private readonly List<TrackedTimer> _timers = [];
    private readonly SortedSet<TrackedTimer> _queue = new(FiringOrder.Instance);
    private readonly DateTimeOffset _epoch;
    private long _fired;

    [ThreadStatic] private static string? t_creatorLabel;
    [ThreadStatic] private static bool t_harnessTimer;

    /// <summary>Creates a clock that starts at t = 0.</summary>
    public TrackingTimeProvider() : base(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
        _epoch = GetUtcNow();
    }

    /// <summary>The lock that guards every timer's schedule and the queue.</summary>
    internal object Gate => _timers;

    /// <summary>Fake time elapsed since the clock was created: the "t" of every timeline.</summary>
    public TimeSpan Elapsed => GetUtcNow() - _epoch;

    /// <summary>Whether timers record the source line that created them (costs a stack trace per timer).</summary>
    public bool RecordCreationSites { get; set; } = true;

    /// <summary>Every timer created so far, in creation order.</summary>
    public IReadOnlyList<TrackedTimer> Timers { get { lock (Gate) return [.. _timers]; } }

    /// <summary>How many timers were created so far: a sign of progress for the watchdog.</summary>
    public int TimersCreated { get { lock (Gate) return _timers.Count; } }

    /// <summary>How many times a timer fired so far.</summary>
    public long TimersFired { get { lock (Gate) return _fired; } }

    /// <summary>Timers of the code under test that will still fire.</summary>
    public IReadOnlyList<TrackedTimer> PendingTimers
    {
        get { lock (Gate) return _queue.Where(t => !t.IsHarnessTimer).OrderBy(t => t.Rank).ToList(); }
    }

    /// <summary>How many timers will still fire (the harness's own included).</summary>
    internal int QueuedCount { get { lock (Gate) return _queue.Count; } }

    /// <summary>The earliest time at which any timer fires next, or null when none will.</summary>
    public TimeSpan? NextDueTime { get { lock (Gate) return _queue.Count == 0 ? null : _queue.Min!.DueAtLocked; } }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        TrackedTimer.ThrowIfInvalid(dueTime, nameof(dueTime));
        TrackedTimer.ThrowIfInvalid(period, nameof(period));
        var createdBy = t_creatorLabel ?? CreationSite();
        lock (Gate)
        {
            var timer = new TrackedTimer(this, callback, state, _timers.Count, createdBy, Elapsed) { IsHarnessTimer = t_harnessTimer };
            _timers.Add(timer);
            timer.ScheduleLocked(dueTime, period, Elapsed);
            if (timer.DueAtLocked is not null) _queue.Add(timer);
            return timer;
        }
    }

    /// <summary>
    /// Takes the first timer in firing order that is due at or before <paramref name="upTo"/>: moves the
    /// time to its due time (never back) and schedules its next period, if any; the caller then runs
    /// <see cref="TrackedTimer.Invoke"/>. When none is due by then, moves the time to <paramref name="upTo"/>
    /// and returns null.
    /// </summary>
    internal TrackedTimer? TakeNext(TimeSpan upTo)
    {
        lock (Gate)
        {
            var now = Elapsed;
            if (_queue.Count == 0 || _queue.Min!.DueAtLocked > upTo)
            {
                if (upTo > now) SetUtcNow(_epoch + upTo);
                return null;
            }
            var timer = _queue.Min;
            _queue.Remove(timer);
            var due = timer.DueAtLocked!.Value;
            if (due > now) SetUtcNow(_epoch + (now = due));
            timer.OnFiringLocked(now);
            if (timer.DueAtLocked is not null) _queue.Add(timer);
            _fired++;
            return timer;
        }
    }

    internal bool Reschedule(TrackedTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (Gate)
        {
            if (timer.IsDisposedLocked()) return false;
            _queue.Remove(timer);
            timer.ScheduleLocked(dueTime, period, Elapsed);
            if (timer.DueAtLocked is not null) _queue.Add(timer);
            return true;
        }
    }

    internal void Remove(TrackedTimer timer)
    {
        lock (Gate)
        {
            _queue.Remove(timer);
            timer.DisposeLocked();
        }
    }

    /// <summary>Names the creator of timers made while <paramref name="body"/> runs (e.g. "operation A").</summary>
    internal static T WithCreator<T>(string label, Func<T> body)
    {
        var previous = t_creatorLabel;
        t_creatorLabel = label;
        try { return body(); }
        finally { t_creatorLabel = previous; }
    }

    /// <summary>Creates a timer that belongs to the test, not to the code under test.</summary>
    internal ITimer CreateHarnessTimer(Action action, TimeSpan dueTime)
    {
        t_harnessTimer = true;
        try { return CreateTimer(_ => action(), null, dueTime, Timeout.InfiniteTimeSpan); }
        finally { t_harnessTimer = false; }
    }

    private string CreationSite()
    {
        if (!RecordCreationSites) return "(creation sites not recorded)";
        var frames = new StackTrace(2, fNeedFileInfo: true).GetFrames();
        var userFrame = frames.FirstOrDefault(f => IsUserCode(f.GetMethod()));
        return userFrame is null ? "the .NET runtime" : Format.Frame(userFrame);
    }

    private static bool IsUserCode(System.Reflection.MethodBase? method)
    {
        var ns = method?.DeclaringType?.Namespace ?? "";
        return method is not null
            && !ns.StartsWith("System", StringComparison.Ordinal)
            && !ns.StartsWith("Microsoft", StringComparison.Ordinal)
            && !ns.StartsWith("NUnit", StringComparison.Ordinal)
            && ns != "Katas.Testing";
    }

    /// <summary>By due time, then by creation order. Only timers that are due are in the queue.</summary>
    private sealed class FiringOrder : IComparer<TrackedTimer>
    {
        public static readonly FiringOrder Instance = new();

        public int Compare(TrackedTimer? x, TrackedTimer? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            var byDue = Nullable.Compare(x!.DueAtLocked, y!.DueAtLocked);
            return byDue != 0 ? byDue : x.Rank.CompareTo(y.Rank);
        }
    }
}
