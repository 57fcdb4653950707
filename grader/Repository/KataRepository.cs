namespace Katas.Grader.Repository;

/// <summary>
/// A clone of the kata repository: its root, its katas in order, and where the grader keeps its files.
/// </summary>
public sealed class KataRepository
{
    private KataRepository(string root) => Root = root;

    /// <summary>The repository root (the folder holding <c>exercises/</c>).</summary>
    public string Root { get; }

    public string ExercisesDirectory => Path.Combine(Root, "exercises");
    public string SolutionsDirectory => Path.Combine(Root, "solutions");
    public string ArtifactsDirectory => Path.Combine(Root, "artifacts");

    /// <summary>Scratch space of the grader (generated projects, test results), under the git-ignored artifacts/.</summary>
    public string GraderArtifactsDirectory => Path.Combine(ArtifactsDirectory, "grader");

    /// <summary>The learner's local grader state (hints shown), in the git-ignored <c>.grader/</c>.</summary>
    public string StateDirectory => Path.Combine(Root, ".grader");

    public string ManifestPath => Path.Combine(Root, "grader", "manifest.json");
    public string ClassroomWorkflowPath => Path.Combine(Root, ".github", "workflows", "classroom.yml");
    public string RunSettingsPath => Path.Combine(ExercisesDirectory, "katas.runsettings");

    /// <summary>The harness's own tests (maintainers only).</summary>
    public string? HarnessTestsProject => FirstProject(Path.Combine(ExercisesDirectory, "Katas.Testing.Tests"));

    /// <summary>The tests of the course's analyzer, exercises/Katas.Analyzers (maintainers only).</summary>
    public string? AnalyzerTestsProject => FirstProject(Path.Combine(ExercisesDirectory, "Katas.Analyzers.Tests"));

    /// <summary>The grader's own tests (maintainers only).</summary>
    public string? GraderTestsProject => FirstProject(Path.Combine(Root, "grader", "tests"));

    /// <summary>Whether a folder looks like the root of a kata repository.</summary>
    public static bool IsRoot(string directory) =>
        File.Exists(Path.Combine(directory, "exercises", "Directory.Build.targets"));

    /// <summary>Finds the repository that holds <paramref name="start"/> (walking up), or null.</summary>
    public static KataRepository? Find(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (IsRoot(dir.FullName)) return new KataRepository(dir.FullName);
        }
        return null;
    }

    /// <summary>Opens a repository whose root is known.</summary>
    public static KataRepository At(string root) => new(Path.GetFullPath(root));

    /// <summary>Every kata of the repository, in order: folders <c>exercises/NN-name/</c> holding a csproj.</summary>
    public IReadOnlyList<Kata> Katas()
    {
        if (!System.IO.Directory.Exists(ExercisesDirectory)) return [];
        return new DirectoryInfo(ExercisesDirectory).EnumerateDirectories()
            .Where(d => Kata.IsKataFolderName(d.Name))
            .Select(d => (dir: d, project: FirstProject(d.FullName)))
            .Where(x => x.project is not null)
            .Select(x => new Kata(x.dir.Name, x.project!))
            .OrderBy(k => k.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The reference solution folder of a kata, <c>solutions/NN-name/</c>.</summary>
    public string SolutionDirectory(Kata kata) => Path.Combine(SolutionsDirectory, kata.Id);

    /// <summary>
    /// The names of a kata's known-wrong answers, sorted: <c>solutions/NN-name/wrong/*.diff</c>, and any leftover
    /// <c>wrong/*.cs</c> written the old way (a whole file; its build says how to convert it).
    /// </summary>
    public IReadOnlyList<string> WrongAnswers(Kata kata) => VariantNames(Path.Combine(SolutionDirectory(kata), "wrong"), "*.diff", "*.cs");

    /// <summary>The names of a kata's correct alternatives (<c>solutions/NN-name/correct/*.cs</c>), sorted.</summary>
    public IReadOnlyList<string> CorrectAlternatives(Kata kata) => VariantNames(Path.Combine(SolutionDirectory(kata), "correct"), "*.cs");

    private static IReadOnlyList<string> VariantNames(string dir, params string[] patterns) =>
        !System.IO.Directory.Exists(dir) ? [] : patterns
            .SelectMany(p => System.IO.Directory.EnumerateFiles(dir, p))
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();

    /// <summary>A path relative to the root, with forward slashes (stable across systems).</summary>
    public string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static string? FirstProject(string directory) =>
        System.IO.Directory.Exists(directory)
            ? System.IO.Directory.EnumerateFiles(directory, "*.csproj").OrderBy(p => p, StringComparer.Ordinal).FirstOrDefault()
            : null;
}
