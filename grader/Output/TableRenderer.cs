using Katas.Grader.Commands;
using System.Globalization;
using Katas.Grader.Scoring;
using Spectre.Console;

namespace Katas.Grader.Output;

/// <summary>The learner's view: a table of the katas, the total, and what to do next.</summary>
public static class TableRenderer
{
    public static void Render(GradeReport report, IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("kata")
            .AddColumn(new TableColumn("tests").RightAligned())
            .AddColumn(new TableColumn("points").RightAligned())
            .AddColumn("state")
            .AddColumn("progress");
        foreach (var kata in report.Katas)
        {
            table.AddRow(
                new Markup(Markup.Escape(kata.Id)),
                new Markup($"{kata.PassedCount}/{kata.TotalCount}{(kata.SkippedCount > 0 ? $" [dim]({kata.SkippedCount} skipped on this OS)[/]" : "")}"),
                new Markup($"{Points(kata.Points)}/{Points(kata.MaxPoints)}"),
                new Markup($"[{Color(kata.State)}]{Markup.Escape(kata.State.Words())}[/]"),
                new Markup(Bar(kata.TotalCount == 0 ? 0 : (double)kata.PassedCount / kata.TotalCount, Color(kata.State))));
        }
        console.Write(table);
        foreach (var line in IgnoredLines(report)) console.MarkupLine($"[dim]{Markup.Escape(line)}[/]");
        var total = report.MaxPoints == 0 ? 0 : report.Points / report.MaxPoints;
        console.MarkupLine($"[bold]Total: {Points(report.Points)} / {Points(report.MaxPoints)} points[/] ({total:P0}){(report.Source == "solutions" ? " [dim](graded the reference solutions)[/]" : "")}");
        console.WriteLine();

        var next = NextStep.Of(report);
        if (next is null)
        {
            if (!report.IsPartial) console.MarkupLine("[green]Every kata passes. Well done![/]");
            else
            {
                console.MarkupLine($"[green]{Markup.Escape(string.Join(", ", report.Katas.Select(k => k.Id)))} passes.[/]");
                console.MarkupLine(report.NextInCourse is { } following
                    ? $"[bold]Next in the course:[/] {Markup.Escape(following)}. Grade it: [blue]{Markup.Escape(LearnerCommand.Of($"grade {following}"))}[/]"
                    : $"Every other kata passed at its last grade. Grade the whole course: [blue]{LearnerCommand.Of()}[/]");
            }
            return;
        }
        var kataGrade = report.Katas.First(k => k.Id == next.KataId);
        console.MarkupLine($"[bold]Next:[/] {Markup.Escape(next.KataId)} ({Markup.Escape(kataGrade.State.Words())}, {kataGrade.PassedCount}/{kataGrade.TotalCount} tests)");
        if (next.FailingTest is not null) console.MarkupLine($"  First failing test: [yellow]{Markup.Escape(next.FailingTest)}[/]");
        foreach (var line in Lines(next.Why, 12)) console.MarkupLine($"    {Markup.Escape(line)}");
        console.MarkupLine($"  Run only this kata:  [blue]{Markup.Escape(next.RunCommand)}[/]");
        console.MarkupLine($"  Grade only this kata: [blue]{Markup.Escape(next.GradeCommand)}[/]");
        console.MarkupLine($"  Stuck? A hint:        [blue]{Markup.Escape(next.HintCommand)}[/]");
    }

    /// <summary>"ignored: exercises/02-join/Extras/HelpersTests.cs", once per file (a file above the katas concerns them all).</summary>
    public static IEnumerable<string> IgnoredLines(GradeReport report, int max = 20)
    {
        var files = report.Katas.SelectMany(k => k.Ignored).Distinct(StringComparer.Ordinal).ToList();
        foreach (var file in files.Take(max)) yield return $"ignored: {file}";
        if (files.Count > max) yield return $"ignored: … and {files.Count - max} more files";
        if (files.Count > 0) yield return "  (grading builds only the kata's own files and its tests; these files were not used)";
    }

    public static string Points(double points) => points.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Color(KataState state) => state switch
    {
        KataState.Passed => "green",
        KataState.InProgress => "yellow",
        KataState.NotStarted => "grey",
        _ => "red",
    };

    /// <summary>A text progress bar: filled blocks for the share done.</summary>
    public static string Bar(double fraction, string color, int width = 20)
    {
        var filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * width);
        return $"[{color}]{new string('█', filled)}[/][grey]{new string('░', width - filled)}[/]";
    }

    public static IEnumerable<string> Lines(string text, int max)
    {
        var lines = text.Replace("\r", "").Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        foreach (var line in lines.Take(max)) yield return line;
        if (lines.Count > max) yield return $"… ({lines.Count - max} more lines: run the kata to see them all)";
    }
}
