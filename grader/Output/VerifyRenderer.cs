using Katas.Grader.Verification;

namespace Katas.Grader.Output;

/// <summary>
/// Prints verification as plain text that reads the same in a terminal and in a CI log: a summary line per kata,
/// the wrong answers with the tests that caught them, every shortfall, and last the line <c>N passed, N failed</c>.
/// </summary>
public static class VerifyRenderer
{
    public static void Render(VerifyReport report, TextWriter output)
    {
        output.WriteLine();
        const string header = "{0,-26} {1,-18} {2,-18} {3,-18} {4,-14} {5}";
        output.WriteLine(header, "kata", "reference", "stub", "wrong answers", "alternatives", "");
        output.WriteLine(new string('-', 105));
        foreach (var kata in report.Katas)
        {
            var reference = Count(kata.Reference, "pass");
            var stub = Count(kata.Stub, "fail");
            var wrong = kata.WrongAnswers.Count == 0 ? "none" : $"{kata.WrongAnswers.Count(c => c.Passed)}/{kata.WrongAnswers.Count} caught";
            var alternatives = AlternativeNames(kata);
            var correct = alternatives.Count == 0 ? "none"
                : $"{alternatives.Count(a => kata.Alternatives.Where(c => c.Subject.StartsWith(a + ":", StringComparison.Ordinal) || c.Subject == a).All(c => c.Passed))}/{alternatives.Count} pass";
            var repeated = report.Repeats.Concat(report.FastPath).Where(c => c.Group == kata.KataId);
            output.WriteLine(header, kata.KataId, reference, stub, wrong, correct, kata.All.Concat(repeated).All(c => c.Passed) ? "ok" : "FAILED");
        }
        foreach (var (name, checks) in report.Suites)
        {
            output.WriteLine(header, name, Count(checks, "pass"), "", "", "", checks.All(c => c.Passed) ? "ok" : "FAILED");
        }
        foreach (var check in report.Extra)
        {
            output.WriteLine(header, check.Group, check.Passed ? "up to date" : "OUT OF DATE", "", "", "", check.Passed ? "ok" : "FAILED");
        }

        var withAlternatives = report.Katas.Where(k => k.Alternatives.Count > 0).ToList();
        if (withAlternatives.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Correct alternatives, held to the reference's standard (every test passes):");
            foreach (var kata in withAlternatives)
            {
                foreach (var name in AlternativeNames(kata))
                {
                    var checks = kata.Alternatives.Where(c => c.Subject.StartsWith(name + ":", StringComparison.Ordinal) || c.Subject == name).ToList();
                    var failed = checks.Count(c => !c.Passed);
                    output.WriteLine($"  {kata.KataId,-24} {(failed == 0 ? "passes " : "FAILS  ")} {name["correct/".Length..],-36} {Count(checks, "pass")}");
                }
            }
        }

        if (report.Runs > 1)
        {
            var changed = report.Repeats.Where(c => !c.Passed).ToList();
            output.WriteLine();
            output.WriteLine(changed.Count == 0
                ? $"Repeated {report.Runs} times: every test of every variant had the same outcome in every run ({report.Repeats.Count} variants)."
                : $"Repeated {report.Runs} times: {changed.Count} test outcome(s) changed between runs (listed under Shortfalls).");
        }

        if (report.FastPath.Count > 0)
        {
            var different = report.FastPath.Count(c => !c.Passed);
            output.WriteLine();
            output.WriteLine(different == 0
                ? $"Watch's fast path gave all {report.FastPath.Count} variants the verdict of the full build and vstest run (every test's outcome; {report.FastPathTime.TotalSeconds:0.0} s)."
                : $"Watch's fast path differed from the full build and vstest run for {different} of {report.FastPath.Count} (listed under Shortfalls).");
        }

        var caught = report.Katas.Where(k => k.WrongAnswers.Count > 0).ToList();
        if (caught.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Wrong answers, and the tests that caught them:");
            foreach (var kata in caught)
            {
                output.WriteLine($"  {kata.KataId}");
                foreach (var check in kata.WrongAnswers)
                {
                    output.WriteLine($"    {(check.Passed ? "caught " : "MISSED ")} {check.Subject["wrong/".Length..],-40} {Shorten(check.Detail, 160)}");
                }
            }
        }

        var skipped = report.AllChecks.Where(c => c.Skipped).ToList();
        if (skipped.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Not checked on this platform ({skipped.Count}): the tests skip themselves here; CI checks them on the others.");
            foreach (var check in skipped) output.WriteLine($"  skipped {check.Group} {check.Subject}: {check.Detail}");
        }

        var failures = report.AllChecks.Where(c => !c.Passed).ToList();
        if (failures.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Shortfalls ({failures.Count}):");
            foreach (var failure in failures)
            {
                output.WriteLine($"  FAILED {failure.Group} {failure.Subject}: {failure.Detail}");
            }
        }
        foreach (var note in report.Notes)
        {
            output.WriteLine();
            output.WriteLine(note);
        }
        output.WriteLine();
        output.WriteLine($"Built {report.VariantCount} variants in {report.BuildTime.TotalSeconds:0.0} s, tested them in {report.TestTime.TotalSeconds:0.0} s{(report.Runs > 1 ? $" ({report.Runs} runs)" : "")}.");
        output.WriteLine($"{report.Passed} passed, {report.Failed} failed");
    }

    /// <summary>The correct alternatives of a kata, <c>correct/Name</c>, in order.</summary>
    private static List<string> AlternativeNames(KataVerification kata) =>
        kata.Alternatives.Select(c => c.Subject.Split(':')[0]).Distinct(StringComparer.Ordinal).ToList();

    private static string Count(IReadOnlyList<Check> checks, string verb)
    {
        if (checks.Count == 1 && !checks[0].Passed && !checks[0].Subject.Contains(':', StringComparison.Ordinal))
        {
            return checks[0].Detail.Contains("does not compile", StringComparison.Ordinal) ? "does not compile" : "no test ran";
        }
        var skipped = checks.Count(c => c.Skipped);
        return $"{checks.Count(c => c.Passed && !c.Skipped)}/{checks.Count - skipped} {verb}{(skipped > 0 ? $" ({skipped} skipped)" : "")}";
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
