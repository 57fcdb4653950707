using Katas.Grader.Commands;
using Katas.Grader.Manifest;
using Katas.Grader.Running;
using Katas.Grader.Scoring;

namespace Katas.Grader.Tests;

/// <summary>The pure scoring core, on golden result files and on hand-made runs.</summary>
public class ScorerTests
{
    private static ManifestKata TimeoutKata(double? points = null)
    {
        var tests = Golden.Log("all-failing.trx").Tests
            .Select(t => t.FullName).OrderBy(n => n, StringComparer.Ordinal).ToList();
        return new ManifestKata { Id = "07-timeout", Project = "TimeLimit", Points = points ?? tests.Count, Tests = tests };
    }

    private static Dictionary<Variant, VariantRun> Split(string golden, params VariantBuild[] builds) =>
        RunAttribution.Split(builds, Golden.Log(golden), _ => TimeoutKata().Tests);

    [Test]
    public void The_stub_scores_zero_and_is_not_started()
    {
        var stub = Golden.Built(Golden.Stub, null);
        var grade = Scorer.Grade(TimeoutKata(), Split("all-failing.trx", stub)[stub.Variant], []);

        Assert.That(grade.State, Is.EqualTo(KataState.NotStarted));
        Assert.That(grade.Points, Is.Zero);
        Assert.That(grade.FirstFailure!.Message, Does.Contain("NotImplementedException"));
    }

    [Test]
    public void A_partly_passing_kata_is_in_progress_and_earns_its_share_per_test()
    {
        var wrong = Golden.Built(Golden.Wrong, "wrong/LeaksTheTimer");
        var grade = Scorer.Grade(TimeoutKata(points: 22), Split("partly-passing.trx", wrong)[wrong.Variant], []);

        Assert.That(grade.State, Is.EqualTo(KataState.InProgress));
        Assert.That(grade.PassedCount, Is.EqualTo(8));
        Assert.That(grade.Points, Is.EqualTo(16).Within(1e-9), "22 points over 11 tests: 2 per passing test");
        Assert.That(grade.MaxPoints, Is.EqualTo(22));
    }

    private static ManifestKata LockKata() => new()
    {
        Id = "12-async-lock", Project = "AsyncLock", Points = 9,
        Tests = Golden.Log("partly-passing.trx").Tests.Where(t => t.AssemblyPath == Golden.Reference).Select(t => t.FullName).ToList(),
    };

    private static VariantBuild LockReference() =>
        new(new Variant("/work/main/exercises/12-async-lock/AsyncLock.csproj", "solutions"), Golden.Reference, null);

    [Test]
    public void The_reference_earns_full_marks()
    {
        var reference = LockReference();
        var grade = Scorer.Grade(LockKata(), RunAttribution.Split([reference], Golden.Log("partly-passing.trx"), _ => LockKata().Tests)[reference.Variant], []);

        Assert.That(grade.State, Is.EqualTo(KataState.Passed));
        Assert.That(grade.Points, Is.EqualTo(grade.MaxPoints));
    }

    [Test]
    public void A_kata_that_does_not_compile_shows_its_first_error_with_file_and_line_and_earns_nothing()
    {
        var error = new CompileError("exercises/07-timeout/TimeLimit.cs", 12, "CS1002", "; expected");
        var grade = Scorer.Grade(TimeoutKata(), VariantRun.NotCompiled(error), []);

        Assert.That(grade.State, Is.EqualTo(KataState.DoesNotCompile));
        Assert.That(grade.Detail, Is.EqualTo("exercises/07-timeout/TimeLimit.cs(12): error CS1002: ; expected"));
        Assert.That(grade.Points, Is.Zero);
    }

    [Test]
    public void A_crash_mid_run_is_crashed_never_a_pass_and_names_the_running_test()
    {
        var kata = TimeoutKata();
        var passedBefore = Golden.Test(kata.Tests[0], TestOutcome.Passed);
        var run = new VariantRun(null, [passedBefore], "The active test run was aborted. Reason: Test host process crashed", RunningTest: kata.Tests[1]);

        var grade = Scorer.Grade(kata, run, []);

        Assert.That(grade.State, Is.EqualTo(KataState.Crashed));
        Assert.That(grade.Detail, Does.Contain($"while running {TestRecord.ShortNameOf(kata.Tests[1])}"));
        Assert.That(grade.Tests.Single(t => t.Name == kata.Tests[1]).Status, Is.EqualTo(TestStatus.Missing));
        Assert.That(grade.Points, Is.Zero, "a host that did not end normally cannot vouch for the passes it reported");
        Assert.That(grade.Tests[0].Status, Is.EqualTo(TestStatus.Passed), "the pass before the crash is shown");
        Assert.That(grade.Tests[0].Points, Is.Zero);
        Assert.That(grade.Detail, Does.Contain("1 test(s) passed before that"));
    }

