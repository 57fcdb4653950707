using System.CommandLine;
using Katas.Grader.Output;
using Katas.Grader.Repository;
using Spectre.Console;

namespace Katas.Grader.Commands;

/// <summary><c>grader list</c>: progress at a glance, from the last grade (no build, instant).</summary>
public static class ListCommand
{
    public static Command Create(GlobalOptions global)
    {
        var command = new Command("list", "Progress at a glance: every kata with its state at the last grade and the hints you have opened (instant: builds nothing).");
        command.SetAction((parse, _) => CommandRunner.RunAsync(parse, global, (repository, output) =>
        {
            var katas = repository.Katas();
            var state = LearnerState.Load(repository);
            var console = GradeCommand.ConsoleFor(output, toTerminal: true);
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("kata").AddColumn("title").AddColumn(new TableColumn("tests").RightAligned())
                .AddColumn("state").AddColumn("progress").AddColumn(new TableColumn("hints").RightAligned());
            foreach (var kata in katas)
            {
                var last = state.Data.LastGrades.GetValueOrDefault(kata.Id);
                var hints = Hints.OfKata(kata).Count;
                var color = last is null ? "grey" : last.State switch { "passed" => "green", "in progress" => "yellow", "not started" => "grey", _ => "red" };
                table.AddRow(
                    new Markup(Markup.Escape(kata.Id)),
                    new Markup(Markup.Escape(Title(kata))),
                    new Markup(last is null ? "" : $"{last.Passed}/{last.Total}"),
                    new Markup($"[{color}]{Markup.Escape(last?.State ?? "not graded yet")}[/]"),
                    new Markup(last is null ? "" : TableRenderer.Bar(last.Total == 0 ? 0 : (double)last.Passed / last.Total, color, 10)),
                    new Markup($"{state.Data.HintsShown.GetValueOrDefault(kata.Id)}/{hints}"));
            }
            console.Write(table);
            console.MarkupLine(state.Data.LastGradedAt is { } when
                ? $"[dim]As of the last grade, {when:yyyy-MM-dd HH:mm}. Grade again: {LearnerCommand.Of()}[/]"
                : $"[dim]Not graded yet: {LearnerCommand.Of()}[/]");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    /// <summary>The kata's title from the first heading of its README ("# 02 · Join" → "Join").</summary>
    private static string Title(Kata kata)
    {
        var readme = Path.Combine(kata.Directory, "README.md");
        if (!File.Exists(readme)) return "";
        var heading = File.ReadLines(readme).FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal));
        if (heading is null) return "";
        var title = heading[2..].Trim();
        var dot = title.IndexOf('·');
        return dot >= 0 ? title[(dot + 1)..].Trim() : title;
    }
}
