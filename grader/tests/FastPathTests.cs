using System.Security.Cryptography;
using Katas.Grader.FastPath;
using Katas.Grader.Running;
using Katas.Grader.Scoring;
using Katas.Grader.TestLogger;
using Microsoft.CodeAnalysis;

namespace Katas.Grader.Tests;

/// <summary>
/// The fast path's pieces (grader/FastPath): csc's command line read back, the rule that recompiles the tests only when
/// the learner's surface changed, and the worker's results log (signed by the logger's own writer, refused when forged).
/// </summary>
public class FastPathTests
{
    private static readonly string Runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

    [Test]
    public void A_captured_command_line_gives_outputs_sources_references_and_options()
    {
        var project = Path.Combine(Path.GetTempPath(), "kata", "learner");
        var arguments = CompilerArguments.Parse(
        [
            "/noconfig", "/nullable:enable", "/define:TRACE;DEBUG", "/debug:portable", "/deterministic+", "/langversion:latest",
            $"/reference:{Path.Combine(Runtime, "System.Runtime.dll")}", "/out:obj/Join.Learner.dll", "/refout:obj/refint/Join.Learner.dll",
            "/target:library", "/skipanalyzers+", "Join.cs", "../Learner.AssemblyInfo.cs",
        ], project);

        Assert.That(arguments, Is.Not.Null, "a command line csc accepts must be read");
        Assert.Multiple(() =>
        {
            Assert.That(arguments!.OutputPath, Is.EqualTo(Path.Combine(project, "obj", "Join.Learner.dll")));
            Assert.That(arguments.SourcePaths, Is.EqualTo(new[] { Path.Combine(project, "Join.cs"), Path.GetFullPath(Path.Combine(project, "..", "Learner.AssemblyInfo.cs")) }));
            Assert.That(arguments.ReferencePaths, Is.EqualTo(new[] { Path.Combine(Runtime, "System.Runtime.dll") }));
            Assert.That(arguments.Parsed.CompilationOptions.NullableContextOptions, Is.EqualTo(NullableContextOptions.Enable));
            Assert.That(arguments.Parsed.ParseOptions.PreprocessorSymbolNames, Does.Contain("DEBUG"));
            Assert.That(arguments.Parsed.CompilationOptions.Deterministic, Is.True);
        });
    }

    [Test]
    public void A_command_line_csc_would_refuse_is_not_used()
    {
        Assert.That(CompilerArguments.Parse(["/nosuchoption", "/out:a.dll", "a.cs"], Path.GetTempPath()), Is.Null);
        Assert.That(CompilerArguments.Parse(["/out:a.dll"], Path.GetTempPath()), Is.Null, "no source");
    }

    [Test]
    public void MSBuilds_answer_is_read_item_by_item_and_anything_else_is_no_answer()
    {
        const string Answer = """{ "Items": { "CscCommandLineArgs": [ { "Identity": "/noconfig", "FullPath": "/noconfig" }, { "Identity": "Join.cs" } ] } }""";
        Assert.That(CompilerArguments.ReadItems(Answer), Is.EqualTo(new[] { "/noconfig", "Join.cs" }));
        Assert.That(CompilerArguments.ReadItems("error MSB4057: the target does not exist"), Is.Null);
        Assert.That(CompilerArguments.ReadItems("""{ "Items": { } }"""), Is.Null);
    }

    [Test]
    public void A_change_inside_a_method_body_keeps_the_surface_so_the_tests_are_not_recompiled()
    {
        using var project = new ScratchProject();
        var before = project.ReferenceOf("public static class Join { public static int Answer() => 41; internal static int Helper() => 1; }");
        var bodyOnly = project.ReferenceOf("public static class Join { public static int Answer() { var x = 42; return x; } internal static int Helper() => 2; }");
        Assert.That(bodyOnly, Is.EqualTo(before), "the reference assembly must not change when only bodies change");
    }

    [TestCase("public static class Join { public static int Answer() => 41; public static int More() => 0; internal static int Helper() => 1; }", TestName = "A_new_public_member_changes_the_surface")]
    [TestCase("public static class Join { public static int Answer() => 41; internal static int Helper() => 1; internal static int Other() => 0; }", TestName = "A_new_internal_member_changes_the_surface_the_tests_see")]
    [TestCase("public static class Join { public static long Answer() => 41; internal static int Helper() => 1; }", TestName = "A_changed_signature_changes_the_surface")]
    public void A_change_of_what_the_tests_can_see_recompiles_them(string changed)
    {
        using var project = new ScratchProject();
        var before = project.ReferenceOf("public static class Join { public static int Answer() => 41; internal static int Helper() => 1; }");
        Assert.That(project.ReferenceOf(changed), Is.Not.EqualTo(before));
    }

