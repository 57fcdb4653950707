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
        const string header = "{0,-26} {1,-18} {2,-18} {3,-18} {4}";
        output.WriteLine(header, "kata", "reference", "stub", "wrong answers", "");
        output.WriteLine(new string('-', 90));
        foreach (var kata in report.Katas)
        {
            var reference = Count(kata.Reference, "pass");
            var stub = Count(kata.Stub, "fail");
            var wrong = kata.WrongAnswers.Count == 0 ? "none" : $"{kata.WrongAnswers.Count(c => c.Passed)}/{kata.WrongAnswers.Count} caught";
            output.WriteLine(header, kata.KataId, reference, stub, wrong, kata.All.All(c => c.Passed) ? "ok" : "FAILED");
        }
        foreach (var (name, checks) in report.Suites)
        {
            output.WriteLine(header, name, Count(checks, "pass"), "", "", checks.All(c => c.Passed) ? "ok" : "FAILED");
        }
        foreach (var check in report.Extra)
        {
            output.WriteLine(header, check.Group, check.Passed ? "up to date" : "OUT OF DATE", "", "", check.Passed ? "ok" : "FAILED");
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
        output.WriteLine();
        output.WriteLine($"Built {report.VariantCount} variants in {report.BuildTime.TotalSeconds:0.0} s, tested them in {report.TestTime.TotalSeconds:0.0} s.");
        output.WriteLine($"{report.Passed} passed, {report.Failed} failed");
    }

    private static string Count(IReadOnlyList<Check> checks, string verb)
    {
        if (checks.Count == 1 && !checks[0].Passed && !checks[0].Subject.Contains(':', StringComparison.Ordinal)) return "does not compile";
        var skipped = checks.Count(c => c.Skipped);
        return $"{checks.Count(c => c.Passed && !c.Skipped)}/{checks.Count - skipped} {verb}{(skipped > 0 ? $" ({skipped} skipped)" : "")}";
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
