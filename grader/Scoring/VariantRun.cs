using Katas.Grader.Running;

namespace Katas.Grader.Scoring;

/// <summary>What one build of a test project gave: a compile error, or its tests' results.</summary>
/// <param name="CompileError">The first compiler error, when it did not compile.</param>
/// <param name="Tests">The results of its tests (empty when it did not compile).</param>
/// <param name="AbortReason">Set when its test host crashed or was killed: the tests without a result never finished.</param>
/// <param name="TimedOut">Whether it was killed for hanging (rather than crashing).</param>
/// <param name="RunningTest">The test that was running when its host died, when known.</param>
/// <param name="Tampered">The run's results were written to by someone other than the grader's logger: none counts.</param>
public sealed record VariantRun(CompileError? CompileError, IReadOnlyList<TestRecord> Tests, string? AbortReason, bool TimedOut = false, string? RunningTest = null, bool Tampered = false)
{
    /// <summary>
    /// The whole test run was stopped at its time limit before this build's tests were done: it did not crash or hang by
    /// itself, and what it would have done is unknown (a wrong answer is then not "caught").
    /// </summary>
    public bool RunStopped { get; init; }

    public bool Compiled => CompileError is null;

    public static VariantRun NotCompiled(CompileError error) => new(error, [], null);
}
