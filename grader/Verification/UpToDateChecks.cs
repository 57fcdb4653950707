using Katas.Grader.Manifest;
using Katas.Grader.Repository;
using Katas.Grader.Scoring;

namespace Katas.Grader.Verification;

/// <summary>Verification's checks that the generated, committed files (manifest, classroom.yml) are up to date.</summary>
public static class UpToDateChecks
{
    public static IReadOnlyList<Check> Run(KataRepository repository, IReadOnlyList<(Kata Kata, VariantRun? Reference)> references)
    {
        var checks = new List<Check>();
        GradingManifest? committed = null;
        try
        {
            committed = GradingManifest.Load(repository.ManifestPath);
        }
        catch (ManifestException e)
        {
            checks.Add(new Check("manifest", "grader/manifest.json", false, $"{e.Message}"));
        }

        if (committed is not null)
        {
            if (references.Any(r => r.Reference is null || !r.Reference.Compiled))
            {
                checks.Add(new Check("manifest", "grader/manifest.json", false, "cannot be checked while a reference is missing or does not compile"));
            }
            else
            {
                var expected = ManifestBuilder.Build(repository, references.Select(r => (r.Kata, r.Reference!)), committed.PointsPerKata);
                var actual = File.ReadAllText(repository.ManifestPath).ReplaceLineEndings("\n");
                checks.Add(actual == expected.ToJson()
                    ? new Check("manifest", "grader/manifest.json", true)
                    : new Check("manifest", "grader/manifest.json", false,
                        $"out of date ({Difference(committed, expected)}): regenerate it with `dotnet run --project grader -- manifest` and commit it"));
            }

            var workflow = ClassroomWorkflow.Generate(committed);
            var path = repository.ClassroomWorkflowPath;
            checks.Add(!File.Exists(path)
                ? new Check("classroom.yml", ".github/workflows/classroom.yml", false, "missing: generate it with `dotnet run --project grader -- workflow`")
                : File.ReadAllText(path).ReplaceLineEndings("\n") == workflow
                    ? new Check("classroom.yml", ".github/workflows/classroom.yml", true)
                    : new Check("classroom.yml", ".github/workflows/classroom.yml", false,
                        "out of date: regenerate it with `dotnet run --project grader -- workflow` and commit it"));
        }
        return checks;
    }

    /// <summary>A short account of how two manifests differ, for the maintainer.</summary>
    public static string Difference(GradingManifest committed, GradingManifest expected)
    {
        var notes = new List<string>();
        var committedIds = committed.Katas.Select(k => k.Id).ToList();
        var expectedIds = expected.Katas.Select(k => k.Id).ToList();
        foreach (var id in expectedIds.Except(committedIds)) notes.Add($"new kata {id}");
        foreach (var id in committedIds.Except(expectedIds)) notes.Add($"kata {id} is gone");
        foreach (var kata in expected.Katas)
        {
            var old = committed.Find(kata.Id);
            if (old is null) continue;
            var added = kata.Tests.Except(old.Tests).Count();
            var removed = old.Tests.Except(kata.Tests).Count();
            if (added + removed > 0) notes.Add($"{kata.Id}: {added} test(s) added, {removed} removed");
            else if (!kata.Tests.SequenceEqual(old.Tests)) notes.Add($"{kata.Id}: the tests' order changed");
            foreach (var (name, now, then) in new[] { ("learner files", kata.LearnerFiles, old.LearnerFiles), ("other files", kata.OtherFiles, old.OtherFiles) })
            {
                var gained = (now ?? []).Except(then ?? []).ToList();
                var lost = (then ?? []).Except(now ?? []).ToList();
                if (gained.Count + lost.Count > 0)
                    notes.Add($"{kata.Id}: {name} {string.Join(", ", gained.Select(f => "+" + f).Concat(lost.Select(f => "-" + f)))}");
            }
            var files = kata.ProtectedFiles.Where(f => old.ProtectedFiles.GetValueOrDefault(f.Key) != f.Value).Select(f => f.Key)
                .Concat(old.ProtectedFiles.Keys.Except(kata.ProtectedFiles.Keys)).ToList();
            if (files.Count > 0) notes.Add($"{kata.Id}: changed {string.Join(", ", files)}");
            if (Math.Abs(old.Points - kata.Points) > 1e-9) notes.Add($"{kata.Id}: points {old.Points} -> {kata.Points}");
        }
        var shared = expected.SharedFiles.Where(f => committed.SharedFiles.GetValueOrDefault(f.Key) != f.Value).Select(f => f.Key)
            .Concat(committed.SharedFiles.Keys.Except(expected.SharedFiles.Keys)).ToList();
        if (shared.Count > 0) notes.Add($"shared files changed: {string.Join(", ", shared)}");
        return notes.Count == 0 ? "formatting differs" : string.Join("; ", notes);
    }
}
