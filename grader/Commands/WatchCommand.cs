using System.CommandLine;
using Katas.Grader.FastPath;
using Katas.Grader.Manifest;
using Katas.Grader.Repository;
using Katas.Grader.Running;
using Katas.Grader.Scoring;

namespace Katas.Grader.Commands;

/// <summary>
/// <c>grader watch [kata]</c>: grade, then grade again whenever a source file is saved (debounced). File events come
/// from a FileSystemWatcher, backed by polling, which alone is used where events are unreliable (WSL, network drives,
/// or <c>--poll</c>).
/// </summary>
public static class WatchCommand
{
    public static Command Create(GlobalOptions global)
    {
        var kataArgument = new Argument<string?>("kata") { Description = "Watch only this kata (default: every kata).", Arity = ArgumentArity.ZeroOrOne };
        var poll = new Option<bool>("--poll") { Description = "Only poll for changes (automatic on WSL and network drives)." };
        var noFastPath = new Option<bool>("--no-fast-path") { Description = "Always grade through a full build and vstest run (no in-process compilation)." };
        var command = new Command("watch", "Grade again whenever you save a file (Ctrl+C to stop).");
        command.Arguments.Add(kataArgument);
        command.Options.Add(poll);
        command.Options.Add(noFastPath);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, global, async (repository, output) =>
        {
            var manifest = GradeCommand.LoadManifest(repository);
            var only = parse.GetValue(kataArgument) is { } requested ? GradeCommand.ResolveKata(manifest, requested) : null;
            var folder = only is null ? repository.ExercisesDirectory : Path.Combine(repository.ExercisesDirectory, only);
            var pollOnly = parse.GetValue(poll) || FileEvents.AreUnreliable(folder);
            using var changes = new ChangeDetector(folder, pollOnly);
            output.WriteLine($"Watching {repository.Relative(folder)}{(pollOnly ? " (polling)" : "")}. Save a file to grade again; Ctrl+C to stop.");
            // One kata: after its first grade, the fast path (grader/FastPath) compiles in-process and runs the tests in a
            // worker, under the same rules; the full path whenever something it relies on changed.
            var session = only is null || parse.GetValue(noFastPath) ? null : new FastGradeSession(repository, manifest, only);
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var started = System.Diagnostics.Stopwatch.StartNew();
                    var graded = session is null
                        ? new SessionGrade(await GradeRun.RunAsync(repository, manifest, new GradeOptions(Only: only), cancellationToken).ConfigureAwait(false), false, null)
                        : await session.GradeAsync(cancellationToken).ConfigureAwait(false);
                    var report = graded.Report;
                    if (only is not null) report = GradeCommand.WithCourseContext(repository, manifest, report);
                    output.WriteLine();
                    output.WriteLine($"── graded at {DateTime.Now:HH:mm:ss} in {started.Elapsed.TotalSeconds:0.0} s{(graded.Fast ? $" (fast path: {graded.Timings})" : "")} ──");
                    GradeCommand.Emit(report, "table", output, null);
                    await changes.WaitForChangeAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}

/// <summary>Where file-system events cannot be trusted.</summary>
public static class FileEvents
{
    public static bool AreUnreliable(string folder)
    {
        try
        {
            if (Environment.GetEnvironmentVariable("WSL_DISTRO_NAME") is { Length: > 0 }) return true;
            if (OperatingSystem.IsLinux() && File.Exists("/proc/version")
                && File.ReadAllText("/proc/version").Contains("microsoft", StringComparison.OrdinalIgnoreCase)) return true;
            var drive = new DriveInfo(Path.GetPathRoot(Path.GetFullPath(folder))!);
            return drive.DriveType == DriveType.Network;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}

/// <summary>
/// Waits for a saved source file (<c>*.cs</c>, <c>*.csproj</c>) under a folder, then for a quiet period (the debounce),
/// so that an editor's save-all grades once. Snapshots of sizes and write times are compared by polling, and a
/// FileSystemWatcher (unless polling only) wakes the poll early.
/// </summary>
public sealed class ChangeDetector : IDisposable
{
    private readonly string _folder;
    private readonly FileSystemWatcher? _watcher;
    private readonly SemaphoreSlim _signal = new(0);
    private Dictionary<string, (long Length, DateTime Written)> _snapshot;

    public ChangeDetector(string folder, bool pollOnly, TimeSpan? pollInterval = null, TimeSpan? quietPeriod = null)
    {
        _folder = folder;
        PollInterval = pollInterval ?? TimeSpan.FromMilliseconds(pollOnly ? 700 : 2000);
        // An editor writes a save (or a save-all) within milliseconds: 150 ms of quiet is a finished save.
        QuietPeriod = quietPeriod ?? TimeSpan.FromMilliseconds(150);
        _snapshot = Snapshot(folder);
        if (!pollOnly)
        {
            try
            {
                _watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
                _watcher.Changed += OnEvent;
                _watcher.Created += OnEvent;
                _watcher.Deleted += OnEvent;
                _watcher.Renamed += OnEvent;
                _watcher.EnableRaisingEvents = true;
            }
            catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
            {
                _watcher = null; // polling alone
            }
        }
    }

    public TimeSpan PollInterval { get; }
    public TimeSpan QuietPeriod { get; }

    /// <summary>Returns once a watched file changed and then stayed unchanged for the quiet period.</summary>
    public async Task WaitForChangeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _signal.WaitAsync(PollInterval, cancellationToken).ConfigureAwait(false);
            var now = Snapshot(_folder);
            if (SameAs(now, _snapshot)) continue;
            // Debounce: wait until the files stop changing.
            while (true)
            {
                await Task.Delay(QuietPeriod, cancellationToken).ConfigureAwait(false);
                var later = Snapshot(_folder);
                if (SameAs(later, now)) break;
                now = later;
            }
            _snapshot = now;
            while (_signal.CurrentCount > 0) await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
    }

    private void OnEvent(object sender, FileSystemEventArgs e)
    {
        if (IsWatched(e.FullPath)) _signal.Release();
    }

    public static bool IsWatched(string path)
    {
        var name = Path.GetFileName(path);
        if (!(name.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))) return false;
        var parts = path.Replace('\\', '/').Split('/');
        return !parts.Any(p => p is "bin" or "obj" or "__mismatch__");
    }

    public static Dictionary<string, (long Length, DateTime Written)> Snapshot(string folder)
    {
        var snapshot = new Dictionary<string, (long, DateTime)>(StringComparer.Ordinal);
        if (!Directory.Exists(folder)) return snapshot;
        foreach (var file in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
        {
            if (!IsWatched(file)) continue;
            try
            {
                var info = new FileInfo(file);
                snapshot[file] = (info.Length, info.LastWriteTimeUtc);
            }
            catch (IOException)
            {
            }
        }
        return snapshot;
    }

    private static bool SameAs(Dictionary<string, (long, DateTime)> a, Dictionary<string, (long, DateTime)> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && other == kv.Value);

    public void Dispose()
    {
        _watcher?.Dispose();
        _signal.Dispose();
    }
}
