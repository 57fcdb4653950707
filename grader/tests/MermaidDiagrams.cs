using System.Globalization;
using System.Text.RegularExpressions;
using Katas.Grader.Repository;

namespace Katas.Grader.Tests;

/// <summary>One line of a README, with its 1-based line number.</summary>
public sealed record ReadmeLine(int Number, string Text);

/// <summary>
/// One <c>```mermaid</c> block of a README: the file (relative to the repository, with /), the line of its opening
/// fence, and its lines. <see cref="Body"/> leaves out blank lines, <c>%%</c> comments and directives and a YAML front
/// matter, so its first line is the diagram's type.
/// </summary>
public sealed record MermaidBlock(string File, int FenceLine, IReadOnlyList<ReadmeLine> Lines, bool Closed)
{
    public IReadOnlyList<ReadmeLine> Body => [.. WithoutFrontMatter().Where(l => l.Text.Trim().Length > 0 && !l.Text.TrimStart().StartsWith("%%", StringComparison.Ordinal))];

    /// <summary>The configuration a renderer reads before the diagram: <c>%%{init: ...}%%</c> lines and the front matter.</summary>
    public IEnumerable<ReadmeLine> Configuration => Lines.Except(Body).Where(l => l.Text.Trim().Length > 0);

    public string Type => Body.Count == 0 ? "" : Body[0].Text.Trim().Split(' ', 2)[0];

    public string Where(int line) => $"{File}:{line}";

    public override string ToString() => Where(FenceLine);

    private IEnumerable<ReadmeLine> WithoutFrontMatter()
    {
        if (Lines.Count == 0 || Lines[0].Text.Trim() != "---") return Lines;
        var end = Lines.Skip(1).ToList().FindIndex(l => l.Text.Trim() == "---");
        return end < 0 ? Lines : Lines.Skip(end + 2);
    }

    /// <summary>Every <c>```mermaid</c> block of one README's text.</summary>
    public static IReadOnlyList<MermaidBlock> In(string file, string text)
    {
        var blocks = new List<MermaidBlock>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```mermaid") continue;
            var fence = i + 1;
            var body = new List<ReadmeLine>();
            for (i++; i < lines.Length && lines[i].Trim() != "```"; i++) body.Add(new ReadmeLine(i + 1, lines[i]));
            blocks.Add(new MermaidBlock(file, fence, body, Closed: i < lines.Length));
        }
        return blocks;
    }

    /// <summary>Every <c>```mermaid</c> block of every README.md of the repository (build output and artifacts left out).</summary>
    public static IReadOnlyList<MermaidBlock> OfRepository(KataRepository repository) =>
        [.. Readmes(repository.Root).Order(StringComparer.Ordinal).SelectMany(path =>
            In(Path.GetRelativePath(repository.Root, path).Replace(Path.DirectorySeparatorChar, '/'), System.IO.File.ReadAllText(path)))];

    private static readonly HashSet<string> NotSources = new(StringComparer.OrdinalIgnoreCase) { ".git", "artifacts", "bin", "obj", "node_modules", ".grader" };

    private static IEnumerable<string> Readmes(string directory)
    {
        var here = Path.Combine(directory, "README.md");
        if (System.IO.File.Exists(here)) yield return here;
        foreach (var sub in Directory.EnumerateDirectories(directory).Where(d => !NotSources.Contains(Path.GetFileName(d))))
        {
            foreach (var readme in Readmes(sub)) yield return readme;
        }
    }
}

/// <summary>
/// What can be checked of a Mermaid diagram without a browser (grader/render-diagrams.sh renders them). Each check
/// returns its problems, each naming the README's file and line and the fix; none means the diagram passes.
/// </summary>
internal static partial class MermaidDiagramRules
{
    public static readonly string[] KnownTypes =
    [
        "graph", "flowchart", "sequenceDiagram", "classDiagram", "stateDiagram", "stateDiagram-v2", "erDiagram", "journey",
        "gantt", "pie", "quadrantChart", "requirementDiagram", "gitGraph", "mindmap", "timeline", "sankey-beta",
        "xychart-beta", "block-beta", "packet-beta", "kanban", "architecture-beta", "C4Context", "C4Container",
        "C4Component", "C4Dynamic", "C4Deployment",
    ];

