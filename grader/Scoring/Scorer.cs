using Katas.Grader.Manifest;

namespace Katas.Grader.Scoring;

/// <summary>
/// The scoring core: from the manifest, a kata's run and the protected files found changed, its grade.
/// Pure: no I/O, no clock.
/// </summary>
public static class Scorer
{
    /// <param name="kata">The manifest's kata.</param>
    /// <param name="run">Its run, or null when it was not run (e.g. its folder is gone).</param>
    /// <param name="tampering">
    /// What makes the kata's result untrustworthy, one sentence each: a protected file that differs from the manifest, the
    /// test framework used in the kata's own code (empty when none).
    /// </param>
    /// <param name="allowModifiedTests">Grade even when tests were modified (local experiments only).</param>
    public static KataGrade Grade(ManifestKata kata, VariantRun? run, IReadOnlyList<string> tampering, bool allowModifiedTests = false)
    {
        var max = kata.Points;
        var perTest = kata.PointsPerTest;
        if (tampering.Count > 0 && !allowModifiedTests)
        {
            return new KataGrade(kata.Id, KataState.TestsModified,
                kata.Tests.Select(t => new TestGrade(t, TestStatus.Missing, "not graded: the kata's tests were modified", TimeSpan.Zero, 0, perTest)).ToList(),
                0, max, string.Join("; ", tampering), []);
        }
        if (run is null)
        {
            return new KataGrade(kata.Id, KataState.DoesNotCompile,
                kata.Tests.Select(t => new TestGrade(t, TestStatus.Missing, "the kata's project is missing", TimeSpan.Zero, 0, perTest)).ToList(),
                0, max, $"the kata's project exercises/{kata.Id}/{kata.Project}.csproj is missing", []);
        }
        if (!run.Compiled)
        {
            return new KataGrade(kata.Id, KataState.DoesNotCompile,
                kata.Tests.Select(t => new TestGrade(t, TestStatus.Missing, "the kata does not compile", TimeSpan.Zero, 0, perTest)).ToList(),
                0, max, run.CompileError!.ToString(), []);
        }

        if (run.Tampered)
        {
            return new KataGrade(kata.Id, KataState.TestsModified,
                kata.Tests.Select(t => new TestGrade(t, TestStatus.Missing, "not graded: the test results were tampered with", TimeSpan.Zero, 0, perTest)).ToList(),
                0, max, run.AbortReason, []);
        }
        var known = kata.Tests.ToHashSet(StringComparer.Ordinal);
        var unknown = run.Tests.Select(t => t.FullName).Where(n => !known.Contains(n)).Distinct(StringComparer.Ordinal).ToList();
        if (!allowModifiedTests)
        {
            // A test reported twice (a second fixture given the same name) or one the manifest does not know (a fixture
            // or test the learner added) is not the kata's tests: which report would count is anyone's guess.
            var twice = run.Tests.GroupBy(t => t.FullName, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            var modified = twice.Select(n => $"the test {n} was reported {run.Tests.Count(t => t.FullName == n)} times (a second fixture or test of that name?)")
                .Concat(unknown.Select(n => $"the test {n} is not one of the kata's (an added fixture or test?)"))
                .ToList();
            if (modified.Count > 0)
            {
                return new KataGrade(kata.Id, KataState.TestsModified,
                    kata.Tests.Select(t => new TestGrade(t, TestStatus.Missing, "not graded: the kata's tests were modified", TimeSpan.Zero, 0, perTest)).ToList(),
                    0, max, string.Join("; ", modified.Take(3)) + (modified.Count > 3 ? $"; and {modified.Count - 3} more" : ""), unknown);
            }
        }

        // With --allow-modified-tests a test reported twice counts once: the first report wins.
        var results = run.Tests.GroupBy(t => t.FullName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var tests = new List<TestGrade>();
        foreach (var name in kata.Tests)
        {
            if (!results.TryGetValue(name, out var result))
            {
                var why = run.AbortReason is not null
                    ? (run.TimedOut ? "did not finish: the test host hung and was stopped" : "did not finish: the test host crashed")
                    : "this test did not run (was it removed?)";
                tests.Add(new TestGrade(name, TestStatus.Missing, why, TimeSpan.Zero, 0, perTest));
                continue;
            }
            tests.Add(result.Outcome switch
            {
                TestOutcome.Passed => new TestGrade(name, TestStatus.Passed, "", result.Duration, perTest, perTest),
                TestOutcome.Skipped => new TestGrade(name, TestStatus.Skipped, SkipMessage(result.Message), result.Duration, 0, perTest),
                TestOutcome.NotRun => new TestGrade(name, TestStatus.Failed, result.Message is { Length: > 0 } m ? m : "the test did not run to an outcome", result.Duration, 0, perTest),
                _ => new TestGrade(name, TestStatus.Failed, result.Message, result.Duration, 0, perTest),
            });
        }
        var points = Math.Round(tests.Sum(t => t.Points), 4);
        var passed = tests.Count(t => t.Status == TestStatus.Passed);
        var skipped = tests.Count(t => t.Status == TestStatus.Skipped);

        if (run.AbortReason is not null)
        {
            var missing = tests.Where(t => t.Status == TestStatus.Missing).Select(t => t.ShortName).ToList();
            // The test running when the host died: from the blame sequence, else from a stack trace in the crash message.
            var runningTest = run.RunningTest ?? kata.Tests.FirstOrDefault(t => run.AbortReason.Contains(t + "(", StringComparison.Ordinal));
            var running = runningTest is not null ? $"while running {TestRecord.ShortNameOf(runningTest)}"
                : missing.Count == 1 ? $"while running {missing[0]}"
                : missing.Count > 1 ? $"while running one of: {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", …" : "")}"
                : "";
            var reason = Verification.Verifier.FirstLines(run.AbortReason, lines: 4, maxChars: 500);
            var detail = run.TimedOut
                ? $"the test host stopped making progress {running} and was stopped. {reason}"
                : $"the test host died {running}. {reason}";
            // A host that did not end normally cannot vouch for the passes it reported (an exception escaping async void
            // can kill it any time later, and what passed before depends on the machine's load): the kata earns nothing,
            // the same whether it is graded alone or with the others. The passes are shown, at no points.
            var passedBefore = tests.Count(t => t.Status == TestStatus.Passed);
            tests = tests.Select(t => t.Status == TestStatus.Passed
                ? t with { Points = 0, Message = "passed, but the test host did not end normally: a kata whose host crashes or hangs earns nothing" }
                : t).ToList();
            if (passedBefore > 0) detail += $" {passedBefore} test(s) passed before that; they count once the kata runs to the end.";
            return new KataGrade(kata.Id, run.TimedOut ? KataState.TimedOut : KataState.Crashed, tests, 0, max, detail.Trim(), unknown);
        }
        // A test that skips itself here (a platform it cannot run on) does not hold the kata back, but earns nothing.
        var state = passed > 0 && passed + skipped == tests.Count ? KataState.Passed
            : passed == 0 ? KataState.NotStarted
            : KataState.InProgress;
        return new KataGrade(kata.Id, state, tests, points, max, null, unknown);
    }

    private static string SkipMessage(string reason) =>
        $"skipped here{(string.IsNullOrWhiteSpace(reason) ? "" : $": {reason.Trim()}")}; it earns its points where it runs (GitHub Classroom grades on Linux)";
}
