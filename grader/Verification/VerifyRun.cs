using System.Diagnostics;
using Katas.Grader.Repository;
using Katas.Grader.Running;
using Katas.Grader.Scoring;
using Katas.Grader.WrongAnswers;

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
    /// <summary><c>--repeat N</c>: per variant, whether every test had the same outcome in every run (empty for one run).</summary>
    public IReadOnlyList<Check> Repeats { get; init; } = [];

    /// <summary>Each kata's stub run (the first run): what a learner's fresh clone reports.</summary>
    public IReadOnlyList<(Kata Kata, VariantRun Stub)> Stubs { get; init; } = [];

    /// <summary>How many times the variants were tested.</summary>
    public int Runs { get; init; } = 1;

    /// <summary>Per variant, whether watch's fast path gave it the verdict of this run's full build and vstest run.</summary>
    public IReadOnlyList<Check> FastPath { get; init; } = [];

    /// <summary>How long the fast path's check took.</summary>
    public TimeSpan FastPathTime { get; init; }

    /// <summary>What this run did not check, and why (e.g. the whole-course checks when only some katas were named).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public IEnumerable<Check> AllChecks =>
        Katas.SelectMany(k => k.All).Concat(Suites.SelectMany(s => s.Checks)).Concat(Extra).Concat(Repeats).Concat(FastPath);

    public int Passed => AllChecks.Count(c => c.Passed && !c.Skipped);
    public int Skipped => AllChecks.Count(c => c.Skipped);
    public int Failed => AllChecks.Count(c => !c.Passed);
}

/// <summary>What to verify.</summary>
/// <param name="Katas">The katas to verify, or null for the whole course (then also the harness's and the grader's tests).</param>
/// <param name="Repeat">How many times to test every variant (built once).</param>
/// <param name="FastPath">Also grade every variant through watch's fast path and compare (off with <c>--no-fast-path</c>).</param>
public sealed record VerifyOptions(IReadOnlyList<Kata>? Katas = null, int Repeat = 1, bool FastPath = true)
{
    public bool WholeCourse => Katas is null;
}

