using Katas.Grader.Scoring;
using Katas.Grader.Verification;

namespace Katas.Grader.Tests;

public class CorrectAlternativeTests
{
    private static VariantRun Run(params (string Name, TestOutcome Outcome)[] tests) =>
        new(null, tests.Select(t => Golden.Test(t.Name, t.Outcome, t.Outcome == TestOutcome.Failed ? "finished at t=150 ms" : "")).ToList(), null);

    [Test]
    public void A_correct_alternative_must_pass_every_test_like_the_reference()
    {
        var result = Verifier.VerifyKata(new KataVariantRuns("02-join",
            Run(("N.T.A", TestOutcome.Passed), ("N.T.B", TestOutcome.Passed)),
            Run(("N.T.A", TestOutcome.Failed), ("N.T.B", TestOutcome.Failed)),
            [],
            [("WhenEachLoop", Run(("N.T.A", TestOutcome.Passed), ("N.T.B", TestOutcome.Passed))),
             ("Sequential", Run(("N.T.A", TestOutcome.Passed), ("N.T.B", TestOutcome.Failed)))]));

        Assert.That(result.Alternatives.Select(c => (c.Subject, c.Passed)), Is.EqualTo(new[]
        {
            ("correct/WhenEachLoop: A", true), ("correct/WhenEachLoop: B", true),
            ("correct/Sequential: A", true), ("correct/Sequential: B", false),
        }));
        Assert.That(result.Alternatives.Single(c => !c.Passed).Detail, Is.EqualTo("fails on the correct/Sequential: finished at t=150 ms"));
        Assert.That(result.All.Count(c => !c.Passed), Is.EqualTo(1));
    }

    [Test]
    public void A_correct_alternative_that_does_not_compile_is_one_shortfall()
    {
        var result = Verifier.VerifyKata(new KataVariantRuns("02-join",
            Run(("N.T.A", TestOutcome.Passed)),
            Run(("N.T.A", TestOutcome.Failed)),
            [],
            [("Broken", VariantRun.NotCompiled(new Running.CompileError("solutions/02-join/correct/Broken.cs", 7, "CS1002", "; expected")))]));

        var check = result.Alternatives.Single();
        Assert.That((check.Subject, check.Passed), Is.EqualTo(("correct/Broken", false)));
        Assert.That(check.Detail, Does.Contain("does not compile").And.Contain("solutions/02-join/correct/Broken.cs(7)"));
    }
}
