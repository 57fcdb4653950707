using System.Text;
using Katas.Grader.Scoring;

namespace Katas.Grader.Output;

/// <summary><c>--format markdown</c>: a summary for <c>$GITHUB_STEP_SUMMARY</c> (GitHub-flavoured Markdown).</summary>
public static class MarkdownRenderer
{
    public static string Render(GradeReport report)
    {
        var text = new StringBuilder();
        text.AppendLine("## Async Katas: grade");
        text.AppendLine();
        text.AppendLine($"**Total: {TableRenderer.Points(report.Points)} / {TableRenderer.Points(report.MaxPoints)} points**");
        text.AppendLine();
        text.AppendLine("| kata | tests | points | state | progress |");
        text.AppendLine("| --- | ---: | ---: | --- | --- |");
        foreach (var kata in report.Katas)
        {
            var fraction = kata.TotalCount == 0 ? 0 : (double)kata.PassedCount / kata.TotalCount;
            var filled = (int)Math.Round(fraction * 10);
            text.AppendLine($"| `{kata.Id}` | {kata.PassedCount}/{kata.TotalCount} | {TableRenderer.Points(kata.Points)}/{TableRenderer.Points(kata.MaxPoints)} | {Icon(kata.State)} {kata.State.Words()} | {new string('█', filled)}{new string('░', 10 - filled)} |");
        }
        var problems = report.Katas.Where(k => k.Detail is not null).ToList();
        if (problems.Count > 0)
        {
            text.AppendLine();
            foreach (var kata in problems) text.AppendLine($"- `{kata.Id}` {kata.State.Words()}: {Escape(Shorten(kata.Detail!, 600))}");
        }
        var ignored = TableRenderer.IgnoredLines(report).ToList();
        if (ignored.Count > 0)
        {
            text.AppendLine();
            foreach (var line in ignored) text.AppendLine($"- {Escape(line.Trim())}");
        }
        var next = NextStep.Of(report);
        text.AppendLine();
        if (next is null)
        {
            text.AppendLine("Every kata passes.");
        }
        else
        {
            text.AppendLine($"**Next:** `{next.KataId}`{(next.FailingTest is null ? "" : $", first failing test `{next.FailingTest}`")}");
            text.AppendLine();
            text.AppendLine("```");
            foreach (var line in TableRenderer.Lines(next.Why, 20)) text.AppendLine(line.Replace("```", "'''", StringComparison.Ordinal));
            text.AppendLine("```");
            text.AppendLine();
            text.AppendLine($"Run only this kata: `{next.RunCommand}` · hint: `{next.HintCommand}`");
        }
        return text.ToString();
    }

    private static string Icon(KataState state) => state switch
    {
        KataState.Passed => "✅",
        KataState.InProgress => "🟡",
        KataState.NotStarted => "⚪",
        KataState.ForbiddenApi => "⛔",
        _ => "❌",
    };

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", "").Replace("\n", " ");

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
