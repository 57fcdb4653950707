using Katas.Grader.Running;
using Katas.Grader.Scoring;
using Katas.Grader.Verification;

namespace Katas.Grader.Tests;

public class VerifierTests
{
    private static VariantRun Run(params (string Name, TestOutcome Outcome)[] tests) =>
        new(null, tests.Select(t => Golden.Test(t.Name, t.Outcome)).ToList(), null);

    [Test]
    public void A_sound_kata_passes_every_check_one_per_test_and_per_wrong_answer()
    {
        var result = Verifier.VerifyKata(new KataVariantRuns("02-join",
            Run(("N.T.A", TestOutcome.Passed), ("N.T.B", TestOutcome.Passed)),
            Run(("N.T.A", TestOutcome.Failed), ("N.T.B", TestOutcome.Failed)),
            [("AwaitsSequentially", Run(("N.T.A", TestOutcome.Passed), ("N.T.B", TestOutcome.Failed)))]));

        Assert.That(result.All.Count(), Is.EqualTo(5));
        Assert.That(result.All.All(c => c.Passed), Is.True);
        Assert.That(result.WrongAnswers.Single().Detail, Is.EqualTo("caught by 1: B"));
    }

    [Test]
    public void A_test_that_skips_itself_on_reference_and_stub_is_listed_as_not_checked_here_never_as_passed()
    {
        var result = Verifier.VerifyKata(new KataVariantRuns("09-graceful-shutdown",
            Run(("N.T.A", TestOutcome.Passed), ("N.T.Signal", TestOutcome.Skipped)),
            Run(("N.T.A", TestOutcome.Failed), ("N.T.Signal", TestOutcome.Skipped)),
            [("IgnoresSignals", Run(("N.T.A", TestOutcome.Passed), ("N.T.Signal", TestOutcome.Skipped)))]));
        var report = new VerifyReport([result], [], [], TimeSpan.Zero, TimeSpan.Zero, 3, []);

        Assert.That(result.All.Where(c => c.Skipped).Select(c => c.Subject),
            Is.EquivalentTo(new[] { "reference: Signal", "stub: Signal", "wrong/IgnoresSignals" }));
        Assert.That((report.Passed, report.Failed, report.Skipped), Is.EqualTo((2, 0, 3)), "two proofs (A on the reference, A on the stub), three skips");
    }

    [Test]
    public void A_test_skipped_on_the_reference_alone_is_a_shortfall()
    {
        var result = Verifier.VerifyKata(new KataVariantRuns("02-join",
            Run(("N.T.A", TestOutcome.Skipped)),
            Run(("N.T.A", TestOutcome.Failed)),
            []));

        var failed = result.All.Single(c => !c.Passed);
        Assert.That(failed.Subject, Is.EqualTo("reference: A"));
        Assert.That(failed.Detail, Does.StartWith("is skipped on the reference"));
    }

    [Test]
    public void A_test_that_passes_on_the_stub_is_reported_by_name()
    {
        var result = Verifier.VerifyKata(new KataVariantRuns("02-join",
            Run(("N.T.A", TestOutcome.Passed), ("N.T.B", TestOutcome.Passed)),
            Run(("N.T.A", TestOutcome.Failed), ("N.T.B", TestOutcome.Passed)),
            []));

        var failed = result.All.Where(c => !c.Passed).ToList();
        Assert.That(failed, Has.Count.EqualTo(1));
        Assert.That(failed[0].Subject, Is.EqualTo("stub: B"));
        Assert.That(failed[0].Detail, Does.Contain("passes on the stub"));
    }

    [Test]
    public void A_wrong_answer_no_test_catches_is_a_failed_check()
    {
        var result = Verifier.VerifyKata(new KataVariantRuns("02-join",
            Run(("N.T.A", TestOutcome.Passed)),
            Run(("N.T.A", TestOutcome.Failed)),
            [("ResultsInCompletionOrder", Run(("N.T.A", TestOutcome.Passed)))]));

        var check = result.WrongAnswers.Single();
        Assert.That(check.Passed, Is.False);
        Assert.That(check.Detail, Does.Contain("NOT caught"));
    }

