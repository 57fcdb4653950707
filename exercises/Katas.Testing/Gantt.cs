using System.Text;

namespace Katas.Testing;

/// <summary>
/// Draws spans as a text Gantt chart, the picture of the tutorial:
/// <code>
/// A |██████████|            0-100 ms
/// B |          █████|     100-150 ms
/// C |▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒→   0 ms → still running
/// </code>
/// A span still running has an open bar up to "now", ending in an arrow.
/// </summary>
public static class Gantt
{
    private const int Width = 20;

    /// <summary>One chart. <paramref name="now"/> ends the bars of spans still running.</summary>
    public static string Render(IReadOnlyList<Span> spans, TimeSpan now) =>
        string.Join(Environment.NewLine, Lines(spans, now, Scale(spans, now)));

    /// <summary>Expected and actual side by side, on one scale, so the difference jumps out.</summary>
    public static string Compare(IReadOnlyList<Span> expected, IReadOnlyList<Span> actual, TimeSpan now)
    {
        var scale = Scale([.. expected, .. actual], now);
        var left = Lines(expected, now, scale);
        var right = Lines(actual, now, scale);
        var width = Math.Max("expected".Length, left.Select(l => l.Length).DefaultIfEmpty(0).Max()) + 4;
        var text = new StringBuilder().Append("expected".PadRight(width)).AppendLine("actual");
        for (var i = 0; i < Math.Max(left.Count, right.Count); i++)
        {
            var l = i < left.Count ? left[i] : "";
            var r = i < right.Count ? right[i] : "";
            text.Append(l.PadRight(width)).AppendLine(r);
        }
        return text.ToString().TrimEnd();
    }

    private static string Number(TimeSpan time) =>
        time.TotalMilliseconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Milliseconds per character: a round number (1, 2, 5, 10, 20, 50…) that fits the chart in <see cref="Width"/>.</summary>
    private static double Scale(IReadOnlyList<Span> spans, TimeSpan now)
    {
        var last = spans.Select(s => (s.End ?? now).TotalMilliseconds).DefaultIfEmpty(0).Max();
        for (var scale = 1.0; ; scale *= 10)
            foreach (var step in (double[])[1, 2, 5])
                if (last / (scale * step) <= Width) return scale * step;
    }

    private static List<string> Lines(IReadOnlyList<Span> spans, TimeSpan now, double msPerCell)
    {
        var laneWidth = spans.Select(s => s.Lane.Length).DefaultIfEmpty(1).Max();
        return spans.Select(s =>
        {
            var end = s.End ?? now;
            var from = (int)Math.Round(s.Start.TotalMilliseconds / msPerCell);
            var to = Math.Max(from + 1, (int)Math.Round(end.TotalMilliseconds / msPerCell));
            var fill = s.How == Timeline.Completed ? '█' : '▒';
            var bar = new string(' ', from) + new string(fill, to - from) + (s.End is null ? "→" : "|");
            var label = s.End is null
                ? $"{Number(s.Start)} ms → still running"
                : $"{Number(s.Start)}-{Number(end)} ms" + (s.How == Timeline.Completed ? "" : $" {s.How}");
            return $"{s.Lane.PadRight(laneWidth)} |{bar.PadRight(Width + 2)}{label,14}";
        }).ToList();
    }
}
