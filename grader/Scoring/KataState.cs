namespace Katas.Grader.Scoring;

/// <summary>Where a kata stands.</summary>
public enum KataState
{
    Passed,
    InProgress,
    NotStarted,
    DoesNotCompile,
    Crashed,
    TimedOut,
    TestsModified,
    /// <summary>The learner's code uses an API the katas do not allow (reflection, files, the process...): scored 0.</summary>
    ForbiddenApi,
}

public static class KataStateText
{
    /// <summary>The words a learner reads, e.g. "does not compile".</summary>
    public static string Words(this KataState state) => state switch
    {
        KataState.Passed => "passed",
        KataState.InProgress => "in progress",
        KataState.NotStarted => "not started",
        KataState.DoesNotCompile => "does not compile",
        KataState.Crashed => "crashed",
        KataState.TimedOut => "timed out",
        KataState.TestsModified => "tests modified",
        KataState.ForbiddenApi => "forbidden API",
        _ => state.ToString(),
    };

    /// <summary>The machine-readable name, e.g. <c>does_not_compile</c> (JSON output).</summary>
    public static string Code(this KataState state) => state switch
    {
        KataState.Passed => "passed",
        KataState.InProgress => "in_progress",
        KataState.NotStarted => "not_started",
        KataState.DoesNotCompile => "does_not_compile",
        KataState.Crashed => "crashed",
        KataState.TimedOut => "timed_out",
        KataState.TestsModified => "tests_modified",
        KataState.ForbiddenApi => "forbidden_api",
        _ => state.ToString().ToLowerInvariant(),
    };
}