    [Test]
    public void A_crash_golden_attributes_the_crash_to_its_own_kata_only()
    {
        var crash = new VariantBuild(new Variant("/tmp/fx/exercises/01-crash/Crash.csproj", null), "/tmp/fx/artifacts/bin/Crash/debug_exercises/Crash.dll", null);
        var other = Golden.Built("/work/main/artifacts/bin/TimeLimit/debug_exercises/TimeLimit.dll", null);
        var log = Golden.Log("crash-stack-overflow.trx");
        var crashKata = new ManifestKata { Id = "01-crash", Project = "Crash", Points = 3, Tests = ["Katas.Crash.CrashTests.A_passes", "Katas.Crash.CrashTests.B_misbehaves", "Katas.Crash.CrashTests.C_passes"] };
        var runs = RunAttribution.Split([crash, other], log, v => v == crash.Variant ? crashKata.Tests : TimeoutKata().Tests);

        var crashed = Scorer.Grade(crashKata, runs[crash.Variant], []);
        var unaffected = Scorer.Grade(TimeoutKata(), runs[other.Variant], []);

        Assert.That(crashed.State, Is.EqualTo(KataState.Crashed));
        Assert.That(crashed.Tests.Single(t => t.ShortName == "B_misbehaves").Status, Is.Not.EqualTo(TestStatus.Passed));
        Assert.That(crashed.Detail, Does.Contain("Stack overflow"));
        Assert.That(crashed.Detail, Does.Contain("while running B_misbehaves"), "named from the crash's stack trace");
        Assert.That(unaffected.State, Is.EqualTo(KataState.NotStarted), "the stub of the other kata ran to its end");
        Assert.That(unaffected.TotalCount, Is.EqualTo(11));
    }

    [Test]
    public void A_hang_golden_is_timed_out_for_the_hung_kata_only()
    {
        var hung = new VariantBuild(new Variant("/tmp/fx/exercises/01-crash/Crash.csproj", null), "/tmp/fx/artifacts/bin/Crash/debug_exercises/Crash.dll", null);
        var other = Golden.Built("/work/main/artifacts/bin/TimeLimit/debug_exercises/TimeLimit.dll", null);
        var crashKata = new ManifestKata { Id = "01-crash", Project = "Crash", Points = 3, Tests = ["Katas.Crash.CrashTests.A_passes", "Katas.Crash.CrashTests.B_misbehaves", "Katas.Crash.CrashTests.C_passes"] };
        var log = Golden.Log("hang.trx") with { Unfinished = [("/tmp/fx/artifacts/bin/Crash/debug_exercises/Crash.dll", "Katas.Crash.CrashTests.B_misbehaves")] };
        var runs = RunAttribution.Split([hung, other], log, v => v == hung.Variant ? crashKata.Tests : TimeoutKata().Tests);

        var grade = Scorer.Grade(crashKata, runs[hung.Variant], []);

        Assert.That(grade.State, Is.EqualTo(KataState.TimedOut));
        Assert.That(grade.Detail, Does.Contain("while running B_misbehaves"));
        Assert.That(grade.Tests.Single(t => t.ShortName == "B_misbehaves").Status, Is.EqualTo(TestStatus.Missing));
        Assert.That(Scorer.Grade(TimeoutKata(), runs[other.Variant], []).State, Is.EqualTo(KataState.NotStarted));
    }

    [Test]
    public void A_test_that_skips_itself_here_earns_nothing_but_does_not_hold_the_kata_back()
    {
        var kata = new ManifestKata { Id = "09-graceful-shutdown", Project = "GracefulShutdown", Points = 10, Tests = ["N.T.A", "N.T.Signal"] };
        var run = new VariantRun(null, [Golden.Test("N.T.A", TestOutcome.Passed), Golden.Test("N.T.Signal", TestOutcome.Skipped)], null);

        var grade = Scorer.Grade(kata, run, []);

        Assert.That(grade.State, Is.EqualTo(KataState.Passed));
        Assert.That(grade.Points, Is.EqualTo(5), "the skipped test's share is not earned here");
        Assert.That(grade.SkippedCount, Is.EqualTo(1));
        Assert.That(grade.FirstFailure, Is.Null);
        Assert.That(grade.Tests[1].Message, Does.Contain("GitHub Classroom grades on Linux"));
    }

