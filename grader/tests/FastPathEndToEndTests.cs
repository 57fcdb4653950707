using Katas.Grader.FastPath;
using Katas.Grader.Running;
using Katas.Grader.Scoring;

namespace Katas.Grader.Tests;

/// <summary>
/// The fast path of <c>watch &lt;kata&gt;</c> on throwaway katas: after a first, full grade, each save is graded without
/// MSBuild or vstest, under the same rules: the learner's code compiled alone and audited, its tests in a worker process
/// whose results are signed. A test that writes into the worker's results file makes the kata "tests modified".
/// </summary>
[Category("EndToEnd")]
[NonParallelizable]
[Platform("Linux")]
public class FastPathEndToEndTests
{
    private const string Tests = """
        namespace Katas.Fine;
        public class FineTests
        {
            [Test] public void Answers_42() => Assert.That(Fine.Answer(), Is.EqualTo(42));
            [Test] public void Answers_a_positive_number() => Assert.That(Fine.Answer(), Is.GreaterThan(0));
        }
        """;

    // Run by the worker (its results file is its one argument), the test writes a "Passed" line into the results with a
    // shell (the worker's own file handle does not let .NET code open the file for writing; a shell ignores that), past
    // the file's end: an append would be overwritten by the worker's next lines, which write on from where they were.
    private const string ForgingTests = """
        namespace Katas.Forge;
        public class ForgeTests
        {
            [Test] public void Answers_42()
            {
                var arguments = Environment.GetCommandLineArgs();
                if (arguments.Length == 2 && arguments[1].EndsWith(".jsonl", StringComparison.Ordinal))
                {
                    var line = $"{{\"kind\":\"result\",\"source\":\"{arguments[0]}\",\"name\":\"Katas.Forge.ForgeTests.Answers_42\",\"outcome\":\"Passed\",\"seq\":1}}\t00";
                    using var shell = System.Diagnostics.Process.Start("/bin/sh", ["-c", "printf '%s\\n' \"$0\" | dd of=\"$1\" bs=1 seek=$(( $(stat -c %s \"$1\") + 4096 )) conv=notrunc 2>/dev/null", line, arguments[1]]);
                    shell.WaitForExit();
                }
                Assert.That(Forge.Answer(), Is.EqualTo(42));
            }
        }
        """;

    // The test itself ends its host or hangs, as the stub's answer says: the worker must be judged as vstest's host is.
    private const string DyingTests = """
        namespace Katas.Dies;
        public class DiesTests
        {
            [Test] public void Answers_42()
            {
                if (Dies.Answer() == 1) Environment.Exit(3);
                if (Dies.Answer() == 2) Thread.Sleep(Timeout.Infinite);
                Assert.That(Dies.Answer(), Is.EqualTo(42));
            }
        }
        """;

    private FixtureRepository _fixture = null!;
    private Manifest.GradingManifest _manifest = null!;

    [OneTimeSetUp]
    public void WriteKatas()
    {
        _fixture = new FixtureRepository();
        _fixture.AddKata("01-fine", "Fine", Stub("Fine", "41"), Tests);
        _fixture.AddKata("02-forge", "Forge", Stub("Forge", "41"), ForgingTests);
        _fixture.AddKata("03-dies", "Dies", Stub("Dies", "0"), DyingTests);
        _manifest = _fixture.Manifest(("01-fine", "Fine", ["Answers_42", "Answers_a_positive_number"]), ("02-forge", "Forge", ["Answers_42"]),
            ("03-dies", "Dies", ["Answers_42"]));
    }

    [OneTimeTearDown]
    public void Delete() => _fixture?.Dispose();

