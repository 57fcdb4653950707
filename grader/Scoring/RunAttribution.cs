using Katas.Grader.Running;

namespace Katas.Grader.Scoring;

/// <summary>
/// Splits the results of one test run over many assemblies into one <see cref="VariantRun"/> per build, and
/// decides which assemblies a crash or a hang cut short. Pure: no I/O.
/// </summary>
public static class RunAttribution
{
    /// <summary>Attributes the results of a run in waves: each build is judged by the log of the wave that ran it.</summary>
    public static Dictionary<Variant, VariantRun> Split(
        IReadOnlyCollection<VariantBuild> builds,
        TestRunReport report,
        Func<Variant, IReadOnlyCollection<string>>? expectedTests = null)
    {
        var runs = new Dictionary<Variant, VariantRun>();
        foreach (var build in builds.Where(b => !b.Succeeded)) runs[build.Variant] = VariantRun.NotCompiled(build.Error!);
        foreach (var wave in report.Waves)
        {
            var members = wave.Assemblies.ToHashSet(StringComparer.OrdinalIgnoreCase);
            var inWave = builds.Where(b => b.Succeeded && members.Contains(b.AssemblyPath!)).ToList();
            foreach (var (variant, run) in Split(inWave, wave.Log, expectedTests)) runs[variant] = run;
        }
        return runs;
    }

    /// <param name="builds">Each build, with its assembly when it compiled.</param>
    /// <param name="log">The run's results.</param>
    /// <param name="expectedTests">For each build, the tests it should report (e.g. the manifest's, or the union over the kata's
    /// variants); an assembly with fewer results in an aborted run was cut short. May be empty: then only an assembly with no
    /// result at all counts as cut short.</param>
    public static Dictionary<Variant, VariantRun> Split(
        IReadOnlyCollection<VariantBuild> builds,
        TestRunLog log,
        Func<Variant, IReadOnlyCollection<string>>? expectedTests = null)
    {
        var byAssembly = log.Tests
            .GroupBy(t => Normalize(t.AssemblyPath), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<TestRecord>)g.ToList(), StringComparer.OrdinalIgnoreCase);