    public static IEnumerable<string> Type(MermaidBlock block)
    {
        if (!block.Closed)
        {
            yield return $"{block}: the ```mermaid block is never closed: end it with a line of ```";
        }
        if (!KnownTypes.Contains(block.Type, StringComparer.Ordinal))
        {
            var line = block.Body.Count == 0 ? block.FenceLine : block.Body[0].Number;
            yield return $"{block.Where(line)}: the diagram starts with \"{block.Type}\", which is not a Mermaid diagram type: "
                + $"start it with one of {string.Join(", ", KnownTypes)} (after any %%{{init}}%% line)";
        }
    }

    // ---- Gantt charts: times are milliseconds from t=0 (dateFormat x), the axis must print them truly. ----

    /// <summary>A Gantt task: <c>label :[tags,] start, end</c>.</summary>
    public sealed record GanttTask(ReadmeLine Line, string Label, long Start, long End);

    private static readonly string[] GanttKeywords =
        ["gantt", "title", "section", "dateFormat", "axisFormat", "tickInterval", "todayMarker", "excludes", "includes",
         "weekday", "weekend", "inclusiveEndDates", "topAxis", "accTitle", "accDescr", "click"];

    private static readonly string[] TaskTags = ["active", "done", "crit", "milestone"];

    private static string? Statement(MermaidBlock block, string keyword) =>
        block.Body.Select(l => l.Text.Trim()).LastOrDefault(t => t.StartsWith(keyword + " ", StringComparison.Ordinal))?[(keyword.Length + 1)..].Trim();

    private static ReadmeLine? StatementLine(MermaidBlock block, string keyword) =>
        block.Body.LastOrDefault(l => l.Text.Trim().StartsWith(keyword + " ", StringComparison.Ordinal));

    private static bool IsTaskLine(ReadmeLine line)
    {
        var text = line.Text.Trim();
        return text.Contains(':', StringComparison.Ordinal)
            && !GanttKeywords.Any(k => text.Equals(k, StringComparison.Ordinal) || text.StartsWith(k + " ", StringComparison.Ordinal) || text.StartsWith(k + ":", StringComparison.Ordinal));
    }

