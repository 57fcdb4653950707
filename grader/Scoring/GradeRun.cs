using Katas.Grader.Audit;
using Katas.Grader.CleanRoom;
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
        var fromSolutions = options.Source == GradeSource.Solutions;

        var changes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var toBuild = new List<ManifestKata>();
        foreach (var kata in selected)
        {
            var present = onDisk.TryGetValue(kata.Id, out var found) ? ProtectedFiles.OfKata(found) : [];
            changes[kata.Id] = [.. sharedChanges.Concat(ProtectedFiles.Changed(repository, kata.ProtectedFiles, present)).Select(f => $"protected file modified: {f}")];
            if (found is null) continue;
            if (changes[kata.Id].Count > 0 && !options.AllowModifiedTests) continue; // scores 0 whatever it does: do not run it
            toBuild.Add(kata);
        }

        // Built in a clean room (grader/CleanRoom): the protected files and the learner files the manifest names, under
        // project files the grader writes; the learner's code in an assembly of its own, audited before its tests run.
        var variants = new Dictionary<string, Variant>(StringComparer.Ordinal);
        var forbidden = new Dictionary<string, IReadOnlyList<ApiViolation>>(StringComparer.Ordinal);
        var runs = new Dictionary<Variant, VariantRun>();
        if (toBuild.Count > 0)
        {
            var room = CleanRoomFolder.Prepare(repository, manifest, toBuild, fromSolutions, verify: !options.AllowModifiedTests);
            foreach (var mismatch in room.Mismatches)
            {
                foreach (var kata in toBuild) changes[kata.Id] = [.. changes[kata.Id], $"protected file modified: {mismatch}"];
            }
            foreach (var kata in toBuild.Where(k => room.Mismatches.Count == 0 || options.AllowModifiedTests))
            {
                variants[kata.Id] = new Variant(room.Katas[kata.Id].TestProjectPath, null);
            }
            if (variants.Count > 0)
            {
                var build = await TraversalBuild.BuildAsync(room.Root, room.WorkDirectory, variants.Values.ToList(), TimeSpan.FromMinutes(10),
                    cancellationToken: cancellationToken,
                    settings: new BuildSettings(room.Root, BuildEnvironment.Scrubbed(), room.DisplayPath,
                        v => room.Katas.Values.Where(k => k.TestProjectPath == v.ProjectPath).Select(k => k.LearnerProjectPath).ToList())).ConfigureAwait(false);
                foreach (var (id, variant) in variants)
                {
                    if (build.Builds[variant].AssemblyPath is not { } assembly) continue;
                    var violations = LearnerAssemblyAudit.AuditFile(room.Katas[id].LearnerAssemblyBeside(assembly), room.DisplayPath, room.Katas[id].Project);
                    if (violations.Count > 0) forbidden[id] = violations;
                }
                var builds = build.Builds.Values.Where(b => !forbidden.Keys.Any(id => variants[id] == b.Variant)).ToList();
                var assemblies = builds.Where(b => b.Succeeded).Select(b => b.AssemblyPath!).ToList();
                var run = await TestRunner.RunAsync(repository.Root, room.WorkDirectory, assemblies, room.RunSettingsPath,
                    options.Limits ?? TestRunLimits.Default, cancellationToken: cancellationToken).ConfigureAwait(false);
                var expected = selected.Where(k => variants.ContainsKey(k.Id)).ToDictionary(k => variants[k.Id], k => (IReadOnlyCollection<string>)k.Tests);
                runs = RunAttribution.Split(builds, run, v => expected.GetValueOrDefault(v) ?? []);
            }
        }

        var ignoredAbove = FileSelection.IgnoredAbove(repository, manifest);
        var grades = selected.Select(kata =>
        {
            var grade = forbidden.TryGetValue(kata.Id, out var violations) && (changes[kata.Id].Count == 0 || options.AllowModifiedTests)
                ? ForbiddenApiGrade.Of(kata, violations)
                : Scorer.Grade(
                    kata,
                    variants.TryGetValue(kata.Id, out var variant) ? runs.GetValueOrDefault(variant) : null,
                    changes[kata.Id],
                    options.AllowModifiedTests);
            return grade with { Ignored = [.. ignoredAbove, .. FileSelection.IgnoredInKata(repository, kata)] };
        }).ToList();
        return new GradeReport(grades, fromSolutions ? "solutions" : "exercises");
    }
}
