using Katas.Grader.CleanRoom;
using Katas.Grader.Manifest;
using Katas.Grader.Repository;

namespace Katas.Grader.Tests;

/// <summary>
/// A throwaway kata repository in a temp folder: the real build settings, run settings and harness of this repository,
/// plus katas written by a test. Never inside exercises/.
/// </summary>
internal sealed class FixtureRepository : IDisposable
{
    public FixtureRepository()
    {
        Root = Directory.CreateTempSubdirectory("grader-fixture-").FullName;
        var real = KataRepository.Find(TestContext.CurrentContext.TestDirectory)
            ?? throw new InvalidOperationException("the grader's tests run inside the kata repository");
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json" })
        {
            File.Copy(Path.Combine(real.Root, file), Path.Combine(Root, file));
        }
        var exercises = Directory.CreateDirectory(Path.Combine(Root, "exercises")).FullName;
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "katas.runsettings" })
        {
            File.Copy(Path.Combine(real.ExercisesDirectory, file), Path.Combine(exercises, file));
        }
        var harness = Directory.CreateDirectory(Path.Combine(exercises, "Katas.Testing")).FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(real.ExercisesDirectory, "Katas.Testing")).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(harness, Path.GetFileName(file)));
        }
        Repository = KataRepository.At(Root);
    }

    public string Root { get; }
    public KataRepository Repository { get; }

    /// <summary>Writes a kata: <c>exercises/NN-name/Project.csproj</c>, its stub and its tests.</summary>
    public void AddKata(string id, string project, string stub, string tests)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Root, "exercises", id)).FullName;
        File.WriteAllText(Path.Combine(folder, project + ".csproj"),
            $"<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><RootNamespace>Katas.{project}</RootNamespace><NoWarn>$(NoWarn);CS1998;CA1849;VSTHRD100;VSTHRD200;VSTHRD110;CA2016</NoWarn></PropertyGroup></Project>");
        File.WriteAllText(Path.Combine(folder, project + ".cs"), stub);
        File.WriteAllText(Path.Combine(folder, project + "Tests.cs"), tests);
    }

    public void Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>A manifest for the katas as they are now, each test named "Katas.Project.ProjectTests.Method".</summary>
    public GradingManifest Manifest(params (string Id, string Project, string[] Methods)[] katas) => new()
    {
        SharedFiles = ProtectedFiles.Fingerprint(Repository, ProtectedFiles.Shared(Repository)),
        Katas = katas.Select(k => new ManifestKata
        {
            Id = k.Id,
            Project = k.Project,
            Points = k.Methods.Length,
            Tests = k.Methods.Select(m => $"Katas.{k.Project}.{k.Project}Tests.{m}").ToList(),
            ProtectedFiles = ProtectedFiles.Fingerprint(Repository, ProtectedFiles.OfKata(Repository.Katas().Single(x => x.Id == k.Id))),
            LearnerFiles = [.. Grader.CleanRoom.LearnerFiles.Of(Path.Combine(Root, "exercises", k.Id))],
            OtherFiles = [],
        }).ToList(),
    };

    public void Dispose()
    {
        // GRADER_KEEP_FIXTURES=1 keeps the repository (and its results log under artifacts/grader/) for a look.
        if (Environment.GetEnvironmentVariable("GRADER_KEEP_FIXTURES") == "1")
        {
            TestContext.Progress.WriteLine($"fixture kept: {Root}");
            return;
        }
        // The fixture's clean room lives in the temp folder, keyed by the fixture's path: without this, every run
        // of these tests left tens of them behind (920 MB on a maintainer's machine after a day).
        CleanRoomFolder.DeleteAll(Repository);
        try { if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