    [Test]
    public void A_kata_whose_every_test_skips_itself_is_not_passed()
    {
        var kata = new ManifestKata { Id = "09-graceful-shutdown", Project = "GracefulShutdown", Points = 10, Tests = ["N.T.Signal"] };
        var run = new VariantRun(null, [Golden.Test("N.T.Signal", TestOutcome.Skipped)], null);

        Assert.That(Scorer.Grade(kata, run, []).State, Is.EqualTo(KataState.NotStarted));
    }

    [Test]
    public void Modified_tests_earn_nothing_and_name_the_file()
    {
        var reference = LockReference();
        var grade = Scorer.Grade(LockKata(), RunAttribution.Split([reference], Golden.Log("partly-passing.trx"), _ => LockKata().Tests)[reference.Variant], ["exercises/07-timeout/TimeLimitTests.cs (changed)"]);

        Assert.That(grade.State, Is.EqualTo(KataState.TestsModified));
        Assert.That(grade.Points, Is.Zero);
        Assert.That(grade.Detail, Does.Contain("exercises/07-timeout/TimeLimitTests.cs (changed)"));
    }

    [Test]
    public void Allowing_modified_tests_grades_them_anyway()
    {
        var reference = LockReference();
        var grade = Scorer.Grade(LockKata(), RunAttribution.Split([reference], Golden.Log("partly-passing.trx"), _ => LockKata().Tests)[reference.Variant], ["exercises/07-timeout/TimeLimitTests.cs (changed)"], allowModifiedTests: true);

        Assert.That(grade.State, Is.EqualTo(KataState.Passed));
    }

    [Test]
    public void A_test_the_manifest_does_not_know_is_tests_modified_naming_it()
    {
        var kata = new ManifestKata { Id = "02-join", Project = "Join", Points = 4, Tests = ["N.T.A", "N.T.B"] };
        var run = new VariantRun(null, [Golden.Test("N.T.A", TestOutcome.Passed), Golden.Test("N.T.B", TestOutcome.Passed), Golden.Test("N.T.Extra", TestOutcome.Passed)], null);

        var grade = Scorer.Grade(kata, run, []);

        Assert.That(grade.State, Is.EqualTo(KataState.TestsModified));
        Assert.That(grade.Points, Is.Zero);
        Assert.That(grade.Detail, Does.Contain("the test N.T.Extra is not one of the kata's"));
        Assert.That(grade.UnknownTests, Is.EqualTo(new[] { "N.T.Extra" }));
    }

    [Test]
    public void A_test_reported_twice_is_tests_modified_naming_it_whatever_the_order_of_the_reports()
    {
        // A second fixture given the real fixture's name ([TestFixture(TestName = ...)]) with empty tests of the real names.
        var kata = new ManifestKata { Id = "02-join", Project = "Join", Points = 2, Tests = ["N.T.A", "N.T.B"] };
        foreach (var (first, second) in new[] { (TestOutcome.Passed, TestOutcome.Failed), (TestOutcome.Failed, TestOutcome.Passed) })
        {
            var run = new VariantRun(null, [Golden.Test("N.T.A", first), Golden.Test("N.T.A", second), Golden.Test("N.T.B", TestOutcome.Passed), Golden.Test("N.T.B", TestOutcome.Failed)], null);

            var grade = Scorer.Grade(kata, run, []);

            Assert.That(grade.State, Is.EqualTo(KataState.TestsModified));
            Assert.That(grade.Points, Is.Zero);
            Assert.That(grade.Detail, Does.Contain("the test N.T.A was reported 2 times").And.Contain("N.T.B"));
        }
    }

    [Test]
    public void Parameterised_tests_and_tests_skipped_on_this_platform_are_the_kata_s_own()
    {
        var kata = new ManifestKata { Id = "09-graceful-shutdown", Project = "GracefulShutdown", Points = 3, Tests = ["N.T.Adds(1,2)", "N.T.Adds(\"a.b\",2)", "N.T.Signal"] };
        var run = new VariantRun(null, [Golden.Test("N.T.Adds(1,2)", TestOutcome.Passed), Golden.Test("N.T.Adds(\"a.b\",2)", TestOutcome.Passed), Golden.Test("N.T.Signal", TestOutcome.Skipped)], null);

        var grade = Scorer.Grade(kata, run, []);

        Assert.That(grade.State, Is.EqualTo(KataState.Passed));
        Assert.That(grade.Points, Is.EqualTo(2));
    }