        var runs = new Dictionary<Variant, VariantRun>();
        var cutShort = new List<Variant>();
        var crashed = log.CrashedSources.Select(Normalize).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var build in builds)
        {
            if (!build.Succeeded)
            {
                runs[build.Variant] = VariantRun.NotCompiled(build.Error!);
                continue;
            }
            if (log.Tampered is not null)
            {
                // Someone wrote into the results: no line of them, whoever it names, can be trusted.
                runs[build.Variant] = new VariantRun(null, [], $"The test results of this run were tampered with: {log.Tampered}.", Tampered: true);
                continue;
            }
            var tests = byAssembly.GetValueOrDefault(Normalize(build.AssemblyPath!)) ?? [];
            var expected = expectedTests?.Invoke(build.Variant) ?? [];
            var names = tests.Select(t => t.FullName).ToHashSet(StringComparer.Ordinal);
            var missing = expected.Count(name => !names.Contains(name));
            // A host that did not end normally cannot vouch for what it reported: the run has no end (vstest.console was
            // killed), the blame collector saw the host crash or hang, or the run was aborted before all its tests reported.
            if (!log.Readable || !log.Ended || crashed.Contains(Normalize(build.AssemblyPath!))
                || (log.Aborted && (tests.Count == 0 || missing > 0)))
            {
                cutShort.Add(build.Variant);
            }
            runs[build.Variant] = new VariantRun(null, tests, null);
        }

        if (cutShort.Count > 0)
        {
            var abortMessages = log.RunMessages.Where(TrxReader.IsAbortMessage).ToList();
            var hangNotices = abortMessages.Count(IsHangNotice);
            foreach (var variant in cutShort)
            {
                var build = builds.First(b => b.Variant == variant);
                var expected = expectedTests?.Invoke(variant) ?? [];
                var running = log.Unfinished
                    .Where(u => string.Equals(Normalize(u.AssemblyPath), Normalize(build.AssemblyPath!), StringComparison.OrdinalIgnoreCase))
                    .Select(u => u.FullName).LastOrDefault();
                runs[variant] = runs[variant] with { RunningTest = running };
                if (!log.Ended && log.Readable)
                {
                    var stopped = log.RunMessages.FirstOrDefault(m => m.Contains("did not finish within", StringComparison.Ordinal));
                    runs[variant] = runs[variant] with
                    {
                        AbortReason = stopped ?? "The test run ended without vstest's report of its end (vstest.console was stopped from outside), so none of its results can be trusted.",
                        TimedOut = stopped is not null,
                    };
                    continue;
                }
                var folder = Path.GetDirectoryName(Normalize(build.AssemblyPath!)) ?? "";
                var exited = log.ExitedHosts.Where(h => string.Equals(Path.TrimEndingDirectorySeparator(Normalize(h.Folder)), folder, StringComparison.OrdinalIgnoreCase)).ToList();
                if (exited.Count > 0 && exited[0].ViaExit)
                {
                    // Its host exited in order, through Environment.Exit, before its tests were done: a test called it.
                    runs[variant] = runs[variant] with
                    {
                        AbortReason = $"The test host crashed: Environment.Exit({exited[0].ExitCode}) was called inside a test, and the host ended before its tests were done.",
                        TimedOut = false,
                    };
                    continue;
                }
                if (log.RunMessages.FirstOrDefault(m => m.Contains("test run timeout of", StringComparison.Ordinal)) is { } sessionLimit)
                {
                    // vstest stopped the whole run at its session limit: every host still running went down with it.
                    runs[variant] = runs[variant] with
                    {
                        AbortReason = $"The whole test run was stopped before this build's tests were done ({sessionLimit.Trim()})",
                        TimedOut = true,
                        RunStopped = true,
                    };
                    continue;
                }
                var (text, timedOut) = ReasonFor(variant, runs[variant], expected, log, abortMessages, hangNotices, cutShort.Count);
                runs[variant] = runs[variant] with { AbortReason = text, TimedOut = timedOut };
            }
        }
        return runs;
    }

    private static bool IsHangNotice(string message) =>
        message.Contains("inactivity time", StringComparison.OrdinalIgnoreCase)
        || message.Contains("did not finish within", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Why a build's tests were cut short, and whether it hung (rather than crashed). vstest does not say which host a
    /// run-level message is about; a message is this build's when it names its project, its tests' namespace or its
    /// running test (a crash's stack trace does), or when this build is the only one cut short. A host the blame
    /// collector saw running a test (a sequence file) that no crash message explains was killed for hanging.
    /// </summary>
    private static (string Text, bool TimedOut) ReasonFor(
        Variant variant, VariantRun run, IReadOnlyCollection<string> expected, TestRunLog log,
        List<string> abortMessages, int hangNotices, int cutShortCount)
    {
        if (!log.Readable) return (log.RunMessages.FirstOrDefault() ?? "the test run left no readable results", false);
        var namespaces = expected.Concat(run.Tests.Select(t => t.FullName)).Concat(run.RunningTest is null ? [] : [run.RunningTest])
            .Select(NamespaceOf).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        bool Mine(string m) =>
            m.Contains(variant.ProjectName + ".dll", StringComparison.OrdinalIgnoreCase)
            || namespaces.Any(n => m.Contains(n + ".", StringComparison.Ordinal))
            || (run.RunningTest is not null && m.Contains(run.RunningTest, StringComparison.Ordinal));
        var own = cutShortCount == 1 ? abortMessages : abortMessages.Where(Mine).ToList();
        var crashExplained = own.Any(m => !IsHangNotice(m));
        var timedOut = cutShortCount == 1
            ? own.Any(IsHangNotice) && !(run.RunningTest is null && own.Any(m => m.Contains("crashed :", StringComparison.Ordinal)))
            : hangNotices > 0 && run.RunningTest is not null && !crashExplained;
        if (own.Count == 0)
        {
            own = timedOut
                ? abortMessages.Where(IsHangNotice).Take(1).ToList()
                : abortMessages.Where(m => m.Contains("crashed", StringComparison.OrdinalIgnoreCase) && !namespaces.Any(n => m.Contains(n + ".", StringComparison.Ordinal))).Take(1).ToList();
        }
        var text = own.Count > 0 ? string.Join(" ", own.Select(m => m.Trim()).Distinct(StringComparer.Ordinal)) : "the test host stopped before every test had run";
        return (text, timedOut);
    }

    /// <summary><c>Katas.Join.JoinTests.Completes</c> → <c>Katas.Join</c>.</summary>
    private static string NamespaceOf(string fullName)
    {
        var parenthesis = fullName.IndexOf('(');
        var head = parenthesis >= 0 ? fullName[..parenthesis] : fullName;
        var parts = head.Split('.');
        return parts.Length >= 3 ? string.Join(".", parts[..^2]) : "";
    }

    private static string Normalize(string path)
    {
        if (path.Length == 0) return path;
        try { return Path.GetFullPath(path); } catch (ArgumentException) { return path; }
    }
}
