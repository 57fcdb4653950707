using System.CommandLine;
using Katas.Grader.Manifest;
using Katas.Grader.Output;
using Katas.Grader.Repository;
using Katas.Grader.Running;
using Katas.Grader.Scoring;
using Spectre.Console;

namespace Katas.Grader.Commands;

/// <summary><c>grader [grade] [kata]</c>: grade every kata (or one) and say what to do next.</summary>
public static class GradeCommand
{
    public static Command Create(GlobalOptions global, GradeOptionsSet options)
    {
        var command = new Command("grade", "Grade every kata (the default command), or one: a table, the total, and what to do next.");
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, global, options, cancellationToken));
        return command;
    }

    public static Task<int> RunAsync(ParseResult parse, GlobalOptions global, GradeOptionsSet options, CancellationToken cancellationToken)
    {
        if (parse.GetValue(options.Repos) is { } repos)
        {
            return BatchGrading.RunAsync(parse, global, options, repos, cancellationToken);
        }
        return CommandRunner.RunAsync(parse, global, async (repository, output) =>
        {
            var manifest = parse.GetValue(options.Manifest) is { } teacher ? LoadManifest(teacher.FullName) : LoadManifest(repository);
            var only = parse.GetValue(options.Kata);
            if (only is not null) only = ResolveKata(manifest, only);
            var format = parse.GetValue(options.Format) ?? "table";
            var gradeOptions = new GradeOptions(
                parse.GetValue(options.Source) == "solutions" ? GradeSource.Solutions : GradeSource.Exercises,
                only,
                parse.GetValue(options.AllowModifiedTests),
                TestRunLimits.Default with { HangTimeout = TimeSpan.FromSeconds(Math.Max(5, parse.GetValue(options.HangTimeout))) });

            var report = await WithStatus(format, parse.GetValue(options.Output) is null, only,
                () => GradeRun.RunAsync(repository, manifest, gradeOptions, cancellationToken)).ConfigureAwait(false);
            Remember(repository, report);
            if (only is not null) report = WithCourseContext(repository, manifest, report);
            Emit(report, format, output, parse.GetValue(options.Output));
            if (parse.GetValue(options.Summary) is { } summary) File.AppendAllText(summary.FullName, MarkdownRenderer.Render(report));
            return ExitCodes.Ok;
        });
    }

    public static GradingManifest LoadManifest(KataRepository repository) => LoadManifest(repository.ManifestPath);

    /// <summary>Loads a manifest; a missing or corrupt one is bad input.</summary>
    public static GradingManifest LoadManifest(string path)
    {
        try
        {
            return GradingManifest.Load(path);
        }
        catch (ManifestException e)
        {
            throw new BadInputException(e.Message);
        }
    }

    /// <summary>Accepts <c>02-join</c>, <c>02</c>, <c>join</c> or <c>exercises/02-join</c>; anything else lists the valid names.</summary>
    public static string ResolveKata(GradingManifest manifest, string requested)
    {
        var name = requested.Replace('\\', '/').TrimEnd('/');
        if (name.StartsWith("exercises/", StringComparison.Ordinal)) name = name["exercises/".Length..];
        var ids = manifest.Katas.Select(k => k.Id).ToList();
        var match = ids.FirstOrDefault(id => id == name)
            ?? ids.SingleOrDefault(id => id[..2] == name.PadLeft(2, '0'))
            ?? ids.SingleOrDefault(id => id[3..] == name);
        return match ?? throw new BadInputException($"there is no kata '{requested}'. The katas are: {string.Join(", ", ids)}.");
    }

    public static void Emit(GradeReport report, string format, TextWriter output, FileInfo? file)
    {
        string? text = format switch
        {
            "json" => JsonRenderer.Render(report) + "\n",
            "markdown" => MarkdownRenderer.Render(report),
            "classroom" => ClassroomRenderer.Render(report),
            _ => null,
        };
        if (text is null)
        {
            var writer = file is null ? output : new StringWriter();
            TableRenderer.Render(report, ConsoleFor(writer, file is null));
            text = file is null ? null : writer.ToString();
            if (text is null) return;
        }
        if (file is not null) File.AppendAllText(file.FullName, text);
        else output.Write(text);
    }

    /// <summary>A Spectre console over a writer: colours only on a real terminal.</summary>
    public static IAnsiConsole ConsoleFor(TextWriter writer, bool toTerminal)
    {
        var interactive = toTerminal && ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!interactive) console.Profile.Width = 120;
        return console;
    }

    private static async Task<GradeReport> WithStatus(string format, bool toConsole, string? only, Func<Task<GradeReport>> grade)
    {
        if (format != "table" || !toConsole || Console.IsOutputRedirected || Console.IsErrorRedirected)
        {
            return await grade().ConfigureAwait(false);
        }
        // On a terminal, say what is happening (on stderr, so that stdout stays the report).
        await Console.Error.WriteLineAsync($"Building and testing {(only is null ? "every kata" : only)}...").ConfigureAwait(false);
        return await grade().ConfigureAwait(false);
    }

    /// <summary>Keeps the last grade for <c>list</c>.</summary>
    /// <summary>
    /// Grading one kata speaks of that kata, and still says what is next in the course: the first other kata whose last
    /// grade (kept in .grader/) was not a pass.
    /// </summary>
    public static GradeReport WithCourseContext(KataRepository repository, GradingManifest manifest, GradeReport report)
    {
        var graded = report.Katas.Select(k => k.Id).ToHashSet(StringComparer.Ordinal);
        var last = LearnerState.Load(repository).Data.LastGrades;
        var next = manifest.Katas.Select(k => k.Id)
            .FirstOrDefault(id => !graded.Contains(id) && (!last.TryGetValue(id, out var grade) || grade.State != KataState.Passed.Words()));
        return report with { IsPartial = true, NextInCourse = next };
    }

    private static void Remember(KataRepository repository, GradeReport report)
    {
        try
        {
            var state = LearnerState.Load(repository);
            foreach (var kata in report.Katas.Where(_ => report.Source == "exercises"))
            {
                state.Data.LastGrades[kata.Id] = new LearnerState.LastGrade(kata.State.Words(), kata.PassedCount, kata.TotalCount, kata.Points, kata.MaxPoints);
            }
            state.Data.LastGradedAt = DateTimeOffset.Now;
            state.Save();
        }
        catch (IOException)
        {
            // The state is a convenience: a read-only checkout still grades.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
