using Katas.Grader.Manifest;
using Katas.Grader.Repository;

namespace Katas.Grader.CleanRoom;

/// <summary>One file the clean room takes from the graded repository.</summary>
/// <param name="Source">Its full path in the repository.</param>
/// <param name="Target">Its path in the clean room, relative to the clean room's root.</param>
/// <param name="Fingerprint">The manifest's SHA-256 of it, for a protected file (null for a learner file).</param>
public sealed record CopiedFile(string Source, string Target, string? Fingerprint);

/// <summary>
/// Which files of a graded repository the clean room takes, and which it leaves out. It takes only the files the
/// manifest protects (the kata's tests and snapshots, the harness, the package versions, the SDK pin, the run settings;
/// each checked against its fingerprint) and the kata's learner files the manifest lists by name. Everything else of
/// the kata's folder, and any file above it that would steer a build (Directory.Build.*, *.rsp, NuGet.config...), is
/// never built: it is named, so that a learner knows the extra file did nothing.
/// </summary>
public static class FileSelection
{
    /// <summary>Build output folders of a kata folder: neither used nor named.</summary>
    private static readonly string[] OutputFolders = ["bin", "obj"];

    /// <summary>
    /// Folders that tools write while tests run, anywhere below a kata: Snapshooter's copies of a snapshot that did not
    /// match. They come and go with every failing run, so they are neither the template's files nor the learner's.
    /// </summary>
    private static readonly string[] TransientFolders = ["__mismatch__"];

    /// <summary>File names above a kata that MSBuild, the SDK or NuGet would read (compared ignoring case).</summary>
    private static readonly string[] BuildSteering =
    [
        "Directory.Build.props", "Directory.Build.targets", "Directory.Build.rsp", "Directory.Packages.props",
        "Directory.Solution.props", "Directory.Solution.targets", "NuGet.config", "global.json", "MSBuild.rsp",
    ];

    /// <summary>The shared files of the clean room: the harness, the package versions, the SDK pin and the run settings.</summary>
    public static IReadOnlyList<CopiedFile> Shared(KataRepository repository, GradingManifest manifest)
    {
        var files = new List<CopiedFile>();
        foreach (var (relative, hash) in manifest.SharedFiles)
        {
            var target = relative switch
            {
                "Directory.Packages.props" or "global.json" => relative,
                "exercises/katas.runsettings" => "katas.runsettings",
                _ when relative.StartsWith("exercises/Katas.Testing/", StringComparison.Ordinal) && !relative[24..].Contains('/') => "Katas.Testing/" + relative[24..],
                _ => null, // the repository's build settings: the clean room generates its own
            };
            if (target is not null) files.Add(new CopiedFile(Path.Combine(repository.Root, relative), target, hash));
        }
        return files;
    }

    /// <summary>A kata's files in the clean room: its protected tests and snapshots under <c>tests/</c>, its learner files under <c>learner/</c>.</summary>
    /// <param name="fromSolutions">Take the learner files from <c>solutions/&lt;kata&gt;/</c> (the references) instead of the kata's folder.</param>
    public static IReadOnlyList<CopiedFile> OfKata(KataRepository repository, ManifestKata kata, bool fromSolutions)
    {
        var folder = $"exercises/{kata.Id}/";
        var files = new List<CopiedFile>();
        foreach (var (relative, hash) in kata.ProtectedFiles)
        {
            if (!relative.StartsWith(folder, StringComparison.Ordinal)) continue;
            var inKata = relative[folder.Length..];
            var test = inKata.EndsWith("Tests.cs", StringComparison.Ordinal) && !inKata.Contains('/');
            var snapshot = inKata.StartsWith("__snapshots__/", StringComparison.Ordinal) && inKata.Count(c => c == '/') == 1;
            if (test || snapshot) files.Add(new CopiedFile(Path.Combine(repository.Root, relative), $"{kata.Id}/tests/{inKata}", hash));
        }
        var learnerFolder = fromSolutions ? Path.Combine(repository.SolutionsDirectory, kata.Id) : Path.Combine(repository.ExercisesDirectory, kata.Id);
        foreach (var name in LearnerFileNames(repository, kata))
        {
            var source = Path.Combine(learnerFolder, name);
            if (File.Exists(source)) files.Add(new CopiedFile(source, $"{kata.Id}/learner/{name}", null));
        }
        return files;
    }

