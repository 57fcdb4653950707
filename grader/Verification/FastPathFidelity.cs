using Katas.Grader.FastPath;
using Katas.Grader.Manifest;
using Katas.Grader.Repository;
using Katas.Grader.Scoring;
using Katas.Grader.WrongAnswers;

namespace Katas.Grader.Verification;

/// <summary>
/// Part of <c>verify</c>: proof that <c>watch</c>'s fast path (<c>grader/FastPath</c>) gives every variant of a kata
/// (stub, reference, each wrong answer, each correct alternative) the verdict that verify's own full build and vstest
/// run gave it. Each variant is written as the learner's files of a scratch copy of the repository and graded by a
/// <see cref="FastGradeSession"/> kept warm over the variants, as <c>watch</c> keeps one over a learner's saves; its
/// state and every test's status are compared with <see cref="Scorer.Grade"/> of verify's run of the same variant. Any
/// difference is a shortfall; so is a variant the fast path did not grade.
/// </summary>
public static class FastPathFidelity
{
    /// <summary>One kata's variants as verify ran them: "stub", "reference", "wrong/Name", "correct/Name".</summary>
    public sealed record KataRuns(Kata Kata, IReadOnlyDictionary<string, VariantRun> Runs);

    public static async Task<IReadOnlyList<Check>> RunAsync(KataRepository repository, GradingManifest manifest, IReadOnlyList<KataRuns> katas, TextWriter progress, CancellationToken cancellationToken)
    {
        var checks = new List<Check>();
        var scratch = Directory.CreateTempSubdirectory("grader-fast-path-").FullName;
        try
        {
            CopyRepository(repository.Root, scratch);
            var copy = KataRepository.At(scratch);
            foreach (var (kata, runs) in katas)
            {
                var manifestKata = manifest.Katas.FirstOrDefault(k => k.Id == kata.Id);
                if (manifestKata is null)
                {
                    checks.Add(new Check(kata.Id, "fast path", false, "the manifest does not know this kata: run `dotnet run --project grader -- manifest`"));
                    continue;
                }
                var session = new FastGradeSession(copy, manifest, kata.Id);
                var names = CleanRoom.FileSelection.LearnerFileNames(copy, manifestKata);
                var stub = names.ToDictionary(n => n, n => File.ReadAllText(Path.Combine(repository.ExercisesDirectory, kata.Id, n)));
                // The session's first grade is a full one; it sets the fast path up, as watch's first grade does.
                Write(copy, kata.Id, stub);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                await session.GradeAsync(cancellationToken).ConfigureAwait(false);
                if (session.Unavailable is { } why)
                {
                    checks.Add(new Check(kata.Id, "fast path", false, $"the fast path could not be set up: {why}"));
                    continue;
                }
                var setUp = clock.Elapsed;
                clock.Restart();
                var kataChecks = new List<Check>();
                foreach (var (name, files) in Variants(repository, kata, stub))
                {
                    if (!runs.TryGetValue(name, out var run)) continue;
                    Write(copy, kata.Id, files);
                    var full = Scorer.Grade(manifestKata, run, []);
                    var fast = await session.GradeAsync(cancellationToken).ConfigureAwait(false);
                    kataChecks.Add(Compare(kata.Id, name, full, fast));
                }
                var different = kataChecks.Count(c => !c.Passed);
                progress.WriteLine($"  {kata.Id}: {kataChecks.Count - different}/{kataChecks.Count} variants graded alike by the fast path{(different > 0 ? $", {different} DIFFERENT" : "")} " +
                    $"(set up in {setUp.TotalSeconds:0.0} s, then {clock.Elapsed.TotalSeconds / Math.Max(1, kataChecks.Count):0.0} s a variant)");
                checks.AddRange(kataChecks);
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