    [Test]
    public void A_wrong_answer_the_whole_run_was_stopped_before_is_not_tested_not_caught()
    {
        var stopped = new VariantRun(null, [], "The whole test run was stopped before this build's tests were done (Aborting test run: test run timeout of 600000 milliseconds exceeded.)", TimedOut: true)
        {
            RunStopped = true,
        };
        var result = Verifier.VerifyKata(new KataVariantRuns("02-join",
            Run(("N.T.A", TestOutcome.Passed)),
            Run(("N.T.A", TestOutcome.Failed)),
            [("ResultsInCompletionOrder", stopped)]));

        var check = result.WrongAnswers.Single();
        Assert.That(check.Passed, Is.False, "a wrong answer whose tests never ran proves nothing: it is not caught");
        Assert.That(check.Detail, Does.StartWith("not tested: The whole test run was stopped"));
    }

    [Test]
    public void A_wrong_answer_that_crashes_its_host_is_caught()
    {
        var crashed = new VariantRun(null, [], "Test host process crashed");
        var result = Verifier.VerifyKata(new KataVariantRuns("02-join",
            Run(("N.T.A", TestOutcome.Passed)), Run(("N.T.A", TestOutcome.Failed)), [("Recurses", crashed)]));

        Assert.That(result.WrongAnswers.Single().Passed, Is.True);
        Assert.That(result.WrongAnswers.Single().Detail, Does.Contain("crashed"));
    }

    [Test]
    public void A_reference_that_does_not_compile_is_a_failed_check_with_the_first_error()
    {
        var error = new CompileError("solutions/02-join/Join.cs", 7, "CS0103", "The name 'x' does not exist in the current context");
        var result = Verifier.VerifyKata(new KataVariantRuns("02-join", VariantRun.NotCompiled(error), Run(("N.T.A", TestOutcome.Failed)), []));

        var check = result.Reference.Single();
        Assert.That(check.Passed, Is.False);
        Assert.That(check.Detail, Does.Contain("solutions/02-join/Join.cs(7): error CS0103"));
    }

    [Test]
    public void A_wrong_answer_that_does_not_compile_proves_nothing()
    {
        var error = new CompileError("solutions/02-join/wrong/X.cs", 1, "CS1002", "; expected");
        var result = Verifier.VerifyKata(new KataVariantRuns("02-join",
            Run(("N.T.A", TestOutcome.Passed)), Run(("N.T.A", TestOutcome.Failed)), [("X", VariantRun.NotCompiled(error))]));

        Assert.That(result.WrongAnswers.Single().Passed, Is.False);
    }

    [Test]
    public void A_kata_without_reference_fails_verification()
    {
        var result = Verifier.VerifyKata(new KataVariantRuns("02-join", null, Run(("N.T.A", TestOutcome.Failed)), []));

        Assert.That(result.Reference.Single().Passed, Is.False);
        Assert.That(result.Reference.Single().Detail, Does.Contain("no reference solution"));
    }

    [Test]
    public void A_suite_counts_one_check_per_test()
    {
        var checks = Verifier.VerifySuite("harness tests", Run(("N.T.A", TestOutcome.Passed), ("N.T.B", TestOutcome.Failed)));

        Assert.That(checks.Count(c => c.Passed), Is.EqualTo(1));
        Assert.That(checks.Count(c => !c.Passed), Is.EqualTo(1));
    }

    [Test]
    public void The_last_line_of_the_report_counts_the_checks()
    {
        var kata = Verifier.VerifyKata(new KataVariantRuns("02-join",
            Run(("N.T.A", TestOutcome.Passed)), Run(("N.T.A", TestOutcome.Passed)), []));
        var report = new VerifyReport([kata], [], [], TimeSpan.Zero, TimeSpan.Zero, 2, []);
        var output = new StringWriter();

        Output.VerifyRenderer.Render(report, output);

        var lines = output.ToString().TrimEnd().Split('\n');
        Assert.That(lines[^1].TrimEnd('\r'), Is.EqualTo("1 passed, 1 failed"));
        Assert.That(output.ToString(), Does.Contain("FAILED 02-join stub: A: passes on the stub"));
    }
}
