using Katas.Grader.Scoring;

namespace Katas.Grader.Verification;

/// <summary>The runs of one kata's variants, as verification needs them.</summary>
/// <param name="KataId">e.g. <c>02-join</c>.</param>
/// <param name="Reference">The reference's run, or null when the kata has no <c>solutions/</c> folder.</param>
/// <param name="Stub">The stub's run.</param>
/// <param name="WrongAnswers">Each wrong answer's name and run.</param>
/// <param name="CorrectAlternatives">Each correct alternative's name (<c>solutions/&lt;kata&gt;/correct/&lt;Name&gt;.cs</c>) and run.</param>
public sealed record KataVariantRuns(
    string KataId,
    VariantRun? Reference,
    VariantRun Stub,
    IReadOnlyList<(string Name, VariantRun Run)> WrongAnswers,
    IReadOnlyList<(string Name, VariantRun Run)>? CorrectAlternatives = null)
{
    public IReadOnlyList<(string Name, VariantRun Run)> Alternatives => CorrectAlternatives ?? [];
}

/// <summary>A verified kata: its checks in four families.</summary>
public sealed record KataVerification(
    string KataId,
    IReadOnlyList<Check> Reference,
    IReadOnlyList<Check> Stub,
    IReadOnlyList<Check> WrongAnswers,
    IReadOnlyList<Check>? CorrectAlternatives = null)
{
    /// <summary>One check per test per correct alternative (subject <c>correct/Name: Test</c>), or one when it does not compile.</summary>
    public IReadOnlyList<Check> Alternatives => CorrectAlternatives ?? [];

    public IEnumerable<Check> All => Reference.Concat(Stub).Concat(WrongAnswers).Concat(Alternatives);
}

/// <summary>The maintainers' verification, decided from the runs. Pure: no I/O.</summary>
public static class Verifier
{
    /// <summary>
    /// References pass every test; stubs fail every single test; every wrong answer fails at least one test.
    /// The tests a kata has are the union of the tests any of its variants reported (they share the test files).
    /// </summary>
    public static KataVerification VerifyKata(KataVariantRuns runs)
    {
        var group = runs.KataId;
        var all = new[] { runs.Reference, runs.Stub }.Concat(runs.WrongAnswers.Select(w => w.Run)).Concat(runs.Alternatives.Select(c => c.Run))
            .Where(r => r is not null)
            .SelectMany(r => r!.Tests.Select(t => t.FullName))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();

        // A test that skips itself on the reference and on the stub alike cannot run on this platform (kata 09's
        // signal tests on Windows): neither proof nor shortfall here; CI's Linux and macOS runs check it.
        var referenceResults = runs.Reference is { Compiled: true } ? ByName(runs.Reference) : [];
        var stubResults = runs.Stub.Compiled ? ByName(runs.Stub) : [];
        var skippedHere = all.Where(n => referenceResults.GetValueOrDefault(n)?.Outcome == TestOutcome.Skipped
            && stubResults.GetValueOrDefault(n)?.Outcome == TestOutcome.Skipped).ToHashSet(StringComparer.Ordinal);

        var reference = runs.Reference is null
            ? [new Check(group, "reference", false, $"there is no reference solution in solutions/{runs.KataId}/")]
            : PassesEveryTest(group, "reference", runs.Reference, all, skippedHere);

        var stub = new List<Check>();
        if (!runs.Stub.Compiled)
        {
            stub.Add(new Check(group, "stub", false, $"the stub does not compile: {runs.Stub.CompileError}"));
        }
        else
        {
            var results = stubResults;
            foreach (var name in all)
            {
                var shortName = TestRecord.ShortNameOf(name);
                if (skippedHere.Contains(name))
                {
                    stub.Add(Check.NotCheckedHere(group, $"stub: {shortName}", results[name].Message));
                    continue;
                }
                stub.Add(results.TryGetValue(name, out var test)
                    ? test.Outcome == TestOutcome.Failed
                        ? new Check(group, $"stub: {shortName}", true)
                        : new Check(group, $"stub: {shortName}", false,
                            test.Outcome == TestOutcome.Passed
                                ? "passes on the stub: a test that passes before the learner wrote anything tests nothing"
                                : $"{Describe(test.Outcome)} on the stub instead of failing")
                    : new Check(group, $"stub: {shortName}", false, $"did not run on the stub: {runs.Stub.AbortReason ?? "not found in its test assembly"}"));
            }
        }

        var wrong = new List<Check>();
        foreach (var (name, run) in runs.WrongAnswers)
        {
            var subject = $"wrong/{name}";
            if (!run.Compiled)
            {
                wrong.Add(new Check(group, subject, false, $"the wrong answer does not compile, so it proves nothing: {run.CompileError}"));
                continue;
            }
            var failed = run.Tests.Where(t => t.Outcome == TestOutcome.Failed).Select(t => t.ShortName).ToList();
            if (run.RunStopped && failed.Count == 0)
            {
                wrong.Add(new Check(group, subject, false, $"not tested: {FirstLines(run.AbortReason!)}"));
            }
            else if (failed.Count > 0)
            {
                wrong.Add(new Check(group, subject, true, $"caught by {failed.Count}: {string.Join(", ", failed)}"));
            }
            else if (run.AbortReason is not null)
            {
                wrong.Add(new Check(group, subject, true, $"caught: {(run.TimedOut ? "its test host hung and was stopped" : "its test host crashed")} ({FirstLines(run.AbortReason)})"));
            }
            else if (run.Tests.Count == 0)
            {
                wrong.Add(new Check(group, subject, false, "no test ran"));
            }
            else if (run.Tests.Any(t => skippedHere.Contains(t.FullName) && t.Outcome == TestOutcome.Skipped))
            {
                wrong.Add(Check.NotCheckedHere(group, subject, "no test that runs here catches it; the tests that skip themselves here may"));
            }
            else
            {
                wrong.Add(new Check(group, subject, false, $"NOT caught: all {run.Tests.Count} tests pass on this wrong answer; the tests let it through"));
            }
        }
        // A correct alternative, written by another route than the reference, is held to the reference's standard.
        var correct = runs.Alternatives.SelectMany(c => PassesEveryTest(group, $"correct/{c.Name}", c.Run, all, skippedHere)).ToList();
        return new KataVerification(group, reference, stub, wrong, correct);
    }

