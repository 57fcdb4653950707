using Katas.Grader.Scoring;

namespace Katas.Grader.Verification;

/// <summary>
/// <c>verify --repeat N</c>: the same build, tested N times, must give every test the same outcome every time. A test
/// whose outcome changes between runs proves nothing either way (a flaky test, or a variant that races). Pure: no I/O.
/// </summary>
public static class Repeatability
{
    /// <summary>
    /// One check per variant: passed when every test had the same outcome in every run, else one failed check per test
    /// that changed, naming its outcome in each run (subject <c>reference: Test_name</c>, <c>wrong/Name: Test_name</c>).
    /// </summary>
    /// <param name="group">The kata id.</param>
    /// <param name="variant">How the variant is named: <c>reference</c>, <c>stub</c>, <c>wrong/Name</c>, <c>correct/Name</c>.</param>
    /// <param name="runs">The variant's runs, in order (at least one).</param>
    public static IReadOnlyList<Check> Compare(string group, string variant, IReadOnlyList<VariantRun> runs)
    {
        if (runs.Count < 2) return [];
        if (!runs[0].Compiled) return [];
        var byRun = runs.Select(r => r.Tests.GroupBy(t => t.FullName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal)).ToList();
        var names = byRun.SelectMany(r => r.Keys).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToList();

        var checks = new List<Check>();
        foreach (var name in names)
        {
            var found = byRun.Select(results => results.GetValueOrDefault(name)).ToList();
            if (found.Select(t => t?.Outcome).Distinct().Count() == 1) continue;
            var outcomes = found.Select((test, i) => test is null ? NotReported(runs[i]) : Describe(test)).ToList();
            checks.Add(new Check(group, $"{variant}: {TestRecord.ShortNameOf(name)}", false,
                $"its outcome differs between runs: {string.Join("; ", outcomes.Select((o, i) => $"run {i + 1} {o}"))}"));
        }
        if (checks.Count == 0)
        {
            checks.Add(new Check(group, $"{variant}: repeatable", true, $"every test ({names.Count}) had the same outcome in all {runs.Count} runs"));
        }
        return checks;
    }

    /// <summary>An outcome as shown. Only the outcome is compared: the same failure may word itself differently.</summary>
    private static string Describe(TestRecord test) => test.Outcome switch
    {
        TestOutcome.Passed => "passed",
        TestOutcome.Failed => $"failed ({Verifier.FirstLines(test.Message, lines: 1, maxChars: 120)})",
        TestOutcome.Skipped => "skipped",
        _ => "did not run",
    };

    private static string NotReported(VariantRun run) =>
        run.AbortReason is null ? "not reported" : $"did not run ({(run.TimedOut ? "the test host hung" : "the test host crashed")})";
}
