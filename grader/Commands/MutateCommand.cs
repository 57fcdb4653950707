using System.CommandLine;
using System.Text.Json;
using Katas.Grader.Mutation;
using Katas.Grader.Repository;
using Katas.Grader.Running;
using Spectre.Console;

namespace Katas.Grader.Commands;

/// <summary>
/// <c>grader mutate [kata…]</c>: maintainers' mutation testing of the references with Stryker.NET (a local dotnet tool,
/// <c>.config/dotnet-tools.json</c>). Prints the score per kata and every surviving mutant that is neither killed by a
/// test nor written down as equivalent beside the reference.
/// </summary>
public static class MutateCommand
{
    /// <summary>Real time one kata's Stryker run may take (about 1.5 min on 2 quiet cores at Complete level).</summary>
    private static readonly TimeSpan PerKata = TimeSpan.FromMinutes(30);

    public static Command Create(GlobalOptions global)
    {
        var katasArgument = new Argument<string[]>("kata") { Description = "Katas to mutate (default: all).", Arity = ArgumentArity.ZeroOrMore };
        var level = new Option<string>("--level")
        {
            Description = "Stryker's mutation level: Basic, Standard, Advanced or Complete.",
            DefaultValueFactory = _ => "Complete",
        };
        level.AcceptOnlyFromAmong("Basic", "Standard", "Advanced", "Complete");
        var reportOnly = new Option<bool>("--report-only") { Description = "Read the last run's reports instead of running Stryker again." };
        var command = new Command("mutate",
            "Maintainers: mutation testing of each reference with Stryker.NET; prints the score per kata and the surviving mutants " +
            "that are neither killed nor listed in solutions/<kata>/equivalent-mutants.json.");
        command.Arguments.Add(katasArgument);
        command.Options.Add(level);
        command.Options.Add(reportOnly);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, global, async (repository, output) =>
        {
            var all = repository.Katas();
            var requested = parse.GetValue(katasArgument) ?? [];
            var katas = requested.Length == 0 ? all : requested.Select(r => HintCommand.Resolve(all, r)).Distinct().ToList();
            var scores = new List<MutationScore>();
            foreach (var kata in katas)
            {
                var workspace = MutationWorkspace.Create(repository, kata, parse.GetValue(level)!);
                if (!parse.GetValue(reportOnly))
                {
                    output.WriteLine($"== {kata.Id}: Stryker.NET on {repository.Relative(repository.SolutionDirectory(kata))}");
                    var started = System.Diagnostics.Stopwatch.StartNew();
                    var error = await RunStrykerAsync(repository, workspace, cancellationToken).ConfigureAwait(false);
                    if (error is not null) { output.WriteLine($"{kata.Id}: {error}"); return ExitCodes.Failed; }
                    output.WriteLine($"   done in {started.Elapsed.TotalSeconds:0} s; report: {repository.Relative(workspace.JsonReport).Replace(".json", ".html")}");
                }
                if (!File.Exists(workspace.JsonReport))
                    throw new BadInputException($"{kata.Id} has no mutation report yet ({repository.Relative(workspace.JsonReport)}): run without --report-only.");
                var equivalents = EquivalentMutant.Load(Path.Combine(repository.SolutionDirectory(kata), "equivalent-mutants.json"));
                scores.Add(new MutationScore(kata.Id, StrykerReport.Read(workspace.JsonReport), equivalents));
            }
            Render(scores, output);
            return scores.All(s => s.Unexplained.Count == 0 && s.Stale.Count == 0) ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }

    /// <summary>Runs Stryker in the workspace; null when it finished, else what went wrong with the last lines it printed.</summary>
    private static async Task<string?> RunStrykerAsync(KataRepository repository, MutationWorkspace workspace, CancellationToken cancellationToken)
    {
        var restore = await ProcessRunner.RunAsync("dotnet", ["tool", "restore"], repository.Root, TimeSpan.FromMinutes(5),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (restore.ExitCode != 0) return "`dotnet tool restore` failed:\n" + Tail(restore.Output);
        if (File.Exists(workspace.JsonReport)) File.Delete(workspace.JsonReport);
        var run = await ProcessRunner.RunAsync("dotnet",
            ["tool", "run", "dotnet-stryker", "--config-file", workspace.ConfigFile, "-O", workspace.OutputDirectory],
            workspace.Directory, PerKata, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (run.TimedOut) return $"Stryker did not finish within {PerKata.TotalMinutes:0} minutes.";
        if (run.ExitCode != 0 || !File.Exists(workspace.JsonReport)) return $"Stryker failed (exit code {run.ExitCode}):\n" + Tail(run.Output);
        return null;
    }

    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(25));

    private static void Render(IReadOnlyList<MutationScore> scores, TextWriter output)
    {
        var console = GradeCommand.ConsoleFor(output, toTerminal: !Console.IsOutputRedirected);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("kata").AddColumn(new TableColumn("mutants").RightAligned()).AddColumn(new TableColumn("killed").RightAligned())
            .AddColumn(new TableColumn("survived").RightAligned()).AddColumn(new TableColumn("equivalent").RightAligned())
            .AddColumn(new TableColumn("never run").RightAligned())
            .AddColumn(new TableColumn("unexplained").RightAligned()).AddColumn(new TableColumn("invalid").RightAligned())
            .AddColumn(new TableColumn("score").RightAligned());
        foreach (var s in scores)
        {
            table.AddRow(s.KataId, s.Valid.ToString(), s.Detected.ToString(), s.Undetected.ToString(), s.Justified.Count.ToString(),
                s.NeverRun.Count == 0 ? "0" : $"[yellow]{s.NeverRun.Count}[/]", s.Unexplained.Count == 0 ? "0" : $"[red]{s.Unexplained.Count}[/]", s.Invalid.ToString(), $"{s.Percent:0.0} %");
        }
        console.Write(table);
        foreach (var s in scores.Where(s => s.Unexplained.Count > 0 || s.Stale.Count > 0))
        {
            output.WriteLine();
            output.WriteLine($"{s.KataId}: {s.Unexplained.Count} surviving mutant(s) to kill with a test, or to list as equivalent " +
                $"(with a why) in solutions/{s.KataId}/equivalent-mutants.json:");
            foreach (var m in s.Unexplained) output.WriteLine($"  {m}");
            if (s.Unexplained.Count > 0)
            {
                output.WriteLine("  Entries ready to paste (write the why):");
                output.WriteLine(JsonSerializer.Serialize(s.Unexplained.Select(EquivalentMutant.Draft).ToList(), DraftOptions));
            }
            foreach (var e in s.Stale) output.WriteLine($"  stale entry, matches no survivor any more: {e.File} `{e.Original}` -> `{e.Replacement}`");
        }
        var total = scores.Sum(s => s.Valid);
        var detected = scores.Sum(s => s.Detected);
        output.WriteLine($"Mutation score: {detected}/{total} detected ({(total == 0 ? 100 : 100.0 * detected / total):0.0} %), " +
            $"{scores.Sum(s => s.Justified.Count)} equivalent, {scores.Sum(s => s.Unexplained.Count)} unexplained.");
        var neverRun = scores.Sum(s => s.NeverRun.Count);
        if (neverRun > 0)
        {
            output.WriteLine($"{neverRun} mutant(s) were run by no test at all (never run): code no test calls, or code that runs only where " +
                "Stryker cannot switch a mutant on (the child process of a console test). They count as survivors.");
        }
    }

    private static readonly JsonSerializerOptions DraftOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
