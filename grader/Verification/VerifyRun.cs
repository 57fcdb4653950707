using System.Diagnostics;
using Katas.Grader.Repository;
using Katas.Grader.Running;
using Katas.Grader.Scoring;

namespace Katas.Grader.Verification;

/// <summary>Everything verification found, ready to print.</summary>
public sealed record VerifyReport(
    IReadOnlyList<KataVerification> Katas,
    IReadOnlyList<(string Name, IReadOnlyList<Check> Checks)> Suites,
    IReadOnlyList<Check> Extra,
    TimeSpan BuildTime,
    TimeSpan TestTime,
    int VariantCount,
    IReadOnlyList<(Kata Kata, VariantRun? Reference)> References)
{
    public IEnumerable<Check> AllChecks =>
        Katas.SelectMany(k => k.All).Concat(Suites.SelectMany(s => s.Checks)).Concat(Extra);

    public int Passed => AllChecks.Count(c => c.Passed && !c.Skipped);
    public int Skipped => AllChecks.Count(c => c.Skipped);
    public int Failed => AllChecks.Count(c => !c.Passed);
}

/// <summary>
/// The maintainers' verification, end to end: one build of every variant of every kata (stub, reference, each wrong
/// answer) plus the harness's and the grader's own tests; one test run over all of them; then the checks.
/// </summary>
public static class VerifyRun
{
    public static async Task<VerifyReport> RunAsync(
        KataRepository repository,
        TextWriter progress,
        CancellationToken cancellationToken = default)
    {
        var katas = repository.Katas();
        var kataVariants = new List<(Kata Kata, Variant Stub, Variant? Reference, List<(string Name, Variant Variant)> Wrong)>();
        foreach (var kata in katas)
        {
            var hasReference = Directory.Exists(repository.SolutionDirectory(kata));
            kataVariants.Add((
                kata,
                new Variant(kata.ProjectPath, null),
                hasReference ? new Variant(kata.ProjectPath, "solutions") : null,
                hasReference ? repository.WrongAnswers(kata).Select(w => (w, new Variant(kata.ProjectPath, $"wrong/{w}"))).ToList() : []));
        }
        var suites = new List<(string Name, Variant Variant)>();
        if (repository.HarnessTestsProject is { } harness) suites.Add(("harness tests", new Variant(harness, null)));
        var graderTests = repository.GraderTestsProject is { } grader ? new Variant(grader, null) : null;

        var variants = kataVariants
            .SelectMany(k => new[] { k.Stub, k.Reference }.Concat(k.Wrong.Select(w => w.Variant)))
            .Where(v => v is not null).Select(v => v!)
            .Concat(suites.Select(s => s.Variant))
            .ToList();
        if (graderTests is not null) variants.Add(graderTests);

        var work = Path.Combine(repository.GraderArtifactsDirectory, "verify");
        progress.WriteLine($"Building {variants.Count} variants ({katas.Count} katas: stub, reference, each wrong answer; harness and grader tests) in one MSBuild run...");
        var stopwatch = Stopwatch.StartNew();
        var build = await TraversalBuild.BuildAsync(repository.Root, work, variants, TimeSpan.FromMinutes(25), cancellationToken: cancellationToken).ConfigureAwait(false);
        var buildTime = stopwatch.Elapsed;
        var failedBuilds = build.Builds.Values.Count(b => !b.Succeeded);
        progress.WriteLine($"  built in {buildTime.TotalSeconds:0.0} s{(failedBuilds > 0 ? $"; {failedBuilds} did not compile" : "")}");

        // The kata tests in one run; the grader's own tests (some start real builds) in a second one, so that their
        // load never competes with the watchdogs of the kata tests.
        var mainBuilds = build.Builds.Values.Where(b => b.Variant != graderTests).ToList();
        var assemblies = mainBuilds.Where(b => b.Succeeded).Select(b => b.AssemblyPath!).ToList();
        progress.WriteLine($"Testing {assemblies.Count} test assemblies in {(TestRunner.LoggerFolder() is null ? TestRunner.Waves(assemblies).Count : 1)} vstest run(s)...");
        stopwatch.Restart();
        var run = await TestRunner.RunAsync(repository.Root, Path.Combine(work, "main"), assemblies, repository.RunSettingsPath,
            TestRunLimits.Default with { Overall = TimeSpan.FromMinutes(25) }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var namesByProject = run.Waves.SelectMany(w => w.Log.Tests)
            .GroupBy(t => ProjectOfAssembly(t.AssemblyPath), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)g.Select(t => t.FullName).ToHashSet(StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);
        var runs = RunAttribution.Split(mainBuilds, run, v => namesByProject.GetValueOrDefault(v.ProjectName) ?? []);

        if (graderTests is not null)
        {
            var graderBuild = build.Builds[graderTests];
            if (graderBuild.Succeeded)
            {
                progress.WriteLine("Testing the grader...");
                var graderRun = await TestRunner.RunAsync(repository.Root, Path.Combine(work, "grader"), [graderBuild.AssemblyPath!], null,
                    TestRunLimits.Default with { Overall = TimeSpan.FromMinutes(15), HangTimeout = TimeSpan.FromMinutes(5) },
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var (variant, variantRun) in RunAttribution.Split([graderBuild], graderRun)) runs[variant] = variantRun;
            }
            else
            {
                runs[graderTests] = VariantRun.NotCompiled(graderBuild.Error!);
            }
            suites.Add(("grader tests", graderTests));
        }
        var testTime = stopwatch.Elapsed;
        progress.WriteLine($"  tested in {testTime.TotalSeconds:0.0} s");

        var verifications = kataVariants.Select(k => Verifier.VerifyKata(new KataVariantRuns(
            k.Kata.Id,
            k.Reference is null ? null : runs[k.Reference],
            runs[k.Stub],
            k.Wrong.Select(w => (w.Name, runs[w.Variant])).ToList()))).ToList();
        var suiteChecks = suites.Select(s => (s.Name, Verifier.VerifySuite(s.Name, runs[s.Variant]))).ToList();
        if (katas.Count == 0) suiteChecks.Add(("katas", [new Check("katas", "discovery", false, "no kata found under exercises/ (folders NN-name holding a csproj)")]));
        var references = kataVariants.Select(k => (k.Kata, k.Reference is null ? null : runs[k.Reference])).ToList();
        return new VerifyReport(verifications, suiteChecks, [], buildTime, testTime, variants.Count, references);
    }

    /// <summary><c>artifacts/bin/Join/debug_solutions/Join.dll</c> → <c>Join</c>.</summary>
    private static string ProjectOfAssembly(string assemblyPath) => Path.GetFileNameWithoutExtension(assemblyPath);
}