    [Test]
    public void Allowing_modified_tests_grades_a_duplicate_once_and_ignores_an_unknown_test()
    {
        var kata = new ManifestKata { Id = "02-join", Project = "Join", Points = 2, Tests = ["N.T.A", "N.T.B"] };
        var run = new VariantRun(null, [Golden.Test("N.T.A", TestOutcome.Passed), Golden.Test("N.T.A", TestOutcome.Passed), Golden.Test("N.T.Extra", TestOutcome.Passed)], null);

        var grade = Scorer.Grade(kata, run, [], allowModifiedTests: true);

        Assert.That(grade.Points, Is.EqualTo(1));
        Assert.That(grade.UnknownTests, Is.EqualTo(new[] { "N.T.Extra" }));
    }

    [Test]
    public void Tampered_results_are_tests_modified_and_earn_nothing()
    {
        var kata = new ManifestKata { Id = "02-join", Project = "Join", Points = 2, Tests = ["N.T.A", "N.T.B"] };
        var build = Golden.Built(Golden.Stub, null);
        var log = new TestRunLog([Golden.Test("N.T.A", TestOutcome.Passed), Golden.Test("N.T.B", TestOutcome.Passed)], [], Aborted: false, Readable: true)
        {
            Tampered = "line 3 of the test results is not the logger's (its signature does not match)",
        };

        var grade = Scorer.Grade(kata, RunAttribution.Split([build], log, _ => kata.Tests)[build.Variant], []);

        Assert.That(grade.State, Is.EqualTo(KataState.TestsModified));
        Assert.That(grade.Points, Is.Zero);
        Assert.That(grade.Detail, Does.Contain("tampered with").And.Contain("line 3"));
    }

    [Test]
    public void A_run_without_its_end_makes_every_kata_crashed_even_one_whose_every_test_passed()
    {
        // vstest.console killed from inside a test: the results it wrote before are genuine, but no host vouched for them.
        var kata = new ManifestKata { Id = "02-join", Project = "Join", Points = 2, Tests = ["N.T.A", "N.T.B"] };
        var build = Golden.Built(Golden.Stub, null);
        var log = new TestRunLog([Golden.Test("N.T.A", TestOutcome.Passed), Golden.Test("N.T.B", TestOutcome.Passed)], ["The test run stopped before it could report its end."], Aborted: true, Readable: true)
        {
            Ended = false,
        };

        var grade = Scorer.Grade(kata, RunAttribution.Split([build], log, _ => kata.Tests)[build.Variant], []);

        Assert.That(grade.State, Is.EqualTo(KataState.Crashed));
        Assert.That(grade.Points, Is.Zero);
        Assert.That(grade.Detail, Does.Contain("vstest.console was stopped from outside"));
    }

    [Test]
    public void A_host_the_blame_collector_saw_crash_is_crashed_even_when_all_its_tests_reported()
    {
        var kata = new ManifestKata { Id = "02-join", Project = "Join", Points = 2, Tests = ["N.T.A", "N.T.B"] };
        var build = Golden.Built(Golden.Stub, null);
        var log = new TestRunLog([Golden.Test("N.T.A", TestOutcome.Passed), Golden.Test("N.T.B", TestOutcome.Passed)], ["The active test run was aborted. Reason: Test host process crashed"], Aborted: true, Readable: true)
        {
            CrashedSources = [Golden.Stub],
        };

        var grade = Scorer.Grade(kata, RunAttribution.Split([build], log, _ => kata.Tests)[build.Variant], []);

        Assert.That(grade.State, Is.EqualTo(KataState.Crashed));
        Assert.That(grade.Points, Is.Zero);
        Assert.That(grade.PassedCount, Is.EqualTo(2), "the reported passes are shown, at no points");
    }

    [Test]
    public void A_crashed_kata_scores_the_same_whether_graded_alone_or_beside_others()
    {
        // The same crash, reported after 9 passes when alone and after 2 in a loaded full run: both earn nothing.
        var kata = TimeoutKata();
        VariantRun Run(int passes) => new(null, kata.Tests.Take(passes).Select(t => Golden.Test(t, TestOutcome.Passed)).ToList(),
            "The active test run was aborted. Reason: Test host process crashed", RunningTest: kata.Tests[passes]);

        var alone = Scorer.Grade(kata, Run(9), []);
        var inFullRun = Scorer.Grade(kata, Run(2), []);

        Assert.That((alone.State, alone.Points), Is.EqualTo((KataState.Crashed, 0.0)));
        Assert.That((inFullRun.State, inFullRun.Points), Is.EqualTo((KataState.Crashed, 0.0)));
    }