    /// <summary>The checks that a variant meant to be right (the reference, a correct alternative) passes every test of the kata.</summary>
    private static List<Check> PassesEveryTest(string group, string label, VariantRun run, IReadOnlyList<string> all, HashSet<string> skippedHere)
    {
        var checks = new List<Check>();
        if (!run.Compiled)
        {
            checks.Add(new Check(group, label, false, $"the {label} does not compile: {run.CompileError}"));
        }
        else if (all.Count == 0)
        {
            checks.Add(new Check(group, label, false, run.AbortReason is { } why ? $"no test ran: {why}" : "the kata has no tests"));
        }
        else
        {
            var results = ByName(run);
            foreach (var name in all)
            {
                var subject = $"{label}: {TestRecord.ShortNameOf(name)}";
                if (skippedHere.Contains(name))
                {
                    checks.Add(Check.NotCheckedHere(group, subject, results.GetValueOrDefault(name)?.Message ?? ""));
                    continue;
                }
                checks.Add(results.TryGetValue(name, out var test)
                    ? test.Outcome == TestOutcome.Passed
                        ? new Check(group, subject, true)
                        : new Check(group, subject, false, $"{Describe(test.Outcome)} on the {label}: {FirstLines(test.Message)}")
                    : new Check(group, subject, false, $"did not run on the {label}: {run.AbortReason ?? "not found in its test assembly"}"));
            }
        }
        return checks;
    }

    /// <summary>A plain test suite (the harness's or the grader's own tests): every test passes.</summary>
    public static IReadOnlyList<Check> VerifySuite(string group, VariantRun run)
    {
        if (!run.Compiled) return [new Check(group, "build", false, $"does not compile: {run.CompileError}")];
        var checks = run.Tests
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => t.Outcome == TestOutcome.Passed
                ? new Check(group, t.ShortName, true)
                : new Check(group, t.ShortName, false, $"{Describe(t.Outcome)}: {FirstLines(t.Message)}"))
            .ToList();
        if (run.AbortReason is not null) checks.Add(new Check(group, "test host", false, $"the run was cut short: {FirstLines(run.AbortReason)}"));
        if (checks.Count == 0) checks.Add(new Check(group, "tests", false, "no test ran"));
        return checks;
    }

    private static Dictionary<string, TestRecord> ByName(VariantRun run) =>
        run.Tests.GroupBy(t => t.FullName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private static string Describe(TestOutcome outcome) => outcome switch
    {
        TestOutcome.Passed => "passes",
        TestOutcome.Failed => "fails",
        TestOutcome.Skipped => "is skipped",
        _ => "did not run",
    };

    /// <summary>The first few lines of a long message, for a one-line report.</summary>
    public static string FirstLines(string text, int lines = 3, int maxChars = 400)
    {
        var kept = string.Join(" ", text.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(lines).Select(l => l.Trim()));
        return kept.Length > maxChars ? kept[..maxChars] + "…" : kept;
    }
}
