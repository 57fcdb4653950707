using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Katas.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that keeps every timer it creates, so the runtime can step the clock
/// to the next due timer and a test can assert that nothing was left pending.
/// </summary>
public sealed class TrackingTimeProvider : FakeTimeProvider
{
    private readonly List<TrackedTimer> _timers = [];
    private readonly DateTimeOffset _epoch;

    [ThreadStatic] private static string? t_creatorLabel;
    [ThreadStatic] private static bool t_harnessTimer;

    /// <summary>Creates a clock that starts at t = 0.</summary>
    public TrackingTimeProvider() : base(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
        _epoch = GetUtcNow();
    }

    /// <summary>Fake time elapsed since the clock was created: the "t" of every timeline.</summary>
    public TimeSpan Elapsed => GetUtcNow() - _epoch;

    /// <summary>Whether timers record the source line that created them (costs a stack trace per timer).</summary>
    public bool RecordCreationSites { get; set; } = true;

    /// <summary>Every timer created so far, in creation order.</summary>
    public IReadOnlyList<TrackedTimer> Timers { get { lock (_timers) return [.. _timers]; } }

    /// <summary>How many timers were created so far: a sign of progress for the watchdog.</summary>
    public int TimersCreated { get { lock (_timers) return _timers.Count; } }

    /// <summary>Timers of the code under test that will still fire.</summary>
    public IReadOnlyList<TrackedTimer> PendingTimers =>
        Timers.Where(t => t.IsPending && !t.IsHarnessTimer).ToList();

    /// <summary>The earliest time at which any timer fires next, or null when none will.</summary>
    public TimeSpan? NextDueTime => Timers.Select(t => t.DueAt).Where(d => d is not null).Min();

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new TrackedTimer(
            this,
            self => base.CreateTimer(s => { self.OnFired(); callback(s); }, state, dueTime, period),
            dueTime, period, t_creatorLabel ?? CreationSite())
        { IsHarnessTimer = t_harnessTimer };
        lock (_timers) _timers.Add(timer);
        return timer;
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
}