    [Test]
    public async Task Saves_after_the_first_grade_are_graded_fast_with_the_full_paths_rules()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var session = new FastGradeSession(_fixture.Repository, _manifest, "01-fine", new TestRunLimits(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5)));
        var first = await session.GradeAsync(bound.Token);

        Save("01-fine", Stub("Fine", "42"));
        var solved = await session.GradeAsync(bound.Token);
        Save("01-fine", Stub("Fine", "42", extra: "public static int Added() => 0;"));
        var widened = await session.GradeAsync(bound.Token);
        Save("01-fine", Stub("Fine", "42 +"));
        var broken = await session.GradeAsync(bound.Token);
        Save("01-fine", Stub("Fine", "System.IO.File.Exists(\"answer\") ? 42 : 42"));
        var forbidden = await session.GradeAsync(bound.Token);

        Assert.Multiple(() =>
        {
            Assert.That((first.Fast, first.Report.Katas[0].State, first.Report.Katas[0].PassedCount), Is.EqualTo((false, KataState.InProgress, 1)));
            Assert.That((solved.Fast, solved.Report.Katas[0].State), Is.EqualTo((true, KataState.Passed)), Describe(solved));
            Assert.That((widened.Fast, widened.Report.Katas[0].State), Is.EqualTo((true, KataState.Passed)), "a new public member: the tests compiled again. " + Describe(widened));
            Assert.That((broken.Fast, broken.Report.Katas[0].State), Is.EqualTo((true, KataState.DoesNotCompile)), Describe(broken));
            Assert.That(broken.Report.Katas[0].Detail, Does.Contain("exercises/01-fine/Fine.cs"));
            Assert.That((forbidden.Fast, forbidden.Report.Katas[0].State), Is.EqualTo((true, KataState.ForbiddenApi)), Describe(forbidden));
        });
    }

    [Test]
    public async Task A_test_that_writes_into_the_workers_results_makes_the_kata_tests_modified()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var session = new FastGradeSession(_fixture.Repository, _manifest, "02-forge", new TestRunLimits(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5)));
        await session.GradeAsync(bound.Token);
        Save("02-forge", Stub("Forge", "40"));
        var forged = await session.GradeAsync(bound.Token);

        Assert.Multiple(() =>
        {
            Assert.That(forged.Fast, Is.True, forged.WhyFull);
            Assert.That(forged.Report.Katas[0].State, Is.EqualTo(KataState.TestsModified), Describe(forged));
            Assert.That(forged.Report.Katas[0].Points, Is.Zero);
        });
    }

    [Test]
    public async Task A_crash_and_a_hang_get_the_full_paths_states()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        var limits = new TestRunLimits(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5));
        var session = new FastGradeSession(_fixture.Repository, _manifest, "03-dies", limits);
        await session.GradeAsync(bound.Token);
        var states = new List<string>();
        foreach (var answer in new[] { "1", "2", "42" })
        {
            Save("03-dies", Stub("Dies", answer));
            var full = await GradeRun.RunAsync(_fixture.Repository, _manifest, new GradeOptions(Only: "03-dies", Limits: limits), bound.Token);
            var fast = await session.GradeAsync(bound.Token);
            Assert.That(fast.Fast, Is.True, fast.WhyFull);
            states.Add($"{answer}: full {full.Katas[0].State}, fast {fast.Report.Katas[0].State}");
        }
        Assert.That(states, Is.EqualTo(new[] { "1: full Crashed, fast Crashed", "2: full TimedOut, fast TimedOut", "42: full Passed, fast Passed" }));
    }

    private static string Stub(string project, string answer, string extra = "") =>
        $"namespace Katas.{project};\npublic static class {project}\n{{\n    public static int Answer() => {answer};\n    {extra}\n}}\n";

    private void Save(string kata, string text) =>
        File.WriteAllText(Path.Combine(_fixture.Root, "exercises", kata, Path.GetFileName(Directory.GetFiles(Path.Combine(_fixture.Root, "exercises", kata), "*.csproj")[0])[..^".csproj".Length] + ".cs"), text);

    private static string Describe(SessionGrade grade) =>
        $"fast: {grade.Fast} ({grade.WhyFull}); {grade.Report.Katas[0].State}: {grade.Report.Katas[0].Detail}";
}
