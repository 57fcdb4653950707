using System.Diagnostics;
using Katas.Grader.Manifest;
using Katas.Grader.Running;
using Katas.Grader.Scoring;

namespace Katas.Grader.Tests;

/// <summary>
/// The whole path (build, one test run, attribution, scoring) on a throwaway repository of real kata projects whose
/// learners misbehave: each gives a correct report in bounded time and never a pass, and costs only its own kata.
/// One grade of all of them (one build, one test run), then one test per misbehaviour.
/// </summary>
[Category("EndToEnd")]
[NonParallelizable]
public class EndToEndTests
{
    private FixtureRepository _fixture = null!;
    private GradeReport _report = null!;
    private TimeSpan _elapsed;
    private long _peakMemoryBefore;
    private readonly string _sleep = "300." + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(10);

    private const string Tests = """
        namespace Katas.{0};
        public class {0}Tests
        {{
            [Test] public void Answers_42() => Assert.That({0}.Answer(), Is.EqualTo(42));
            [Test] public void Answers_again() => Assert.That({0}.Answer(), Is.EqualTo(42));
        }}
        """;

    private static string TestsOf(string project) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Tests, project);

    private static string Stub(string project, string body, string extra = "") =>
        $"namespace Katas.{project};\npublic static class {project}\n{{\n    public static int Answer()\n    {{\n        {body}\n    }}\n{extra}\n}}\n";

    [OneTimeSetUp]
    public async Task GradeMisbehavingKatas()
    {
        _fixture = new FixtureRepository();
        var f = _fixture;
        // A sound kata, half done: it must be graded normally whatever its neighbours do.
        f.AddKata("01-fine", "Fine", "namespace Katas.Fine;\npublic static class Fine { public static int Answer() => 42; }\n",
            "namespace Katas.Fine;\npublic class FineTests\n{\n    [Test] public void Answers_42() => Assert.That(Fine.Answer(), Is.EqualTo(42));\n    [Test] public void Answers_again() => Assert.That(Fine.Answer(), Is.EqualTo(43));\n}\n");
        f.AddKata("02-exit", "Exit", Stub("Exit", "Environment.Exit(0); return 42;"), TestsOf("Exit"));
        f.AddKata("03-stack", "Stack", Stub("Stack", "return Recurse(1);", "    private static int Recurse(int n) => Recurse(n + 1) + 1;"), TestsOf("Stack"));
        f.AddKata("04-async-void", "AsyncVoid", Stub("AsyncVoid", "Task.Run(() => Fire()); Thread.Sleep(60_000); return 42;",
            "    private static async void Fire() { await Task.Yield(); throw new InvalidOperationException(\"escaped async void\"); }"), TestsOf("AsyncVoid"));
        // 10 MB of output per test (50 MB × 14, measured separately, takes minutes): the grader's memory must not follow.
        f.AddKata("05-print", "Print", Stub("Print", "for (var i = 0; i < 10_000; i++) Console.Out.Write(new string('x', 1024)); return 41;"), TestsOf("Print"));
        f.AddKata("06-deleted", "Deleted", Stub("Deleted", "return 42;"), TestsOf("Deleted"));
        f.AddKata("07-snapshot", "Snapshot", Stub("Snapshot", "return 42;"), TestsOf("Snapshot"));
        f.Write("exercises/07-snapshot/__snapshots__/SnapshotTests.Answers_42.snap", "42\n");
        f.AddKata("08-hang", "Hang", Stub("Hang", "Thread.Sleep(Timeout.Infinite); return 42;"), TestsOf("Hang"));
        f.AddKata("09-broken", "Broken", Stub("Broken", "return 42 // the learner forgot a semicolon"), TestsOf("Broken"));
        // A second fixture given the real one's name, run first, with empty tests of the real names.
        f.AddKata("10-duplicate", "Duplicate", Stub("Duplicate", "return 41;") + """
            [TestFixture(TestName = "DuplicateTests"), Order(0)]
            public class Shadow
            {
                [Test] public void Answers_42() { }
                [Test] public void Answers_again() { }
            }
            """, TestsOf("Duplicate"));
        // A test (not the learner) starts a process that would outlive the run.
        f.AddKata("11-sleeper", "Sleeper", Stub("Sleeper", "return 41;"),
            TestsOf("Sleeper").Replace("{\n    [Test]", $"{{\n    [Test] public void Starts_a_sleep() => System.Diagnostics.Process.Start(\"sleep\", \"{_sleep}\");\n    [Test]", StringComparison.Ordinal));

        var methods = new[] { "Answers_42", "Answers_again" };
        var manifest = f.Manifest(
            ("01-fine", "Fine", methods), ("02-exit", "Exit", methods), ("03-stack", "Stack", methods), ("04-async-void", "AsyncVoid", methods),
            ("05-print", "Print", methods), ("06-deleted", "Deleted", methods), ("07-snapshot", "Snapshot", methods),
            ("08-hang", "Hang", methods), ("09-broken", "Broken", methods), ("10-duplicate", "Duplicate", methods),
            ("11-sleeper", "Sleeper", ["Starts_a_sleep", .. methods]));
        // The learner deletes a test file, and edits a snapshot.
        File.Delete(Path.Combine(f.Root, "exercises", "06-deleted", "DeletedTests.cs"));
        f.Write("exercises/07-snapshot/__snapshots__/SnapshotTests.Answers_42.snap", "41\n");

        using var bound = new CancellationTokenSource(Bound);
        _peakMemoryBefore = PeakMemory();
        var stopwatch = Stopwatch.StartNew();
        _report = await GradeRun.RunAsync(f.Repository, manifest,
            new GradeOptions(Limits: new TestRunLimits(TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(8))), bound.Token);
        _elapsed = stopwatch.Elapsed;
    }

    [OneTimeTearDown]
    public void Delete() => _fixture?.Dispose();

    private KataGrade Kata(string id) => _report.Katas.Single(k => k.Id == id);

    [Test]
    public void The_whole_grade_finishes_in_bounded_time()
    {
        Assert.That(_elapsed, Is.LessThan(Bound));
        Assert.That(_report.Katas, Has.Count.EqualTo(11));
    }

    /// <summary>The process's peak resident memory (VmHWM on Linux).</summary>
    private static long PeakMemory()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }

    [Test]
    public void A_sound_kata_beside_misbehaving_ones_is_graded_normally()
    {
        Assert.That(Kata("01-fine").State, Is.EqualTo(KataState.InProgress));
        Assert.That(Kata("01-fine").PassedCount, Is.EqualTo(1));
        Assert.That(Kata("01-fine").Points, Is.EqualTo(1));
    }

    [Test]
    public void Environment_Exit_in_the_learners_code_is_a_forbidden_API_never_a_pass()
    {
        // The audit of the learner's assembly refuses it before any test runs (grader/Audit).
        var kata = Kata("02-exit");
        Assert.That(kata.State, Is.EqualTo(KataState.ForbiddenApi), kata.Detail);
        Assert.That(kata.Detail, Does.Contain("System.Environment.Exit at exercises/02-exit/Exit.cs:6"));
        Assert.That(kata.Points, Is.Zero);
    }

    [Test]
    public void A_stack_overflow_is_a_crash_that_names_the_running_test()
    {
        var kata = Kata("03-stack");
        Assert.That(kata.State, Is.EqualTo(KataState.Crashed), kata.Detail);
        Assert.That(kata.Points, Is.Zero);
        Assert.That(kata.Detail, Does.Contain("while running Answers_"));
    }

    [Test]
    public void An_exception_escaping_async_void_is_a_crash_never_a_pass()
    {
        var kata = Kata("04-async-void");
        Assert.That(kata.State, Is.EqualTo(KataState.Crashed), kata.Detail);
        Assert.That(kata.Points, Is.Zero);
    }

    [Test]
    public void Printing_10_MB_gives_an_ordinary_report()
    {
        var kata = Kata("05-print");
        Assert.That(kata.State, Is.EqualTo(KataState.NotStarted), kata.Detail);
        Assert.That(kata.FirstFailure!.Message, Does.Contain("42"));
    }

    [Test]
    public void Printing_10_MB_per_test_does_not_follow_into_the_grader_s_memory()
    {
        // The grader runs in this test process: its peak resident memory must stay far below the 20 MB printed and under 500 MB.
        var peak = PeakMemory();
        TestContext.Out.WriteLine($"peak resident memory: {_peakMemoryBefore / 1_000_000} MB before the grade, {peak / 1_000_000} MB after");
        Assert.That(peak, Is.LessThan(500_000_000L), $"peak resident memory {peak / 1_000_000} MB");
        Assert.That(peak - _peakMemoryBefore, Is.LessThan(100_000_000L), $"the grade raised the peak from {_peakMemoryBefore / 1_000_000} MB to {peak / 1_000_000} MB");
    }

    [Test]
    public void A_second_fixture_of_the_tests_names_in_the_learners_code_never_passes()
    {
        // The learner's files are built without the test framework, so a fixture there does not even compile; a run
        // that reports a test twice (were it to get that far) is "tests modified": ScorerTests pins that rule.
        var kata = Kata("10-duplicate");
        Assert.That(kata.State, Is.EqualTo(KataState.DoesNotCompile), kata.Detail);
        Assert.That(kata.Points, Is.Zero);
        Assert.That(kata.Detail, Does.Contain("TestFixture"));
        Assert.That(Rendered(), Does.Contain("10-duplicate").And.Contain("does not compile"));
        Assert.That(Json("10-duplicate").GetProperty("state").GetString(), Is.EqualTo("does_not_compile"));
    }

    [Test]
    [Platform("Linux")]
    public void A_process_a_test_started_does_not_outlive_the_grade()
    {
        Assert.That(Kata("11-sleeper").Tests.Single(t => t.ShortName == "Starts_a_sleep").Status, Is.EqualTo(TestStatus.Passed), "the sleep was started");
        var survivors = Directory.EnumerateDirectories("/proc").Where(folder =>
        {
            try { return File.ReadAllText(Path.Combine(folder, "cmdline")).Contains(_sleep, StringComparison.Ordinal); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
        }).ToList();
        Assert.That(survivors, Is.Empty, $"`sleep {_sleep}` survived the grade");
    }

    [Test]
    public void A_hang_leaves_no_dump_anywhere()
    {
        var dumps = Directory.EnumerateFiles(_fixture.Root, "*.dmp", SearchOption.AllDirectories).ToList();
        Assert.That(dumps, Is.Empty);
    }

    private string Rendered()
    {
        var output = new StringWriter();
        Output.TableRenderer.Render(_report, Commands.GradeCommand.ConsoleFor(output, toTerminal: false));
        return output.ToString();
    }

    private System.Text.Json.JsonElement Json(string id)
    {
        using var document = System.Text.Json.JsonDocument.Parse(Output.JsonRenderer.Render(_report));
        return document.RootElement.GetProperty("katas").EnumerateArray().Single(k => k.GetProperty("id").GetString() == id).Clone();
    }

    [Test]
    public void A_deleted_test_file_is_tests_modified_naming_the_file()
    {
        var kata = Kata("06-deleted");
        Assert.That(kata.State, Is.EqualTo(KataState.TestsModified));
        Assert.That(kata.Detail, Does.Contain("exercises/06-deleted/DeletedTests.cs (deleted)"));
        Assert.That(kata.Points, Is.Zero);
    }

    [Test]
    public void An_edited_snapshot_is_tests_modified_naming_the_file()
    {
        var kata = Kata("07-snapshot");
        Assert.That(kata.State, Is.EqualTo(KataState.TestsModified));
        Assert.That(kata.Detail, Does.Contain("exercises/07-snapshot/__snapshots__/SnapshotTests.Answers_42.snap (changed)"));
        Assert.That(kata.Points, Is.Zero);
    }

    [Test]
    public void A_hang_is_timed_out_never_a_pass()
    {
        var kata = Kata("08-hang");
        Assert.That(kata.State, Is.EqualTo(KataState.TimedOut), kata.Detail);
        Assert.That(kata.Points, Is.Zero);
    }

    [Test]
    public void A_compile_error_shows_the_first_error_with_file_and_line()
    {
        var kata = Kata("09-broken");
        Assert.That(kata.State, Is.EqualTo(KataState.DoesNotCompile));
        Assert.That(kata.Detail, Does.StartWith("exercises/09-broken/Broken.cs(6): error CS1002"));
    }
}
