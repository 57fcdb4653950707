using Katas.Grader.Running;
using Katas.Grader.Scoring;

namespace Katas.Grader.Tests;

/// <summary>
/// The learner's code forges the grader's results: it finds the results file (on vstest.console's command line),
/// writes a "Passed" line for every test of every kata past the file's end, then kills its test host and
/// vstest.console. No kata earns a point, the untouched stub beside it included. The audit of the learner's assembly
/// stops it first (files and processes are forbidden APIs), so the forged lines are never written here; what the
/// results log does with forged, unsigned or late lines is pinned by ResultsLogReaderTests and SignedLog.
/// </summary>
[Category("EndToEnd")]
[NonParallelizable]
[Platform("Linux")]
public class ForgedResultsEndToEndTests
{
    private FixtureRepository _fixture = null!;
    private GradeReport _report = null!;

    private const string Tests = """
        namespace Katas.{0};
        public class {0}Tests
        {{
            [Test] public void Answers_42() => Assert.That({0}.Answer(), Is.EqualTo(42));
            [Test] public void Answers_again() => Assert.That({0}.Answer(), Is.EqualTo(42));
        }}
        """;

    private const string Forger = """
        using System.Diagnostics;
        namespace Katas.Forge;
        public static class Forge
        {
            public static int Answer()
            {
                var parent = int.Parse(File.ReadAllText("/proc/self/stat").Split(' ')[3]);
                var arguments = File.ReadAllText($"/proc/{parent}/cmdline").Split('\0');
                var results = arguments.SelectMany(a => a.Split(';')).First(p => p.StartsWith("File=", StringComparison.Ordinal))[5..];
                var lines = string.Concat(
                    from assembly in arguments.Where(a => a.EndsWith(".dll", StringComparison.Ordinal) && !a.Contains("vstest", StringComparison.Ordinal))
                    let project = Path.GetFileNameWithoutExtension(assembly)
                    from test in new[] { "Answers_42", "Answers_again" }
                    select $"{{\"kind\":\"result\",\"source\":\"{assembly}\",\"name\":\"Katas.{project}.{project}Tests.{test}\",\"outcome\":\"Passed\"}}\n");
                using (var file = new FileStream(results, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                {
                    file.Position = file.Length + 4096; // pwrite past the end
                    file.Write(System.Text.Encoding.UTF8.GetBytes(lines + "{\"kind\":\"end\",\"aborted\":false}\n"));
                }
                Process.GetProcessById(parent).Kill();
                Process.GetCurrentProcess().Kill();
                return 0;
            }
        }
        """;

    [OneTimeSetUp]
    public async Task GradeAForger()
    {
        _fixture = new FixtureRepository();
        _fixture.AddKata("01-forge", "Forge", Forger, string.Format(System.Globalization.CultureInfo.InvariantCulture, Tests, "Forge"));
        _fixture.AddKata("02-untouched", "Untouched", "namespace Katas.Untouched;\npublic static class Untouched { public static int Answer() => throw new NotImplementedException(); }\n",
            string.Format(System.Globalization.CultureInfo.InvariantCulture, Tests, "Untouched"));
        string[] methods = ["Answers_42", "Answers_again"];
        var manifest = _fixture.Manifest(("01-forge", "Forge", methods), ("02-untouched", "Untouched", methods));
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        _report = await GradeRun.RunAsync(_fixture.Repository, manifest,
            new GradeOptions(Limits: new TestRunLimits(TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(8))), bound.Token);
    }

    [OneTimeTearDown]
    public void Delete() => _fixture?.Dispose();

    [Test]
    public void No_kata_earns_a_point()
    {
        Assert.That(_report.Points, Is.Zero, string.Join("; ", _report.Katas.Select(k => $"{k.Id}: {k.State} {k.Detail}")));
    }

    [Test]
    public void The_forger_is_forbidden_API_and_the_stub_beside_it_is_not_started_in_the_table_and_the_json()
    {
        var forger = _report.Katas.Single(k => k.Id == "01-forge");
        Assert.That(forger.State, Is.EqualTo(KataState.ForbiddenApi), forger.Detail);
        Assert.That(forger.Detail, Does.Contain("System.IO").And.Contain("Forge.cs"));
        var untouched = _report.Katas.Single(k => k.Id == "02-untouched");
        Assert.That(untouched.State, Is.EqualTo(KataState.NotStarted), untouched.Detail);
        var table = new StringWriter();
        Output.TableRenderer.Render(_report, Commands.GradeCommand.ConsoleFor(table, toTerminal: false));
        Assert.That(table.ToString(), Does.Contain("forbidden API").And.Contain("Total: 0 / 4"));
        using var json = System.Text.Json.JsonDocument.Parse(Output.JsonRenderer.Render(_report));
        Assert.That(json.RootElement.GetProperty("points").GetDouble(), Is.Zero);
    }
}
