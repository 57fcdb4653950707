namespace Katas.Grader.Commands;

/// <summary>
/// The root launchers (<c>katas</c>, <c>katas.cmd</c>) run the built grader directly, which answers in well under a
/// second where <c>dotnet run</c> spends seconds checking the build. They set <see cref="Variable"/>; the grader then
/// first makes sure it was built from the sources on disk (a <c>git pull</c> may have changed them) and, if not, exits
/// with <see cref="ExitCode"/> at once, so that the launcher builds it and runs it again.
/// </summary>
public static class LauncherCheck
{
    public const string Variable = "KATAS_LAUNCHER";

    /// <summary>"Build me first": not one of the grader's own answers (0, 1, 2).</summary>
    public const int ExitCode = 99;

    /// <summary>True when started by a launcher and a source of the grader is newer than the running build.</summary>
    public static bool BuildIsStale()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1") return false;
        var assembly = typeof(LauncherCheck).Assembly.Location;
        if (assembly.Length == 0 || Repository.KataRepository.Find(Environment.CurrentDirectory) is not { Root: var root }) return false;
        var built = File.GetLastWriteTimeUtc(assembly);
        return Sources(root).Any(s => File.GetLastWriteTimeUtc(s) > built);
    }

    /// <summary>What the grader is built from: its project (not its tests), the course's summary logger, the shared build files.</summary>
    private static IEnumerable<string> Sources(string root)
    {
        var grader = Path.Combine(root, "grader");
        var tests = Path.Combine(grader, "tests") + Path.DirectorySeparatorChar;
        var folders = new[] { grader, Path.Combine(root, "exercises", "Katas.TestLogger") }.Where(Directory.Exists);
        return folders.SelectMany(f => Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories))
            .Where(f => !f.StartsWith(tests, StringComparison.Ordinal) && Path.GetExtension(f) is ".cs" or ".csproj" or ".txt" or ".props" or ".targets")
            .Concat(new[] { "Directory.Build.props", "Directory.Packages.props", "global.json" }.Select(n => Path.Combine(root, n)).Where(File.Exists));
    }
}
