using System.Diagnostics;
using Katas.Grader.Scoring;

namespace Katas.Grader.Running;

/// <summary>Bounds of one test run.</summary>
/// <param name="HangTimeout">A test host that makes no progress for this long is killed (vstest blame): only its kata times out.</param>
/// <param name="Overall">The whole run is killed past this bound.</param>
public sealed record TestRunLimits(TimeSpan HangTimeout, TimeSpan Overall)
{
    public static TestRunLimits Default { get; } = new(TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(15));
}

/// <summary>One vstest invocation: the assemblies it ran and what it reported.</summary>
public sealed record TestWave(IReadOnlyList<string> Assemblies, TestRunLog Log, ProcessResult Process);

/// <summary>The raw outcome of running many assemblies.</summary>
public sealed record TestRunReport(IReadOnlyList<TestWave> Waves)
{
    public TimeSpan Elapsed => Waves.Aggregate(TimeSpan.Zero, (sum, w) => sum + w.Process.Elapsed);
}

/// <summary>
/// Runs many built test assemblies with <c>dotnet vstest a.dll b.dll …</c>: each assembly in its own test host, in
/// parallel (two hosts per core), with strict snapshots, a hang timeout (no dump) and an overall time bound, in a process
/// group of its own that is killed at the end. Results are attributed to assemblies through the grader's own vstest
/// logger (<c>grader/TestLogger</c>, one signed JSON line per result naming its assembly; the key goes to vstest.console
/// on its standard input). Without that logger (its dll missing), a TRX is written and read instead, and since the TRX
/// identifies a test by a hash of its name that ignores the assembly, two builds of the same project (a stub and its
/// reference) must then not share a run: assemblies run in waves, each holding at most one build per project.
/// </summary>
public static class TestRunner
{
    public static async Task<TestRunReport> RunAsync(
        string repositoryRoot,
        string workDirectory,
        IReadOnlyCollection<string> assemblies,
        string? runSettingsPath,
        TestRunLimits limits,
        Action<string>? onLine = null,
        CancellationToken cancellationToken = default)
    {
        var resultsRoot = Path.Combine(workDirectory, "TestResults");
        if (Directory.Exists(resultsRoot)) Directory.Delete(resultsRoot, recursive: true);
        var logger = LoggerFolder();
        var waves = logger is null ? Waves(assemblies) : [assemblies.ToList()];
        var results = new List<TestWave>();
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < waves.Count; i++)
        {
            var remaining = limits.Overall - stopwatch.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                var why = $"The whole test run did not finish within {limits.Overall.TotalSeconds:0} s and was stopped.";
                results.Add(new TestWave(waves[i], new TestRunLog([], [why], Aborted: true, Readable: true), new ProcessResult(-1, true, "", TimeSpan.Zero)));
                continue;
            }
            results.Add(await RunWaveAsync(repositoryRoot, Path.Combine(resultsRoot, $"wave{i + 1}"), waves[i], runSettingsPath, logger,
                limits with { Overall = remaining }, onLine, cancellationToken).ConfigureAwait(false));
        }
        return new TestRunReport(results);
    }

    /// <summary>
    /// The folders and exit codes of the test hosts that exited in order (the startup hook's log), and whether
    /// <c>Environment.Exit</c> ended them. Read within bounds: the hosts know where it is.
    /// </summary>
    public static IReadOnlyList<(string Folder, int ExitCode, bool ViaExit)> ExitedHosts(string exitLog)
    {
        if (!File.Exists(exitLog)) return [];
        var hosts = new List<(string, int, bool)>();
        try
        {
            foreach (var line in BoundedFile.ReadLines(exitLog, 8_000, 10_000).Lines)
            {
                var parts = line.Text.Split('\t');
                if (parts.Length >= 4 && parts[0] == "EXIT" && int.TryParse(parts[2], out var code))
                {
                    hosts.Add((parts[3], code, parts.Length < 5 || parts[4] == "Environment.Exit"));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return hosts;
    }

    /// <summary>
    /// How many test hosts run at once: twice the cores. The tests run on fake time and spend their real time starting
    /// up or waiting (a watchdog's two seconds, a child process), so a second host per core fills the idle time; measured
    /// on 2 cores with 199 assemblies: 3.6 min instead of 6.5, every reference still green. GRADER_TEST_HOSTS overrides.
    /// </summary>
    public static int TestHosts =>
        int.TryParse(Environment.GetEnvironmentVariable("GRADER_TEST_HOSTS"), out var hosts) && hosts > 0 ? hosts : 2 * Environment.ProcessorCount;

    /// <summary>The folder of the grader's vstest logger (beside the grader), or null when it is not there.</summary>
    public static string? LoggerFolder()
    {
        var folder = AppContext.BaseDirectory;
        return File.Exists(Path.Combine(folder, "Katas.Grader.TestLogger.dll")) ? folder : null;
    }

    /// <summary>Splits assemblies into as few groups as possible with no two of the same file name in a group.</summary>
    public static List<List<string>> Waves(IEnumerable<string> assemblies)
    {
        var waves = new List<List<string>>();
        foreach (var assembly in assemblies)
        {
            var name = Path.GetFileName(assembly);
            var wave = waves.FirstOrDefault(w => !w.Any(a => string.Equals(Path.GetFileName(a), name, StringComparison.OrdinalIgnoreCase)));
            if (wave is null) waves.Add(wave = []);
            wave.Add(assembly);
        }
        return waves;
    }

    private static async Task<TestWave> RunWaveAsync(
        string repositoryRoot, string resultsDirectory, IReadOnlyList<string> assemblies, string? runSettingsPath, string? logger,
        TestRunLimits limits, Action<string>? onLine, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(resultsDirectory);
        var trxPath = Path.Combine(resultsDirectory, "results.trx");
        // `dotnet vstest` rather than `dotnet test x.dll`: the latter passes the hang dump type under a name the blame
        // collector ignores (DumpType instead of HangDumpType), and every hang then leaves a dump of hundreds of MB.
        var arguments = new List<string> { "vstest" };
        arguments.AddRange(assemblies);
        if (runSettingsPath is not null && File.Exists(runSettingsPath)) arguments.Add($"--Settings:{runSettingsPath}");
        arguments.AddRange([
            // Quiet: at normal verbosity vstest prints every failed test's output, which can be 50 MB a test.
            "--logger:console;verbosity=quiet",
            $"--ResultsDirectory:{resultsDirectory}",
            $"--Blame:CollectHangDump;HangDumpType=None;TestTimeout={(int)limits.HangTimeout.TotalSeconds}s",
            "--Parallel",
        ]);
        var jsonPath = Path.Combine(resultsDirectory, ResultsLogReader.FileName);
        // The key that signs the logger's lines: it reaches vstest.console on its standard input alone (see ResultsLogger).
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        // The TRX (which holds every test's whole output) only where the grader's logger is missing.
        if (logger is not null) arguments.AddRange([$"--TestAdapterPath:{logger}", $"--logger:GraderResults;File={jsonPath};Key=stdin"]);
        else arguments.Add("--logger:trx;LogFileName=results.trx");
        // The run settings bound one learner's run (a kata, or the course) at 10 minutes; a grader run is bound by its own
        // limit instead, which knows how much it runs (verify tests 270+ assemblies in one run, over 10 minutes on a loaded machine).
        arguments.AddRange(["--", $"RunConfiguration.MaxCpuCount={TestHosts}",
            $"RunConfiguration.TestSessionTimeout={(long)limits.Overall.TotalMilliseconds}"]);
        // Not beside the results: the test hosts see this path in their environment.
        var exitLog = Path.Combine(resultsDirectory + "-exits", "exits.log");
        Directory.CreateDirectory(Path.GetDirectoryName(exitLog)!);
        if (File.Exists(exitLog)) File.Delete(exitLog);
        var environment = new Dictionary<string, string?>
        {
            // A missing snapshot fails instead of being silently created (and passing).
            ["SNAPSHOOTER_STRICT_MODE"] = "on",
        };
        if (logger is not null)
        {
            // The logger's assembly is also a startup hook: a test host that a test ends with Environment.Exit says so.
            environment["DOTNET_STARTUP_HOOKS"] = Path.Combine(logger, "Katas.Grader.TestLogger.dll");
            environment["GRADER_EXIT_LOG"] = exitLog;
        }
        var process = await ProcessRunner.RunAsync(
            "dotnet", arguments, repositoryRoot, limits.Overall, environment, onLine, cancellationToken,
            new ProcessOptions(StandardInput: Convert.ToBase64String(key), Isolated: true)).ConfigureAwait(false);

        var log = logger is not null ? ResultsLogReader.ReadFile(jsonPath, key) : TrxReader.ReadFile(trxPath);
        var blame = BlameSequence.Read(resultsDirectory);
        log = log with
        {
            Unfinished = blame.Unfinished,
            CrashedSources = blame.Sources,
            ExitedHosts = ExitedHosts(exitLog),
        };
        if (process.TimedOut)
        {
            log = log with
            {
                Aborted = true,
                RunMessages = [.. log.RunMessages, $"The whole test run did not finish within {limits.Overall.TotalSeconds:0} s and was stopped."],
            };
        }
        return new TestWave(assemblies, log, process);
    }
}
