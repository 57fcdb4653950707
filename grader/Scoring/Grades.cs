namespace Katas.Grader.Scoring;

/// <summary>How one test of the manifest fared.</summary>
public enum TestStatus
{
    Passed,
    Failed,
    /// <summary>The manifest expects it, but the run did not report it (crash, timeout, compile error, deleted test).</summary>
    Missing,
    /// <summary>
    /// The test skipped itself, e.g. <c>[Platform(Exclude = "Win")]</c> on Windows. It earns nothing here (points
    /// are earned where the test runs: GitHub Classroom grades on Linux) but does not hold the kata back.
    /// </summary>
    Skipped,
}

/// <summary>One graded test.</summary>
/// <param name="Name">The full test name from the manifest.</param>
/// <param name="Status">Passed, failed or missing.</param>
/// <param name="Message">The failure message, or why it is missing.</param>
/// <param name="Duration">How long it ran (zero when missing).</param>
/// <param name="Points">Points earned.</param>
/// <param name="MaxPoints">Points it could earn (the kata's points shared equally among its tests).</param>
public sealed record TestGrade(string Name, TestStatus Status, string Message, TimeSpan Duration, double Points, double MaxPoints)
{
    public string ShortName => TestRecord.ShortNameOf(Name);
}

/// <summary>One graded kata.</summary>
/// <param name="Id">e.g. <c>02-join</c>.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Tests">Each test of the manifest, in the manifest's order.</param>
/// <param name="Points">Points earned.</param>
/// <param name="MaxPoints">The kata's points.</param>
/// <param name="Detail">What explains the state: the first compiler error, the test running when the host crashed, the modified file...</param>
/// <param name="UnknownTests">Tests the run reported that the manifest does not know (they earn nothing).</param>
public sealed record KataGrade(
    string Id,
    KataState State,
    IReadOnlyList<TestGrade> Tests,
    double Points,
    double MaxPoints,
    string? Detail,
    IReadOnlyList<string> UnknownTests)
{
    /// <summary>Files of the kata's folder (or build files above it) that grading did not use, relative to the root.</summary>
    public IReadOnlyList<string> Ignored { get; init; } = [];

    public int PassedCount => Tests.Count(t => t.Status == TestStatus.Passed);
    public int SkippedCount => Tests.Count(t => t.Status == TestStatus.Skipped);
    public int TotalCount => Tests.Count;

    /// <summary>The first test that did not pass (and did not skip itself), if any.</summary>
    public TestGrade? FirstFailure => Tests.FirstOrDefault(t => t.Status is not (TestStatus.Passed or TestStatus.Skipped));
}

/// <summary>The grade of a whole repository.</summary>
public sealed record GradeReport(IReadOnlyList<KataGrade> Katas, string Source)
{
    public double Points => Math.Round(Katas.Sum(k => k.Points), 2);
    public double MaxPoints => Math.Round(Katas.Sum(k => k.MaxPoints), 2);

    /// <summary>The first kata that is not passed: what to do next.</summary>
    public KataGrade? Next => Katas.FirstOrDefault(k => k.State != KataState.Passed);

    /// <summary>True when only some of the course's katas were graded (<c>grade 02-join</c>, <c>watch 02-join</c>).</summary>
    public bool IsPartial { get; init; }

    /// <summary>
    /// When only some katas were graded: the first other kata of the course that did not pass at its last grade (or was
    /// never graded), so that passing one kata still points at what comes next; null when every other one passed.
    /// </summary>
    public string? NextInCourse { get; init; }
}
