using Katas.Grader.FastPath;
using Katas.Grader.Manifest;
using Katas.Grader.Repository;
using Katas.Grader.Scoring;
using Katas.Grader.WrongAnswers;

namespace Katas.Grader.Verification;

/// <summary>
/// <c>verify --fast-path</c>: proof that the fast path (<c>grader/FastPath</c>) gives the verdict of the full one. Each
/// variant of a kata (stub, reference, each wrong answer, each correct alternative) is written as the learner's files of
/// a scratch copy of the repository, graded by the full path (<see cref="GradeRun"/>: MSBuild and vstest) and then by a
/// <see cref="FastGradeSession"/> kept warm over the variants, as <c>watch</c> keeps one over a learner's saves. Any
/// difference in the kata's state or in any test's status is a shortfall; so is a variant the fast path did not grade.
/// </summary>
public static class FastPathFidelity
{
    public static async Task<IReadOnlyList<Check>> RunAsync(KataRepository repository, GradingManifest manifest, IReadOnlyList<Kata> katas, TextWriter progress, CancellationToken cancellationToken)
    {
        var checks = new List<Check>();
        var scratch = Directory.CreateTempSubdirectory("grader-fast-path-").FullName;
        try
        {
            CopyRepository(repository.Root, scratch);
            var copy = KataRepository.At(scratch);
            foreach (var kata in katas)
            {
                var manifestKata = manifest.Katas.FirstOrDefault(k => k.Id == kata.Id);
                if (manifestKata is null)
                {
                    checks.Add(new Check(kata.Id, "fast path", false, "the manifest does not know this kata"));
                    continue;
                }
                var session = new FastGradeSession(copy, manifest, kata.Id);
                var names = CleanRoom.FileSelection.LearnerFileNames(copy, manifestKata);
                var stub = names.ToDictionary(n => n, n => File.ReadAllText(Path.Combine(repository.ExercisesDirectory, kata.Id, n)));
                // The session's first grade is a full one; it sets the fast path up.
                Write(copy, kata.Id, stub);
                await session.GradeAsync(cancellationToken).ConfigureAwait(false);
                foreach (var (name, files) in Variants(repository, kata, stub))
                {
                    Write(copy, kata.Id, files);
                    var full = await GradeRun.RunAsync(copy, manifest, new GradeOptions(Only: kata.Id), cancellationToken).ConfigureAwait(false);
                    var fast = await session.GradeAsync(cancellationToken).ConfigureAwait(false);
                    var check = Compare(kata.Id, name, full.Katas[0], fast);
                    progress.WriteLine($"  {kata.Id} {name}: {(check.Passed ? "same" : "DIFFERENT")} ({full.Katas[0].State.Words()}, {full.Katas[0].PassedCount}/{full.Katas[0].TotalCount} passed){(check.Passed ? "" : ": " + check.Detail)}");
                    checks.Add(check);
                }
            }
        }
        finally
        {
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return checks;
    }

    /// <summary>The comparison of one variant's two grades (pure).</summary>
    public static Check Compare(string kata, string variant, KataGrade full, SessionGrade fast)
    {
        if (!fast.Fast) return new Check(kata, $"fast path: {variant}", false, $"the fast path did not grade it ({fast.WhyFull})");
        var other = fast.Report.Katas[0];
        var differences = new List<string>();
        if (full.State != other.State) differences.Add($"state: full path {full.State.Words()}, fast path {other.State.Words()}");
        var statuses = other.Tests.ToDictionary(t => t.Name, t => t.Status, StringComparer.Ordinal);
        foreach (var test in full.Tests)
        {
            var status = statuses.TryGetValue(test.Name, out var s) ? s.ToString() : "absent";
            if (status != test.Status.ToString()) differences.Add($"{test.ShortName}: full path {test.Status}, fast path {status}");
        }
        return differences.Count == 0
            ? new Check(kata, $"fast path: {variant}", true, $"same verdict ({full.State.Words()}, {full.Tests.Count} tests)")
            : new Check(kata, $"fast path: {variant}", false, string.Join("; ", differences));
    }

    /// <summary>Each variant as the learner's files: stub, reference, wrong answers, correct alternatives.</summary>
    private static IEnumerable<(string Name, Dictionary<string, string> Files)> Variants(KataRepository repository, Kata kata, Dictionary<string, string> stub)
    {
        yield return ("stub", stub);
        var solution = repository.SolutionDirectory(kata);
        if (!Directory.Exists(solution)) yield break;
        var reference = stub.Keys.Where(n => File.Exists(Path.Combine(solution, n))).ToDictionary(n => n, n => File.ReadAllText(Path.Combine(solution, n)));
        yield return ("reference", reference);
        foreach (var wrong in repository.WrongAnswers(kata))
        {
            var diffPath = Path.Combine(solution, "wrong", wrong + ".diff");
            if (!File.Exists(diffPath)) continue;
            var files = new Dictionary<string, string>(reference);
            foreach (var patch in KataDiff.Parse(File.ReadAllText(diffPath), $"wrong/{wrong}.diff").Files)
            {
                files[patch.Path] = KataDiff.Apply(files[patch.Path], patch, $"wrong/{wrong}.diff");
            }
            yield return ($"wrong/{wrong}", files);
        }
        foreach (var correct in repository.CorrectAlternatives(kata))
        {
            var files = new Dictionary<string, string>(reference)
            {
                [Path.GetFileNameWithoutExtension(kata.ProjectPath) + ".cs"] = File.ReadAllText(Path.Combine(solution, "correct", correct + ".cs")),
            };
            yield return ($"correct/{correct}", files);
        }
    }

    private static void Write(KataRepository repository, string kata, Dictionary<string, string> files)
    {
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(repository.ExercisesDirectory, kata, name);
            if (!File.Exists(path) || File.ReadAllText(path) != text) File.WriteAllText(path, text);
        }
    }

    /// <summary>The repository's sources (no build output, no git): what grading reads.</summary>
    private static void CopyRepository(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.TopDirectoryOnly)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var folder in new[] { "exercises", "grader" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(from, folder), "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(from, file);
                var parts = relative.Split(Path.DirectorySeparatorChar);
                if (parts.Any(p => p is "bin" or "obj" or "artifacts" or "TestResults" or "__mismatch__")) continue;
                if (folder == "grader" && relative != Path.Combine("grader", "manifest.json")) continue;
                var target = Path.Combine(to, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }
}