/// <summary>
/// The maintainers' verification, end to end: one build of every variant of every kata (stub, reference, each wrong
/// answer, each correct alternative) plus the harness's and the grader's own tests; one test run over all of them (or
/// <c>--repeat</c> runs); then the checks.
/// </summary>
public static class VerifyRun
{
    public static async Task<VerifyReport> RunAsync(
        KataRepository repository,
        TextWriter progress,
        VerifyOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new VerifyOptions();
        var katas = options.Katas ?? repository.Katas();
        var kataVariants = new List<(Kata Kata, Variant Stub, Variant? Reference, List<(string Name, Variant Variant)> Wrong, List<(string Name, Variant Variant)> Correct)>();
        foreach (var kata in katas)
        {
            var hasReference = Directory.Exists(repository.SolutionDirectory(kata));
            kataVariants.Add((
                kata,
                new Variant(kata.ProjectPath, null),
                hasReference ? new Variant(kata.ProjectPath, "solutions") : null,
                hasReference ? VariantSources.WrongAnswers(repository, kata).Select(w => (w, new Variant(kata.ProjectPath, $"wrong/{w}"))).ToList() : [],
                hasReference ? VariantSources.CorrectAlternatives(repository, kata).Select(c => (c, new Variant(kata.ProjectPath, $"correct/{c}"))).ToList() : []));
        }
        var suites = new List<(string Name, Variant Variant)>();
        if (options.WholeCourse && repository.HarnessTestsProject is { } harness) suites.Add(("harness tests", new Variant(harness, null)));
        if (options.WholeCourse && repository.AnalyzerTestsProject is { } analyzer) suites.Add(("analyzer tests", new Variant(analyzer, null)));
        var graderTests = options.WholeCourse && repository.GraderTestsProject is { } grader ? new Variant(grader, null) : null;

        var variants = kataVariants
            .SelectMany(k => new[] { k.Stub, k.Reference }.Concat(k.Wrong.Select(w => w.Variant)).Concat(k.Correct.Select(c => c.Variant)))
            .Where(v => v is not null).Select(v => v!)
            .Concat(suites.Select(s => s.Variant))
            .ToList();
        if (graderTests is not null) variants.Add(graderTests);

        var work = Path.Combine(repository.GraderArtifactsDirectory, "verify");
        progress.WriteLine($"Building {variants.Count} variants ({katas.Count} katas: stub, reference, each wrong answer and correct alternative{(options.WholeCourse ? "; harness, analyzer and grader tests" : "")}) in one MSBuild run...");
        var stopwatch = Stopwatch.StartNew();
        var build = await TraversalBuild.BuildAsync(repository.Root, work, variants, TimeSpan.FromMinutes(25), cancellationToken: cancellationToken).ConfigureAwait(false);
        var buildTime = stopwatch.Elapsed;
        var failedBuilds = build.Builds.Values.Count(b => !b.Succeeded);
        progress.WriteLine($"  built in {buildTime.TotalSeconds:0.0} s{(failedBuilds > 0 ? $"; {failedBuilds} did not compile" : "")}");

        // The kata tests in one run (or --repeat runs of the same builds); the grader's own tests (some start real builds)
        // in a second one, so that their load never competes with the watchdogs of the kata tests.
        var mainBuilds = build.Builds.Values.Where(b => b.Variant != graderTests)
            .Select(b => b.Succeeded ? b : b with { Error = VariantSources.WhyNotBuilt(repository, b) }).ToList();
        var assemblies = mainBuilds.Where(b => b.Succeeded).Select(b => b.AssemblyPath!).ToList();
        var allRuns = new List<Dictionary<Variant, VariantRun>>();
        stopwatch.Restart();
        for (var iteration = 1; iteration <= options.Repeat; iteration++)
        {
            var which = options.Repeat > 1 ? $" (run {iteration} of {options.Repeat})" : "";
            progress.WriteLine($"Testing {assemblies.Count} test assemblies in {(TestRunner.LoggerFolder() is null ? TestRunner.Waves(assemblies).Count : 1)} vstest run(s){which}...");
            var run = await TestRunner.RunAsync(repository.Root, Path.Combine(work, iteration == 1 ? "main" : $"main-{iteration}"), assemblies, repository.RunSettingsPath,
                TestRunLimits.Default with { Overall = TimeSpan.FromMinutes(40) }, cancellationToken: cancellationToken).ConfigureAwait(false);
            var namesByProject = run.Waves.SelectMany(w => w.Log.Tests)
                .GroupBy(t => ProjectOfAssembly(t.AssemblyPath), StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)g.Select(t => t.FullName).ToHashSet(StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);
            allRuns.Add(RunAttribution.Split(mainBuilds, run, v => namesByProject.GetValueOrDefault(v.ProjectName) ?? []));
        }
        var runs = allRuns[0];

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
            k.Wrong.Select(w => (w.Name, runs[w.Variant])).ToList(),
            k.Correct.Select(c => (c.Name, runs[c.Variant])).ToList()))).ToList();
        var repeats = kataVariants.SelectMany(k =>
            new[] { ("reference", k.Reference), ("stub", (Variant?)k.Stub) }
                .Concat(k.Wrong.Select(w => ($"wrong/{w.Name}", (Variant?)w.Variant)))
                .Concat(k.Correct.Select(c => ($"correct/{c.Name}", (Variant?)c.Variant)))
                .Where(v => v.Item2 is not null)
                .SelectMany(v => Repeatability.Compare(k.Kata.Id, v.Item1, allRuns.Select(r => r[v.Item2!]).ToList())))
            .ToList();
        // Watch's fast path must give each variant the verdict this run gave it (compared with the first run).
        var fastPath = new List<Check>();
        stopwatch.Restart();
        if (options.FastPath && File.Exists(repository.ManifestPath))
        {
            progress.WriteLine("Grading every variant again through watch's fast path...");
            var manifest = Commands.GradeCommand.LoadManifest(repository);
            var kataRuns = kataVariants.Select(k => new FastPathFidelity.KataRuns(k.Kata,
                new[] { ("stub", (Variant?)k.Stub), ("reference", k.Reference) }
                    .Concat(k.Wrong.Select(w => ($"wrong/{w.Name}", (Variant?)w.Variant)))
                    .Concat(k.Correct.Select(c => ($"correct/{c.Name}", (Variant?)c.Variant)))
                    .Where(v => v.Item2 is not null)
                    .ToDictionary(v => v.Item1, v => runs[v.Item2!], StringComparer.Ordinal))).ToList();
            fastPath.AddRange(await FastPathFidelity.RunAsync(repository, manifest, kataRuns, progress, cancellationToken).ConfigureAwait(false));
        }
        var fastPathTime = stopwatch.Elapsed;

        var suiteChecks = suites.Select(s => (s.Name, Verifier.VerifySuite(s.Name, runs[s.Variant]))).ToList();
        if (katas.Count == 0 && options.WholeCourse) suiteChecks.Add(("katas", [new Check("katas", "discovery", false, "no kata found under exercises/ (folders NN-name holding a csproj)")]));
        var references = kataVariants.Select(k => (k.Kata, k.Reference is null ? null : runs[k.Reference])).ToList();
        var notes = options.WholeCourse ? new List<string>() : [
            $"Only {string.Join(", ", katas.Select(k => k.Id))}: the whole-course checks were not run (the harness's, the analyzer's and the grader's own tests, " +
            "grader/manifest.json and classroom.yml). Run verify without kata names for those."];
        return new VerifyReport(verifications, suiteChecks, [], buildTime, testTime, variants.Count, references)
        {
            Repeats = repeats,
            FastPath = fastPath,
            FastPathTime = fastPathTime,
            Stubs = kataVariants.Select(k => (k.Kata, runs[k.Stub])).ToList(),
            Runs = options.Repeat,
            Notes = notes,
        };
    }

    /// <summary><c>artifacts/bin/Join/debug_solutions/Join.dll</c> → <c>Join</c>.</summary>
    private static string ProjectOfAssembly(string assemblyPath) => Path.GetFileNameWithoutExtension(assemblyPath);
}
