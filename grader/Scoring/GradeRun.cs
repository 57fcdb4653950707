using Katas.Grader.Manifest;
using Katas.Grader.Repository;
using Katas.Grader.Running;

namespace Katas.Grader.Scoring;

/// <summary>Which implementation is graded: the learner's stubs (the default) or the reference solutions.</summary>
public enum GradeSource
{
    Exercises,
    Solutions,
}

/// <summary>What to grade, and how.</summary>
/// <param name="Source">Exercises (the learner's code) or solutions (the references: must give full marks).</param>
/// <param name="Only">One kata id, or null for every kata.</param>
/// <param name="AllowModifiedTests">Grade a kata even when its protected files differ from the manifest.</param>
/// <param name="Limits">Hang timeout and overall bound of the test run.</param>
public sealed record GradeOptions(GradeSource Source = GradeSource.Exercises, string? Only = null, bool AllowModifiedTests = false, TestRunLimits? Limits = null);

/// <summary>
/// Grading, end to end: one build of the katas' projects, one <c>dotnet test</c> pass over the built assemblies, the
/// protected files compared with the manifest, and the pure scoring core.
/// </summary>
public static class GradeRun
{
    public static async Task<GradeReport> RunAsync(KataRepository repository, GradingManifest manifest, GradeOptions options, CancellationToken cancellationToken = default)
    {
        var onDisk = repository.Katas().ToDictionary(k => k.Id, StringComparer.Ordinal);
        var selected = manifest.Katas.Where(k => options.Only is null || k.Id == options.Only).ToList();
        var sharedChanges = ProtectedFiles.Changed(repository, manifest.SharedFiles, []);

        var changes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var variants = new Dictionary<string, Variant>(StringComparer.Ordinal);
        foreach (var kata in selected)
        {
            var present = onDisk.TryGetValue(kata.Id, out var found) ? ProtectedFiles.OfKata(found) : [];
            changes[kata.Id] = [
                .. sharedChanges.Concat(ProtectedFiles.Changed(repository, kata.ProtectedFiles, present)).Select(f => $"protected file modified: {f}"),
                .. found is not null && options.Source == GradeSource.Exercises ? TestFrameworkUse.In(repository, found) : []];
            if (found is null) continue;
            if (changes[kata.Id].Count > 0 && !options.AllowModifiedTests) continue; // scores 0 whatever it does: do not run it
            variants[kata.Id] = new Variant(found.ProjectPath, options.Source == GradeSource.Solutions ? "solutions" : null);
        }

        var work = Path.Combine(repository.GraderArtifactsDirectory, options.Source == GradeSource.Solutions ? "grade-solutions" : "grade");
        var runs = new Dictionary<Variant, VariantRun>();
        if (variants.Count > 0)
        {
            var build = await TraversalBuild.BuildAsync(repository.Root, work, variants.Values.ToList(), TimeSpan.FromMinutes(10), cancellationToken: cancellationToken).ConfigureAwait(false);
            var assemblies = build.Builds.Values.Where(b => b.Succeeded).Select(b => b.AssemblyPath!).ToList();
            var run = await TestRunner.RunAsync(repository.Root, work, assemblies, repository.RunSettingsPath,
                options.Limits ?? TestRunLimits.Default, cancellationToken: cancellationToken).ConfigureAwait(false);
            var expected = selected.Where(k => variants.ContainsKey(k.Id)).ToDictionary(k => variants[k.Id], k => (IReadOnlyCollection<string>)k.Tests);
            runs = RunAttribution.Split(build.Builds.Values.ToList(), run, v => expected.GetValueOrDefault(v) ?? []);
        }

        var grades = selected.Select(kata => Scorer.Grade(
            kata,
            variants.TryGetValue(kata.Id, out var variant) ? runs.GetValueOrDefault(variant) : null,
            changes[kata.Id],
            options.AllowModifiedTests)).ToList();
        return new GradeReport(grades, options.Source == GradeSource.Solutions ? "solutions" : "exercises");
    }
}
