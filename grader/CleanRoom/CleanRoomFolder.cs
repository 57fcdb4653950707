using System.Security.Cryptography;
using System.Text;
using Katas.Grader.Manifest;
using Katas.Grader.Repository;

namespace Katas.Grader.CleanRoom;

/// <summary>One kata in the clean room.</summary>
/// <param name="Id">The kata, e.g. <c>02-join</c>.</param>
/// <param name="Project">Its project name, e.g. <c>Join</c> (the test assembly's name).</param>
/// <param name="TestProjectPath">The generated test project.</param>
public sealed record CleanKata(string Id, string Project, string TestProjectPath)
{
    /// <summary>The generated learner project (built first: its errors are the kata's).</summary>
    public string LearnerProjectPath =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(TestProjectPath)!)!, "learner", GeneratedProjects.LearnerAssemblyName(Project) + ".csproj");

    /// <summary>The learner's assembly beside a built test assembly (the copy the tests load).</summary>
    public string LearnerAssemblyBeside(string testAssembly) =>
        Path.Combine(Path.GetDirectoryName(testAssembly)!, GeneratedProjects.LearnerAssemblyName(Project) + ".dll");
}

/// <summary>
/// The folder grading builds in, outside the graded repository (under the temp folder, one per repository and source):
/// only the files <see cref="FileSelection"/> takes, checked against the manifest, and project files the grader writes.
/// Nothing the repository holds besides those files can reach the build: no Directory.Build.*, response file,
/// NuGet.config, global.json, .editorconfig, .user file or extra source of the learner's. Files are rewritten only
/// when their content changes (and stale ones deleted), so that builds stay incremental from one grade to the next.
/// A committed folder of the repository cannot pre-seed it: it is not inside the repository.
/// </summary>
public sealed class CleanRoomFolder
{
    private readonly Dictionary<string, string> _display = new(StringComparer.Ordinal);
    private readonly string _repositoryRoot;

    private CleanRoomFolder(string root, string repositoryRoot)
    {
        Root = root;
        _repositoryRoot = repositoryRoot;
    }

    /// <summary>The clean room's root.</summary>
    public string Root { get; }

    /// <summary>Scratch space of the build and the test run (markers, results), inside the clean room.</summary>
    public string WorkDirectory => Path.Combine(Root, "work");

    /// <summary>The run settings (the protected copy).</summary>
    public string RunSettingsPath => Path.Combine(Root, "katas.runsettings");

    /// <summary>The katas prepared, by id.</summary>
    public Dictionary<string, CleanKata> Katas { get; } = new(StringComparer.Ordinal);

    /// <summary>Protected files whose content differed from the manifest while being copied ("path (changed)").</summary>
    public List<string> Mismatches { get; } = [];

    /// <summary>Where the clean room of a repository lives: the temp folder, per repository and flavour (exercises, solutions).</summary>
    public static string LocationFor(KataRepository repository, string flavour) => Path.Combine(FolderOf(repository), flavour);

