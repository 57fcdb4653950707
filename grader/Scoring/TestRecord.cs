namespace Katas.Grader.Scoring;

/// <summary>How a single test ended, as the test run reported it.</summary>
public enum TestOutcome
{
    Passed,
    Failed,
    Skipped,
    /// <summary>The test did not run to an outcome: its host crashed or was killed first.</summary>
    NotRun,
}

/// <summary>One test's result, read from the machine-readable test log (TRX).</summary>
/// <param name="AssemblyPath">The test assembly that holds the test (it names the kata and the variant).</param>
/// <param name="FullName">Namespace, class and test name, e.g. <c>Katas.Join.JoinTests.Completes_when_the_slowest_completes</c>.</param>
/// <param name="Outcome">Passed, failed, ...</param>
/// <param name="Duration">How long it ran.</param>
/// <param name="Message">The failure message (empty when it passed).</param>
/// <param name="StackTrace">The failure's stack trace (empty when it passed).</param>
public sealed record TestRecord(
    string AssemblyPath,
    string FullName,
    TestOutcome Outcome,
    TimeSpan Duration,
    string Message,
    string StackTrace)
{
    /// <summary>The test's own name, without namespace and class: what a learner reads.</summary>
    public string ShortName => ShortNameOf(FullName);

    public static string ShortNameOf(string fullName)
    {
        var parenthesis = fullName.IndexOf('(');
        var head = parenthesis >= 0 ? fullName[..parenthesis] : fullName;
        var dot = head.LastIndexOf('.');
        return dot >= 0 ? fullName[(dot + 1)..] : fullName;
    }
}

/// <summary>Everything one test run reported: each test's result and the run-level messages (crashes, hangs).</summary>
/// <param name="Tests">Every test result.</param>
/// <param name="RunMessages">Run-level messages (TRX RunInfos): "Test host process crashed", blame hang notices...</param>
/// <param name="Aborted">Whether the run was aborted (a test host crashed or was killed).</param>
/// <param name="Readable">False when there was no log or it could not be read: nothing can be trusted.</param>
public sealed record TestRunLog(IReadOnlyList<TestRecord> Tests, IReadOnlyList<string> RunMessages, bool Aborted, bool Readable)
{
    /// <summary>Tests that started but never finished, by assembly (the blame collector's sequence files): what was running when a host died.</summary>
    public IReadOnlyList<(string AssemblyPath, string FullName)> Unfinished { get; init; } = [];

    /// <summary>Folders (and exit codes) of the test hosts that exited in order: a host cut short that did was ended by Environment.Exit.</summary>
    public IReadOnlyList<(string Folder, int ExitCode, bool ViaExit)> ExitedHosts { get; init; } = [];

    /// <summary>Assemblies whose test host the blame collector saw crash or hang (it wrote their sequence): their results cannot vouch for a whole run.</summary>
    public IReadOnlyList<string> CrashedSources { get; init; } = [];

    /// <summary>Set when the log was written to by someone other than the grader's logger (a line it did not sign...): why.</summary>
    public string? Tampered { get; init; }

    /// <summary>False when the log has no end: the run was killed, so no host can be shown to have ended normally.</summary>
    public bool Ended { get; init; } = true;

    public static TestRunLog Unreadable(string why) => new([], [why], Aborted: true, Readable: false);
}