    [Test]
    public void The_workers_signed_log_is_read_as_the_vstest_loggers()
    {
        var (log, key) = WrittenLog(lines =>
        {
            lines.Started("Katas.Join.JoinTests.Completes");
            lines.Result("/fast/Join.dll", "Katas.Join.JoinTests.Completes", "Passed", 12, null, null);
            lines.Started("Katas.Join.JoinTests.Fails");
            lines.Result("/fast/Join.dll", "Katas.Join.JoinTests.Fails", "Failed", 3, "finished at t=150 ms, expected t=100 ms", "at Join");
            lines.End(false, false, null, 2);
        });
        var read = ResultsLogReader.ReadFile(log, key);
        var run = TestWorkerRun.Judge(read, new ProcessResult(0, false, "", TimeSpan.Zero), TestRunLimits.Default, null);
        Assert.Multiple(() =>
        {
            Assert.That(read.Tampered, Is.Null);
            Assert.That(run.AbortReason, Is.Null);
            Assert.That(run.Tests.Select(t => (t.FullName, t.Outcome)), Is.EqualTo(new[]
            {
                ("Katas.Join.JoinTests.Completes", TestOutcome.Passed), ("Katas.Join.JoinTests.Fails", TestOutcome.Failed),
            }));
        });
    }

    [Test]
    public void A_result_line_the_worker_did_not_sign_makes_the_run_tampered_with()
    {
        var (log, key) = WrittenLog(lines =>
        {
            lines.Result("/fast/Join.dll", "Katas.Join.JoinTests.Completes", "Failed", 12, "no", null);
            lines.End(false, false, null, 1);
        });
        // Code under test that found the file rewrites the failure as a pass, signed with a key of its own.
        var forged = File.ReadAllText(log).Replace("\"Failed\"", "\"Passed\"", StringComparison.Ordinal);
        var lines = forged.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => ResultsLogReader.Sign(l[..l.LastIndexOf('\t')], RandomNumberGenerator.GetBytes(32)));
        File.WriteAllText(log, string.Concat(lines));

        var run = TestWorkerRun.Judge(ResultsLogReader.ReadFile(log, key), new ProcessResult(0, false, "", TimeSpan.Zero), TestRunLimits.Default, null);
        var grade = Scorer.Grade(Kata(), run, []);
        Assert.Multiple(() =>
        {
            Assert.That(run.Tampered, Is.True);
            Assert.That(grade.State, Is.EqualTo(KataState.TestsModified));
            Assert.That(grade.Points, Is.Zero);
        });
    }

    [Test]
    public void A_worker_that_ended_without_the_logs_end_crashed_and_names_the_running_test()
    {
        var (log, key) = WrittenLog(lines =>
        {
            lines.Result("/fast/Join.dll", "Katas.Join.JoinTests.Completes", "Passed", 12, null, null);
            lines.Dispose();
        });
        var run = TestWorkerRun.Judge(ResultsLogReader.ReadFile(log, key), new ProcessResult(134, false, "Stack overflow.", TimeSpan.Zero),
            TestRunLimits.Default, "Katas.Join.JoinTests.Fails");
        var grade = Scorer.Grade(Kata(), run, []);
        Assert.Multiple(() =>
        {
            Assert.That(grade.State, Is.EqualTo(KataState.Crashed));
            Assert.That(grade.Points, Is.Zero);
            Assert.That(grade.Detail, Does.Contain("while running Fails").And.Contain("Stack overflow."));
        });
    }

    [Test]
    public void A_worker_stopped_for_making_no_progress_timed_out()
    {
        var (log, key) = WrittenLog(lines => lines.Started("Katas.Join.JoinTests.Completes"));
        var run = TestWorkerRun.Judge(ResultsLogReader.ReadFile(log, key), null, TestRunLimits.Default, "Katas.Join.JoinTests.Completes");
        Assert.That(Scorer.Grade(Kata(), run, []).State, Is.EqualTo(KataState.TimedOut));
    }

    private static Manifest.ManifestKata Kata() => new()
    {
        Id = "02-join",
        Project = "Join",
        Points = 2,
        Tests = ["Katas.Join.JoinTests.Completes", "Katas.Join.JoinTests.Fails"],
    };

    private static (string Path, byte[] Key) WrittenLog(Action<SignedResultLines> write)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var path = Path.Combine(Directory.CreateTempSubdirectory("grader-fast-log-").FullName, ResultsLogReader.FileName);
        using (var lines = new SignedResultLines(path, key)) write(lines);
        return (path, key);
    }

    /// <summary>A one-file learner project (with InternalsVisibleTo, as the clean room's) compiled by the warm compiler.</summary>
    private sealed class ScratchProject : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("grader-fast-compile-").FullName;

        public byte[] ReferenceOf(string code)
        {
            File.WriteAllText(Path.Combine(_folder, "Join.cs"), "[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Join\")]\nnamespace Katas.Join;\n" + code);
            var references = Directory.EnumerateFiles(Runtime, "System.*.dll").Where(f => f.EndsWith("System.Runtime.dll", StringComparison.Ordinal) || f.EndsWith("System.Private.CoreLib.dll", StringComparison.Ordinal))
                .Append(typeof(object).Assembly.Location).Distinct().Select(r => $"/reference:{r}");
            var arguments = CompilerArguments.Parse(["/deterministic+", "/target:library", "/out:Join.Learner.dll", .. references, "Join.cs"], _folder)!;
            var outcome = new WarmCompiler(arguments, [Path.Combine(_folder, "Join.cs")]).Compile();
            Assert.That(outcome.Errors, Is.Empty, string.Join("\n", outcome.Errors));
            return outcome.Assembly!.ReferenceImage;
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
