using Katas.Grader.Scoring;
using Katas.Grader.Verification;

namespace Katas.Grader.Tests;

public class RepeatabilityTests
{
    private static VariantRun Run(params (string Name, TestOutcome Outcome, string Message)[] tests) =>
        new(null, tests.Select(t => Golden.Test(t.Name, t.Outcome, t.Message)).ToList(), null);

    [Test]
    public void Runs_with_the_same_outcomes_give_one_passing_check_per_variant()
    {
        var runs = new[]
        {
            Run(("N.T.A", TestOutcome.Passed, ""), ("N.T.B", TestOutcome.Failed, "finished at t=150 ms")),
            Run(("N.T.A", TestOutcome.Passed, ""), ("N.T.B", TestOutcome.Failed, "finished at t=150 ms")),
            Run(("N.T.B", TestOutcome.Failed, "finished at t=150 ms"), ("N.T.A", TestOutcome.Passed, "")),
        };

        var checks = Repeatability.Compare("02-join", "wrong/AwaitsSequentially", runs);

        Assert.That(checks, Has.Count.EqualTo(1));
        Assert.That(checks[0].Passed, Is.True);
        Assert.That(checks[0].Detail, Is.EqualTo("every test (2) had the same outcome in all 3 runs"));
    }

    [Test]
    public void A_test_whose_outcome_changes_fails_naming_the_variant_the_test_and_each_runs_outcome()
    {
        var runs = new[]
        {
            Run(("N.T.A", TestOutcome.Passed, ""), ("N.T.B", TestOutcome.Passed, "")),
            Run(("N.T.A", TestOutcome.Failed, "finished at t=150 ms, expected t=100 ms"), ("N.T.B", TestOutcome.Passed, "")),
            Run(("N.T.A", TestOutcome.Passed, ""), ("N.T.B", TestOutcome.Passed, "")),
        };

        var checks = Repeatability.Compare("02-join", "reference", runs);

        var failed = checks.Single();
        Assert.That(failed.Passed, Is.False);
        Assert.That((failed.Group, failed.Subject), Is.EqualTo(("02-join", "reference: A")));
        Assert.That(failed.Detail, Is.EqualTo(
            "its outcome differs between runs: run 1 passed; run 2 failed (finished at t=150 ms, expected t=100 ms); run 3 passed"));
    }

    [Test]
    public void The_same_failure_worded_differently_is_the_same_outcome()
    {
        var runs = new[]
        {
            Run(("N.T.A", TestOutcome.Failed, "blocked for 2012 ms of real time")),
            Run(("N.T.A", TestOutcome.Failed, "blocked for 2030 ms of real time")),
        };

        Assert.That(Repeatability.Compare("10-blocking", "stub", runs).Single().Passed, Is.True);
    }

    [Test]
    public void A_test_missing_from_a_run_whose_host_crashed_is_an_outcome_that_differs()
    {
        var crashed = new VariantRun(null, [Golden.Test("N.T.A", TestOutcome.Passed)], "Test host process crashed");
        var runs = new[] { Run(("N.T.A", TestOutcome.Passed, ""), ("N.T.B", TestOutcome.Passed, "")), crashed };

        var failed = Repeatability.Compare("04-spawn", "correct/TaskFactory", runs).Single();

        Assert.That(failed.Subject, Is.EqualTo("correct/TaskFactory: B"));
        Assert.That(failed.Detail, Is.EqualTo("its outcome differs between runs: run 1 passed; run 2 did not run (the test host crashed)"));
    }

    [Test]
    public void A_single_run_or_a_variant_that_did_not_compile_has_nothing_to_compare()
    {
        Assert.That(Repeatability.Compare("02-join", "stub", [Run(("N.T.A", TestOutcome.Failed, "x"))]), Is.Empty);
        var notCompiled = VariantRun.NotCompiled(new Running.CompileError("Join.cs", 3, "CS1002", "; expected"));
        Assert.That(Repeatability.Compare("02-join", "stub", [notCompiled, notCompiled]), Is.Empty);
    }
}
