using System.CommandLine;
using Katas.Grader.Manifest;
using Katas.Grader.Repository;
using Katas.Grader.Running;
using Katas.Grader.Scoring;

namespace Katas.Grader.Commands;

/// <summary>
/// <c>grader manifest</c> (maintainers): run every reference once and write <c>grader/manifest.json</c>: the katas in order
/// with their points, the tests each reference passes, and the fingerprints of the protected files.
/// </summary>
public static class ManifestCommand
{
    public static Command Create(GlobalOptions global)
    {
        var points = new Option<double?>("--points-per-kata")
        {
            Description = "Give every kata this many points (default: the committed manifest's choice, else one point per test).",
        };
        var command = new Command("manifest", "Maintainers: run the references and write grader/manifest.json (commit it).");
        command.Options.Add(points);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, global, async (repository, output) =>
        {
            double? pointsPerKata = parse.GetValue(points);
            if (pointsPerKata is null && File.Exists(repository.ManifestPath))
            {
                try { pointsPerKata = GradingManifest.Load(repository.ManifestPath).PointsPerKata; }
                catch (ManifestException) { }
            }
            var katas = repository.Katas();
            if (katas.Count == 0) throw new BadInputException("no kata found under exercises/ (folders NN-name holding a csproj).");
            var missing = katas.Where(k => !Directory.Exists(repository.SolutionDirectory(k))).Select(k => k.Id).ToList();
            if (missing.Count > 0) throw new BadInputException($"the manifest is made from the references, and these katas have none: {string.Join(", ", missing)}.");

            output.WriteLine($"Running the references of {katas.Count} katas...");
            var runs = await RunReferencesAsync(repository, katas, cancellationToken).ConfigureAwait(false);
            var problems = new List<string>();
            foreach (var (kata, run) in runs)
            {
                if (!run.Compiled) problems.Add($"{kata.Id}: the reference does not compile: {run.CompileError}");
                else if (run.AbortReason is not null) problems.Add($"{kata.Id}: the reference's test host stopped: {run.AbortReason}");
                else if (run.Tests.Count == 0) problems.Add($"{kata.Id}: no test ran");
                else
                {
                    problems.AddRange(run.Tests.Where(t => t.Outcome != TestOutcome.Passed)
                        .Select(t => $"{kata.Id}: the reference fails {t.ShortName}: {Verification.Verifier.FirstLines(t.Message)}"));
                }
            }
            if (problems.Count > 0)
            {
                foreach (var problem in problems) output.WriteLine($"  {problem}");
                output.WriteLine("The manifest was not written: every reference must pass every test first.");
                return ExitCodes.Failed;
            }
            var manifest = ManifestBuilder.Build(repository, runs, pointsPerKata);
            Directory.CreateDirectory(Path.GetDirectoryName(repository.ManifestPath)!);
            await File.WriteAllTextAsync(repository.ManifestPath, manifest.ToJson(), cancellationToken).ConfigureAwait(false);
            foreach (var kata in manifest.Katas) output.WriteLine($"  {kata.Id,-28} {kata.Tests.Count,3} tests  {kata.Points,5:0.##} points  {kata.ProtectedFiles.Count} protected files");
            output.WriteLine($"Wrote {repository.Relative(repository.ManifestPath)}: {manifest.Katas.Count} katas, {manifest.TotalPoints:0.##} points. Commit it (and regenerate the workflow: dotnet run --project grader -- workflow).");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Builds and runs every kata's reference: one build, one test run.</summary>
    public static async Task<List<(Kata Kata, VariantRun Run)>> RunReferencesAsync(KataRepository repository, IReadOnlyList<Kata> katas, CancellationToken cancellationToken)
    {
        var work = Path.Combine(repository.GraderArtifactsDirectory, "manifest");
        var variants = katas.ToDictionary(k => k, k => new Variant(k.ProjectPath, "solutions"));
        var build = await TraversalBuild.BuildAsync(repository.Root, work, variants.Values.ToList(), TimeSpan.FromMinutes(20), cancellationToken: cancellationToken).ConfigureAwait(false);
        var run = await TestRunner.RunAsync(repository.Root, work, build.Builds.Values.Where(b => b.Succeeded).Select(b => b.AssemblyPath!).ToList(),
            repository.RunSettingsPath, TestRunLimits.Default, cancellationToken: cancellationToken).ConfigureAwait(false);
        var runs = RunAttribution.Split(build.Builds.Values.ToList(), run);
        return katas.Select(k => (k, runs[variants[k]])).ToList();
    }
}