    /// <summary>The names of a kata's learner files: the manifest's list, or (an older manifest) the kata folder's own.</summary>
    public static IReadOnlyList<string> LearnerFileNames(KataRepository repository, ManifestKata kata) =>
        kata.LearnerFiles ?? LearnerFiles.Of(Path.Combine(repository.ExercisesDirectory, kata.Id));

    /// <summary>
    /// The files of a kata's folder that grading does not use, relative to the root, sorted: anything that is neither
    /// protected, nor a learner file, nor one of the template's other files (README, a benchmark), nor build output.
    /// </summary>
    public static IReadOnlyList<string> IgnoredInKata(KataRepository repository, ManifestKata kata)
    {
        var directory = Path.Combine(repository.ExercisesDirectory, kata.Id);
        if (!Directory.Exists(directory)) return [];
        var used = new HashSet<string>(kata.ProtectedFiles.Keys, StringComparer.Ordinal);
        foreach (var name in LearnerFileNames(repository, kata)) used.Add($"exercises/{kata.Id}/{name}");
        var template = new HashSet<string>(kata.OtherFiles ?? [], StringComparer.Ordinal);
        return FilesUnder(directory)
            .Select(repository.Relative)
            .Where(r => !used.Contains(r) && !template.Contains(r) && (kata.OtherFiles is not null || !r.EndsWith(".md", StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Files at the root or in <c>exercises/</c> that would steer a build, other than the protected ones: never used.</summary>
    public static IReadOnlyList<string> IgnoredAbove(KataRepository repository, GradingManifest manifest)
    {
        var ignored = new List<string>();
        foreach (var folder in new[] { repository.Root, repository.ExercisesDirectory })
        {
            if (!Directory.Exists(folder)) continue;
            foreach (var file in Directory.EnumerateFiles(folder))
            {
                var name = Path.GetFileName(file);
                var steering = BuildSteering.Any(s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase))
                    || name.EndsWith(".rsp", StringComparison.OrdinalIgnoreCase);
                var relative = repository.Relative(file);
                if (steering && !manifest.SharedFiles.ContainsKey(relative)) ignored.Add(relative);
            }
        }
        return ignored.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The template's other files in a kata's folder (for the manifest): neither protected nor learner files, nor build output.</summary>
    public static IEnumerable<string> TemplateFiles(KataRepository repository, Kata kata)
    {
        var protectedFiles = ProtectedFiles.OfKata(kata).ToHashSet(StringComparer.Ordinal);
        var learner = LearnerFiles.Of(kata.Directory).Select(n => Path.GetFullPath(Path.Combine(kata.Directory, n))).ToHashSet(StringComparer.Ordinal);
        return FilesUnder(kata.Directory).Where(f => !protectedFiles.Contains(f) && !learner.Contains(f)).Select(repository.Relative).Order(StringComparer.Ordinal);
    }

    private static IEnumerable<string> FilesUnder(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory)) yield return Path.GetFullPath(file);
        foreach (var sub in Directory.EnumerateDirectories(directory))
        {
            if (OutputFolders.Contains(Path.GetFileName(sub), StringComparer.OrdinalIgnoreCase)) continue;
            foreach (var file in Directory.EnumerateFiles(sub, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            {
                var segments = Path.GetRelativePath(directory, file).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
                if (segments.Any(s => TransientFolders.Contains(s, StringComparer.OrdinalIgnoreCase))) continue;
                yield return Path.GetFullPath(file);
            }
        }
    }
}