    [Test]
    public void An_unreadable_log_cuts_every_assembly_short_and_never_passes_a_test()
    {
        var stub = Golden.Built(Golden.Stub, null);
        var runs = RunAttribution.Split([stub], TrxReader.Parse("<broken"), _ => TimeoutKata().Tests);
        var grade = Scorer.Grade(TimeoutKata(), runs[stub.Variant], []);

        Assert.That(grade.State, Is.EqualTo(KataState.Crashed));
        Assert.That(grade.Points, Is.Zero);
    }

    [Test]
    public void A_missing_project_does_not_compile()
    {
        var grade = Scorer.Grade(TimeoutKata(), null, []);

        Assert.That(grade.State, Is.EqualTo(KataState.DoesNotCompile));
        Assert.That(grade.Detail, Does.Contain("TimeLimit.csproj is missing"));
    }

    [Test]
    public void The_next_step_is_the_first_unfinished_kata()
    {
        var done = new KataGrade("01-a", KataState.Passed, [], 1, 1, null, []);
        var next = new KataGrade("02-b", KataState.InProgress, [new TestGrade("X.Y.Z", TestStatus.Failed, "boom", TimeSpan.Zero, 0, 1)], 0, 1, null, []);
        var report = new GradeReport([done, next], "exercises");

        var step = Output.NextStep.Of(report)!;

        Assert.That(step.KataId, Is.EqualTo("02-b"));
        Assert.That(step.FailingTest, Is.EqualTo("Z"));
        Assert.That(step.Why, Is.EqualTo("boom"));
        Assert.That(step.RunCommand, Is.EqualTo("dotnet test exercises/02-b"));
        Assert.That(step.HintCommand, Is.EqualTo(LearnerCommand.Of("hint 02-b")));
    }

    [Test]
    public void A_host_cut_short_that_exited_in_order_was_ended_by_Environment_Exit()
    {
        var exit = new VariantBuild(new Variant("/tmp/fx/exercises/01-crash/Crash.csproj", null), "/tmp/fx/artifacts/bin/Crash/debug_exercises/Crash.dll", null);
        var hung = new VariantBuild(new Variant("/tmp/fx/exercises/02-hang/Hang.csproj", null), "/tmp/fx/artifacts/bin/Hang/debug_exercises/Hang.dll", null);
        string[] crashTests = ["Katas.Crash.CrashTests.A_passes", "Katas.Crash.CrashTests.B_misbehaves"];
        string[] hangTests = ["Katas.Hang.HangTests.A", "Katas.Hang.HangTests.B"];
        var log = new TestRunLog([], ["The active test run was aborted. Reason: Test host process crashed",
                "Data collector 'Blame' message: The specified inactivity time of 20 seconds has elapsed. Collecting hang dumps from testhost and its child processes."],
            Aborted: true, Readable: true)
        {
            ExitedHosts = [("/tmp/fx/artifacts/bin/Crash/debug_exercises/", 0, true)],
            Unfinished = [("/tmp/fx/artifacts/bin/Hang/debug_exercises/Hang.dll", "Katas.Hang.HangTests.A"), ("/tmp/fx/artifacts/bin/Crash/debug_exercises/Crash.dll", "Katas.Crash.CrashTests.B_misbehaves")],
        };

        var runs = RunAttribution.Split([exit, hung], log, v => v == exit.Variant ? crashTests : hangTests);
        var exitGrade = Scorer.Grade(new ManifestKata { Id = "01-crash", Project = "Crash", Points = 2, Tests = [.. crashTests] }, runs[exit.Variant], []);
        var hangGrade = Scorer.Grade(new ManifestKata { Id = "02-hang", Project = "Hang", Points = 2, Tests = [.. hangTests] }, runs[hung.Variant], []);

        Assert.That(exitGrade.State, Is.EqualTo(KataState.Crashed));
        Assert.That(exitGrade.Detail, Does.Contain("Environment.Exit(0)").And.Contain("while running B_misbehaves"));
        Assert.That(hangGrade.State, Is.EqualTo(KataState.TimedOut));
        Assert.That(hangGrade.Detail, Does.Contain("while running A"));
    }
}