    public static IEnumerable<string> DateFormat(MermaidBlock block)
    {
        var format = Statement(block, "dateFormat");
        if (format != "x")
        {
            var where = StatementLine(block, "dateFormat")?.Number ?? block.FenceLine;
            yield return $"{block.Where(where)}: the chart's dateFormat is {(format is null ? "missing" : $"\"{format}\"")}: "
                + "write `dateFormat x`, so a task's start and end are milliseconds from t=0, as the kata's tests count them";
        }
    }

    /// <summary>Every task line, with the problem of each that does not read as <c>label :[tags,] start, end</c>.</summary>
    public static (IReadOnlyList<GanttTask> Tasks, IReadOnlyList<string> Problems) Tasks(MermaidBlock block)
    {
        var tasks = new List<GanttTask>();
        var problems = new List<string>();
        foreach (var line in block.Body.Skip(1).Where(IsTaskLine))
        {
            var text = line.Text.Trim();
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            var label = text[..colon].Trim();
            var fields = text[(colon + 1)..].Split(',').Select(f => f.Trim()).ToList();
            var tags = fields.Take(Math.Max(0, fields.Count - 2)).ToList();
            var times = fields.Skip(tags.Count).ToList();
            var fix = "write `label :[tags,] start, end` with tags among " + string.Join(", ", TaskTags) + " and start and end in whole milliseconds";
            if (label.Length == 0)
            {
                problems.Add($"{block.Where(line.Number)}: the task \"{text}\" has no label before its colon: {fix}");
            }
            else if (times.Count != 2 || !long.TryParse(times[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                     || !long.TryParse(times[1], NumberStyles.None, CultureInfo.InvariantCulture, out var end))
            {
                problems.Add($"{block.Where(line.Number)}: the task \"{text}\" does not end with an integer start and end: {fix}");
            }
            else if (tags.FirstOrDefault(t => !TaskTags.Contains(t, StringComparer.Ordinal)) is { } unknown)
            {
                problems.Add($"{block.Where(line.Number)}: the task \"{text}\" has \"{unknown}\" where a tag goes: {fix}");
            }
            else if (start > end)
            {
                problems.Add($"{block.Where(line.Number)}: the task \"{label}\" ends ({end} ms) before it starts ({start} ms): swap them");
            }
            else
            {
                tasks.Add(new GanttTask(line, label, start, end));
            }
        }
        if (tasks.Count == 0 && problems.Count == 0)
        {
            problems.Add($"{block}: the chart has no task: add one per line, `label :[tags,] start, end`");
        }
        return (tasks, problems);
    }

    [GeneratedRegex(@"^([1-9][0-9]*)(millisecond|second|minute|hour|day|week|month)$")]
    private static partial Regex TickIntervalPattern();

    private static readonly Dictionary<string, long> UnitMilliseconds = new(StringComparer.Ordinal)
    {
        ["millisecond"] = 1, ["second"] = 1_000, ["minute"] = 60_000, ["hour"] = 3_600_000, ["day"] = 86_400_000,
        ["week"] = 604_800_000, ["month"] = 2_592_000_000,
    };

    /// <summary>The most tick labels an axis holds before they crowd (Mermaid's default aims at about 10).</summary>
    public const int MostTicks = 20;

    /// <summary>
    /// The axis: a tickInterval Mermaid accepts, and an axisFormat whose labels read the true time, once each. The
    /// ticks are worked out as d3 places them (every tickInterval, or d3's own choice for about 10 ticks).
    /// </summary>
    public static IEnumerable<string> Axis(MermaidBlock block, IReadOnlyList<GanttTask> tasks)
    {
        if (tasks.Count == 0) yield break;
        var first = tasks.Min(t => t.Start);
        var last = tasks.Max(t => t.End);
        var span = $"the chart runs from {first} ms to {last} ms";
        var axisLine = StatementLine(block, "axisFormat")?.Number ?? block.FenceLine;
        var fixFormat = last >= 1_000
            ? "write `axisFormat %s s` with `tickInterval 1second` (seconds from t=0), or `axisFormat %Q ms`"
            : "write `axisFormat %Q ms` (milliseconds from t=0) or `axisFormat %-L ms`";

        long? every = null;
        if (Statement(block, "tickInterval") is { } interval)
        {
            var tickLine = StatementLine(block, "tickInterval")!.Number;
            var match = TickIntervalPattern().Match(interval);
            if (!match.Success)
            {
                yield return $"{block.Where(tickLine)}: Mermaid ignores `tickInterval {interval}`: write a count and a unit with no space "
                    + "between, the unit one of millisecond, second, minute, hour, day, week, month (e.g. `tickInterval 100millisecond`)";
                yield break;
            }
            every = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * UnitMilliseconds[match.Groups[2].Value];
        }

        var format = Statement(block, "axisFormat");
        if (format is null)
        {
            yield return $"{block.Where(block.FenceLine)}: the chart has no axisFormat, so Mermaid labels its axis with dates (1970-01-01): {fixFormat}";
            yield break;
        }
        var directives = D3Directive().Matches(format).Select(m => (Pad: m.Groups[1].Value, Letter: m.Groups[2].Value[0])).Where(d => d.Letter != '%').ToList();
        if (directives.FirstOrDefault(d => "LQSs".IndexOf(d.Letter, StringComparison.Ordinal) < 0) is { Letter: not '\0' } other)
        {
            yield return $"{block.Where(axisLine)}: `axisFormat {format}` uses %{other.Letter}, a calendar or clock field, but the chart counts milliseconds from t=0: {fixFormat}";
            yield break;
        }
        if (directives.Count == 0)
        {
            yield return $"{block.Where(axisLine)}: `axisFormat {format}` prints no time (no %Q, %L, %s or %S): every label would read the same; {fixFormat}";
            yield break;
        }
        if (directives.Any(d => d.Letter == 'L') && last >= 1_000)
        {
            yield return $"{block.Where(axisLine)}: `axisFormat {format}`: %L prints the milliseconds within the second, but {span}, "
                + $"so t={(last >= 1_500 ? "1500" : "1000")} ms reads \"{Format(format, last >= 1_500 ? 1_500 : 1_000)}\": {fixFormat}";
        }
        if (directives.Any(d => d.Letter == 'S') && last >= 60_000)
        {
            yield return $"{block.Where(axisLine)}: `axisFormat {format}`: %S prints the seconds within the minute, but {span}, "
                + $"so t=60 s reads \"{Format(format, 60_000)}\": write `axisFormat %s s` (seconds from t=0)";
        }
        if (directives.FirstOrDefault(d => d.Letter is 'L' or 'S' && d.Pad != "-") is { Letter: not '\0' } padded)
        {
            yield return $"{block.Where(axisLine)}: `axisFormat {format}` pads %{padded.Letter} with zeros, so t={(padded.Letter == 'L' ? 50 : 5_000)} ms "
                + $"reads \"{Format(format, padded.Letter == 'L' ? 50 : 5_000)}\": write %-{padded.Letter} (no padding) or use {(padded.Letter == 'L' ? "%Q" : "%s")}";
        }

        var ticks = Ticks(first, last, every);
        if (ticks.Count > MostTicks || ticks.Count < 2)
        {
            var where = StatementLine(block, "tickInterval")?.Number ?? axisLine;
            yield return $"{block.Where(where)}: the axis would have {ticks.Count} tick{(ticks.Count == 1 ? "" : "s")} ({span}): "
                + $"choose a tickInterval that gives 2 to {MostTicks}, e.g. `tickInterval {SuggestedInterval(last - first)}`";
            yield break;
        }
        var labels = ticks.Select(t => (Tick: t, Label: Format(format, t))).ToList();
        var repeated = labels.GroupBy(l => l.Label, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            var inSeconds = directives.Any(d => d.Letter is 's' or 'S');
            var fix = inSeconds && (every ?? DefaultStep(first, last)) % 1_000 != 0
                ? $"the ticks fall every {every ?? DefaultStep(first, last)} ms, so the seconds repeat: add `tickInterval {SuggestedInterval(last - first, wholeSeconds: true)}`"
                : fixFormat;
            yield return $"{block.Where(axisLine)}: the axis prints \"{repeated.Key}\" at t={string.Join(" and t=", repeated.Select(r => r.Tick))} ms "
                + $"(ticks: {string.Join(", ", labels.Select(l => l.Label))}): {fix}";
        }
    }

    [GeneratedRegex("%([-_0])?([a-zA-Z%])")]
    private static partial Regex D3Directive();

    /// <summary>Formats t (ms from the epoch) as d3-time-format does, for the directives a millisecond chart uses.</summary>
    public static string Format(string format, long t) => D3Directive().Replace(format, m =>
    {
        var pad = m.Groups[1].Value;
        string Padded(long value, int width) =>
            pad == "-" ? value.ToString(CultureInfo.InvariantCulture)
            : value.ToString(CultureInfo.InvariantCulture).PadLeft(width, pad == "_" ? ' ' : '0');
        return m.Groups[2].Value switch
        {
            "L" => Padded(t % 1_000, 3),
            "Q" => t.ToString(CultureInfo.InvariantCulture),
            "S" => Padded(t / 1_000 % 60, 2),
            "s" => (t / 1_000).ToString(CultureInfo.InvariantCulture),
            "%" => "%",
            _ => m.Value,
        };
    });

    /// <summary>
    /// The axis ticks between first and last: every <paramref name="every"/> ms, or where d3's time scale puts about
    /// 10 of them (d3-scale's ticks(10): a 1, 2 or 5 × 10ⁿ ms step below a second, else the nearest of its intervals).
    /// </summary>
    public static IReadOnlyList<long> Ticks(long first, long last, long? every)
    {
        var step = every ?? DefaultStep(first, last);
        var ticks = new List<long>();
        for (var t = (first + step - 1) / step * step; t <= last && ticks.Count <= 10_000; t += step) ticks.Add(t);
        return ticks;
    }

    private static readonly long[] D3Intervals =
        [1_000, 5_000, 15_000, 30_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000];

    private static long DefaultStep(long first, long last)
    {
        var target = (last - first) / 10.0;
        var i = Array.FindIndex(D3Intervals, d => d > target);
        if (i == 0)
        {
            var power = Math.Floor(Math.Log10(Math.Max(target, 1e-9)));
            var error = target / Math.Pow(10, power);
            var factor = error >= Math.Sqrt(50) ? 10 : error >= Math.Sqrt(10) ? 5 : error >= Math.Sqrt(2) ? 2 : 1;
            return Math.Max(1, (long)(factor * Math.Pow(10, power)));
        }
        if (i < 0) return D3Intervals[^1];
        return target / D3Intervals[i - 1] < D3Intervals[i] / target ? D3Intervals[i - 1] : D3Intervals[i];
    }

    private static string SuggestedInterval(long span, bool wholeSeconds = false)
    {
        foreach (var ms in new long[] { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000 })
        {
            if (span / ms <= 10 && (!wholeSeconds || ms % 1_000 == 0)) return ms % 1_000 == 0 ? $"{ms / 1_000}second" : $"{ms}millisecond";
        }
        return "1minute";
    }

    /// <summary>Mermaid's default room left of the grid, where the section titles go.</summary>
    public const int DefaultLeftPadding = 75;

    /// <summary>
    /// An estimate of the room a section title needs left of the grid: the title starts 10 px in, the renders measured
    /// about 4.8 px a character (5 counted here), and 5 px of gap before the grid. Short titles ("all at once") fit the
    /// default 75 px; the fix suggests 30 px more than the estimate, for wider fonts than the renderer's.
    /// </summary>
    public static int RoomFor(string sectionTitle) => sectionTitle.Length * 5 + 15;

    [GeneratedRegex("\"?leftPadding\"?\\s*:\\s*([0-9]+)")]
    private static partial Regex LeftPaddingSetting();

    public static IEnumerable<string> SectionTitles(MermaidBlock block)
    {
        var setting = block.Configuration.Select(l => LeftPaddingSetting().Match(l.Text)).LastOrDefault(m => m.Success);
        var padding = setting is null ? DefaultLeftPadding : int.Parse(setting.Groups[1].Value, CultureInfo.InvariantCulture);
        foreach (var line in block.Body.Where(l => l.Text.Trim().StartsWith("section ", StringComparison.Ordinal)))
        {
            var title = line.Text.Trim()["section ".Length..].Trim();
            if (RoomFor(title) > padding)
            {
                yield return $"{block.Where(line.Number)}: the section title \"{title}\" ({title.Length} characters, about {RoomFor(title)} px with its margins) "
                    + $"is wider than the {padding} px left of the grid, so it runs into the bars: put "
                    + $"`%%{{init: {{\"gantt\": {{\"leftPadding\": {(RoomFor(title) + 30 + 9) / 10 * 10}}}}}}}%%` as the block's first line, or shorten the title";
            }
        }
    }

    // ---- Sequence diagrams: every participant a message or note names is declared (its alias and its place). ----

    [GeneratedRegex(@"^\s*(?:create\s+)?(?:participant|actor)\s+(?<id>[^\s]+?)(?:\s+as\s+.*)?\s*$")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^\s*(?<from>[^\s:<>+-][^:<>]*?)\s*(?:<<-->>|<<->>|-->>|->>|-->|->|--x|-x|--\)|-\))\s*[+-]?\s*(?<to>[^:]+?)\s*:")]
    private static partial Regex Message();

    [GeneratedRegex(@"^\s*note\s+(?:over|left of|right of)\s+(?<who>[^:]+?)\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex Note();

    [GeneratedRegex(@"^\s*(?:activate|deactivate)\s+(?<who>\S+)\s*$")]
    private static partial Regex Activation();

    private static readonly string[] SequenceBlocks = ["loop", "alt", "opt", "par", "critical", "break", "rect", "box"];

    public static IEnumerable<string> Participants(MermaidBlock block)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var open = new Stack<ReadmeLine>();
        foreach (var line in block.Body.Skip(1))
        {
            if (Declaration().Match(line.Text) is { Success: true } declaration)
            {
                declared.Add(declaration.Groups["id"].Value);
                continue;
            }
            var first = line.Text.Trim().Split(' ', 2)[0];
            if (SequenceBlocks.Contains(first, StringComparer.Ordinal)) open.Push(line);
            if (first == "end" && !open.TryPop(out _))
            {
                yield return $"{block.Where(line.Number)}: this `end` closes no loop, alt, opt, par, critical, break, rect or box: remove it";
            }
            var named = Note().Match(line.Text) is { Success: true } note ? note.Groups["who"].Value.Split(',').Select(w => w.Trim()).ToArray()
                : Message().Match(line.Text) is { Success: true } message ? [message.Groups["from"].Value, message.Groups["to"].Value]
                : Activation().Match(line.Text) is { Success: true } activation ? [activation.Groups["who"].Value]
                : [];
            foreach (var who in named.Where(w => !declared.Contains(w)).Distinct(StringComparer.Ordinal))
            {
                yield return $"{block.Where(line.Number)}: \"{who}\" is used before it is declared (Mermaid then adds it with its bare name, in the order met): "
                    + $"declare it above, `participant {who} as <what it is>`";
            }
        }
        foreach (var unclosed in open)
        {
            yield return $"{block.Where(unclosed.Number)}: `{unclosed.Text.Trim()}` is never closed: end it with a line `end`";
        }
    }
}
