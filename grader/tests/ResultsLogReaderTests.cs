using Katas.Grader.Running;
using Katas.Grader.Scoring;

namespace Katas.Grader.Tests;

/// <summary>The grader's own results log (one JSON line per result, naming its assembly).</summary>
public class ResultsLogReaderTests
{
    [Test]
    public void Two_builds_of_one_project_in_one_run_keep_their_own_results()
    {
        // A real run: the crash fixture (stack overflow), 07-timeout's stub and its reference, in one vstest invocation.
        var log = ResultsLogReader.Parse(Golden.Text("crash-stack-overflow.jsonl"));

        var stub = log.Tests.Where(t => t.AssemblyPath.EndsWith("debug_exercises/TimeLimit.dll", StringComparison.Ordinal)).ToList();
        var reference = log.Tests.Where(t => t.AssemblyPath.EndsWith("debug_solutions/TimeLimit.dll", StringComparison.Ordinal)).ToList();
        Assert.That(stub, Has.Count.EqualTo(11));
        Assert.That(stub.All(t => t.Outcome == TestOutcome.Failed), Is.True);
        Assert.That(reference, Has.Count.EqualTo(11));
        Assert.That(reference.All(t => t.Outcome == TestOutcome.Passed), Is.True);
        Assert.That(log.Aborted, Is.True);
        Assert.That(log.RunMessages, Has.Some.Contains("Test host process crashed : Stack overflow"));
    }

    [Test]
    public void A_crash_in_a_shared_run_costs_only_its_own_kata()
    {
        var log = ResultsLogReader.Parse(Golden.Text("crash-stack-overflow.jsonl"));
        var crash = new VariantBuild(new Variant("/tmp/fx/exercises/01-crash/Crash.csproj", null), "/tmp/fx/artifacts/bin/Crash/debug_exercises/Crash.dll", null);
        var stub = Golden.Built(Golden.Stub, null);
        var reference = Golden.Built("/work/main/artifacts/bin/TimeLimit/debug_solutions/TimeLimit.dll", "solutions");
        var timeoutTests = log.Tests.Where(t => t.AssemblyPath == Golden.Stub).Select(t => t.FullName).ToList();
        string[] crashTests = ["Katas.Crash.CrashTests.A_passes", "Katas.Crash.CrashTests.B_misbehaves", "Katas.Crash.CrashTests.C_passes"];

        var runs = RunAttribution.Split([crash, stub, reference], log, v => v == crash.Variant ? crashTests : timeoutTests);

        Assert.That(runs[crash.Variant].AbortReason, Does.Contain("Stack overflow"));
        Assert.That(runs[stub.Variant].AbortReason, Is.Null);
        Assert.That(runs[reference.Variant].AbortReason, Is.Null);
        Assert.That(runs[reference.Variant].Tests.All(t => t.Outcome == TestOutcome.Passed), Is.True);
    }

    [Test]
    public void A_run_killed_before_its_end_is_aborted_but_keeps_what_it_reported()
    {
        const string text = """
            {"kind":"result","source":"/r/Join.dll","name":"K.T.A","outcome":"Passed","duration_ms":3.5,"message":null,"stack":null}
            {"kind":"result","source":"/r/Join.dll","name":"K.T.B","outco
            """;

        var log = ResultsLogReader.Parse(text);

        Assert.That(log.Tests.Single().FullName, Is.EqualTo("K.T.A"));
        Assert.That(log.Tests.Single().Duration, Is.EqualTo(TimeSpan.FromMilliseconds(3.5)));
        Assert.That(log.Aborted, Is.True);
    }

    [Test]
    public void An_empty_log_is_unreadable()
    {
        Assert.That(ResultsLogReader.Parse("").Readable, Is.False);
    }

    [Test]
    public void A_complete_run_is_not_aborted()
    {
        var log = ResultsLogReader.Parse("{\"kind\":\"result\",\"source\":\"/r/J.dll\",\"name\":\"K.T.A\",\"outcome\":\"Failed\",\"message\":\"boom\"}\n{\"kind\":\"complete\",\"aborted\":false}\n");

        Assert.That(log.Aborted, Is.False);
        Assert.That(log.Tests.Single().Message, Is.EqualTo("boom"));
    }
}
