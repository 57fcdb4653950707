using System.Text;

namespace Katas.Testing;

/// <summary>One thing that happened, at an exact fake time.</summary>
/// <param name="At">Fake time since the start of the test.</param>
/// <param name="Lane">Who it happened to ("A", "worker 1").</param>
/// <param name="What">What happened ("started", "completed", "cancelled", or free text).</param>
/// <param name="Sequence">Order of recording, which breaks ties between events at the same instant.</param>
public sealed record TimelineEvent(TimeSpan At, string Lane, string What, long Sequence)
{
    /// <inheritdoc />
    public override string ToString() => $"t={Format.Ms(At),-10} {Lane}: {What}";
}

/// <summary>
/// Records events at exact fake times, in a stable order, and turns them into spans and Gantt charts
/// for failure messages and snapshots.
/// </summary>
public sealed class Timeline
{
    /// <summary>Events that open a span.</summary>
    public const string Started = "started";
    /// <summary>Events that close a span.</summary>
    public const string Completed = "completed", Failed = "failed", Cancelled = "cancelled";
    /// <summary>How a span that has not ended yet is described.</summary>
    public const string Running = "running";

    private readonly TrackingTimeProvider _clock;
    private readonly List<TimelineEvent> _events = [];
    private long _sequence;

    /// <summary>A timeline on the given clock.</summary>
    public Timeline(TrackingTimeProvider clock) => _clock = clock;

    /// <summary>Records that <paramref name="what"/> happened to <paramref name="lane"/> now.</summary>
    public void Record(string lane, string what)
    {
        lock (_events) _events.Add(new TimelineEvent(_clock.Elapsed, lane, what, _sequence++));
    }

    /// <summary>Every event, by time, then by the order of recording.</summary>
    public IReadOnlyList<TimelineEvent> Events
    {
        get { lock (_events) return [.. _events.OrderBy(e => e.At).ThenBy(e => e.Sequence)]; }
    }

    /// <summary>The events of one lane.</summary>
    public IReadOnlyList<TimelineEvent> Of(string lane) => Events.Where(e => e.Lane == lane).ToList();

    /// <summary>
    /// The spans between each lane's "started" and the event that ended it; a span still open
    /// ends "now" with <see cref="Span.End"/> null and <see cref="Span.How"/> "running". A lane started again
    /// before its run ended (an operation called twice at once) has one span per start, so a second
    /// start shows; each ending closes the lane's earliest open run.
    /// </summary>
    public IReadOnlyList<Span> Spans
    {
        get
        {
            var spans = new List<Span>();
            var open = new Dictionary<string, Queue<TimeSpan>>();
            foreach (var e in Events)
            {
                if (e.What == Started)
                {
                    if (!open.TryGetValue(e.Lane, out var starts)) open[e.Lane] = starts = new Queue<TimeSpan>();
                    starts.Enqueue(e.At);
                }
                else if (e.What is Completed or Failed or Cancelled && open.TryGetValue(e.Lane, out var starts) && starts.Count > 0)
                {
                    spans.Add(new Span(e.Lane, starts.Dequeue(), e.At, e.What));
                }
            }
            spans.AddRange(open.SelectMany(o => o.Value.Select(start => new Span(o.Key, start, null, Running))));
            return spans.OrderBy(s => s.Start).ThenBy(s => s.Lane, StringComparer.Ordinal).ThenBy(s => s.End ?? TimeSpan.MaxValue).ToList();
        }
    }

    /// <summary>The event list, one per line: stable text for snapshots.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var e in Events) text.AppendLine(e.ToString());
        return text.ToString();
    }

    /// <summary>The spans as a Gantt chart plus the event list, for failure messages.</summary>
    public string Render()
    {
        var spans = Spans;
        var chart = spans.Count == 0 ? "" : Gantt.Render(spans, _clock.Elapsed) + Environment.NewLine;
        return $"Timeline (now t={Format.Ms(_clock.Elapsed)}):{Environment.NewLine}{chart}{this}";
    }
}

/// <summary>A stretch of fake time during which something ran.</summary>
/// <param name="Lane">Who ran.</param>
/// <param name="Start">When it started.</param>
/// <param name="End">When it ended; null while it still runs.</param>
/// <param name="How">How it ended: completed, failed, cancelled or running.</param>
public sealed record Span(string Lane, TimeSpan Start, TimeSpan? End, string How = Timeline.Completed)
{
    /// <summary>A span that completed: the usual expectation in a test.</summary>
    public static Span Of(string lane, double startMs, double endMs, string how = Timeline.Completed) =>
        new(lane, TimeSpan.FromMilliseconds(startMs), TimeSpan.FromMilliseconds(endMs), how);
}