    /// <summary>The folder of all of a repository's clean rooms (both flavours).</summary>
    public static string FolderOf(KataRepository repository)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(repository.Root)))[..16];
        return Path.Combine(Path.GetTempPath(), "katas-grader", key);
    }

    /// <summary>Removes everything grading a repository built (both flavours).</summary>
    public static void DeleteAll(KataRepository repository)
    {
        try
        {
            var folder = FolderOf(repository);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still held (an antivirus scan on Windows): the temp folder is the system's to clean.
        }
    }

    /// <summary>Writes the clean room for some katas of a repository.</summary>
    /// <param name="verify">Check every protected file against the manifest while copying it (off only with --allow-modified-tests).</param>
    public static CleanRoomFolder Prepare(KataRepository repository, GradingManifest manifest, IEnumerable<ManifestKata> katas, bool fromSolutions, bool verify = true, string? root = null)
    {
        var room = new CleanRoomFolder(root ?? LocationFor(repository, fromSolutions ? "solutions" : "exercises"), repository.Root);
        Directory.CreateDirectory(room.Root);
        room.Generate("Directory.Build.props", GeneratedProjects.DirectoryBuildProps());
        room.Generate("Directory.Build.targets", GeneratedProjects.DirectoryBuildTargets);
        room.Generate("NuGet.config", GeneratedProjects.NuGetConfig);
        room.CopyAll(FileSelection.Shared(repository, manifest), ["Katas.Testing"], verify);

        foreach (var kata in katas)
        {
            var files = FileSelection.OfKata(repository, kata, fromSolutions);
            room.CopyAll(files, [$"{kata.Id}/tests", $"{kata.Id}/learner"], verify);
            var isProgram = files.Any(f => f.Target == $"{kata.Id}/learner/Program.cs");
            room.Generate($"{kata.Id}/learner/{GeneratedProjects.LearnerAssemblyName(kata.Project)}.csproj", GeneratedProjects.LearnerProject(kata.Project, isProgram));
            room.Generate($"{kata.Id}/Learner.AssemblyInfo.cs", GeneratedProjects.LearnerAssemblyInfo(kata.Project));
            foreach (var worker in GeneratedProjects.WorkerFiles) room.Generate($"{kata.Id}/{worker}", GeneratedProjects.WorkerSource(worker));
            var testProject = room.Generate($"{kata.Id}/tests/{kata.Project}.csproj", GeneratedProjects.TestProject(kata.Project));
            room._display[testProject] = $"exercises/{kata.Id}/{kata.Project}.csproj";
            room._display[Path.GetFullPath(Path.Combine(room.Root, $"{kata.Id}/learner/{GeneratedProjects.LearnerAssemblyName(kata.Project)}.csproj"))] = $"exercises/{kata.Id}/{kata.Project}.csproj";
            room.Katas[kata.Id] = new CleanKata(kata.Id, kata.Project, testProject);
        }
        return room;
    }

    /// <summary>
    /// The path a learner knows for a path of the clean room (an error's file, a debug document):
    /// <c>exercises/02-join/Join.cs</c>. Other paths are returned relative to the repository when inside it, else as they are.
    /// </summary>
    public string DisplayPath(string path)
    {
        string full;
        try { full = Path.GetFullPath(path); } catch (ArgumentException) { return path; }
        if (_display.TryGetValue(full, out var shown)) return shown;
        var relative = Path.GetRelativePath(_repositoryRoot, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative.Replace('\\', '/');
    }

    private void CopyAll(IReadOnlyList<CopiedFile> files, IReadOnlyList<string> ownedFolders, bool verify)
    {
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var target = Path.GetFullPath(Path.Combine(Root, file.Target));
            expected.Add(target);
            byte[] bytes;
            try { bytes = File.ReadAllBytes(file.Source); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            if (verify && file.Fingerprint is not null && !string.Equals(ProtectedFiles.Sha256(bytes), file.Fingerprint, StringComparison.OrdinalIgnoreCase))
            {
                Mismatches.Add($"{Path.GetRelativePath(_repositoryRoot, file.Source).Replace('\\', '/')} (changed)");
                continue;
            }
            WriteIfChanged(target, bytes);
            _display[target] = Path.GetRelativePath(_repositoryRoot, file.Source).Replace('\\', '/');
        }
        // A file left from an earlier grade (a learner file since removed, an old snapshot) must not be built.
        foreach (var folder in ownedFolders.Select(f => Path.Combine(Root, f)).Where(Directory.Exists))
        {
            foreach (var stale in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => !expected.Contains(Path.GetFullPath(f)) && !IsGenerated(f)))
            {
                File.Delete(stale);
            }
        }
    }

    private static bool IsGenerated(string path)
    {
        var name = Path.GetFileName(path);
        return name.EndsWith(".csproj", StringComparison.Ordinal)
            || path.Replace('\\', '/').Contains("/obj/", StringComparison.Ordinal) || path.Replace('\\', '/').Contains("/bin/", StringComparison.Ordinal);
    }

    private string Generate(string relative, string text)
    {
        var target = Path.GetFullPath(Path.Combine(Root, relative));
        WriteIfChanged(target, Encoding.UTF8.GetBytes(text));
        return target;
    }

    private static void WriteIfChanged(string path, byte[] bytes)
    {
        if (File.Exists(path) && new FileInfo(path).Length == bytes.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }
}
