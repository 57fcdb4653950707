using System.Text;
using Katas.Grader.Running;
using Katas.Grader.Scoring;

namespace Katas.Grader.Tests;

/// <summary>The grader's own results log: one signed JSON line per result, naming its assembly, and the run's end.</summary>
public class ResultsLogReaderTests
{
    private static TestRunLog Parse(string text) => ResultsLogReader.Parse(text, SignedLog.Key);

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    [Test]
    public void Two_builds_of_one_project_in_one_run_keep_their_own_results()
    {
        // A real run: the crash fixture (stack overflow), 07-timeout's stub and its reference, in one vstest invocation.
        var log = Parse(SignedLog.From(Golden.Text("crash-stack-overflow.jsonl")));

        var stub = log.Tests.Where(t => t.AssemblyPath.EndsWith("debug_exercises/TimeLimit.dll", StringComparison.Ordinal)).ToList();
        var reference = log.Tests.Where(t => t.AssemblyPath.EndsWith("debug_solutions/TimeLimit.dll", StringComparison.Ordinal)).ToList();
        Assert.That(log.Tampered, Is.Null);
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
        var log = Parse(SignedLog.From(Golden.Text("crash-stack-overflow.jsonl")));
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
    public void Builds_cut_short_by_the_runs_time_limit_are_marked_as_stopped_not_as_crashed()
    {
        var done = Golden.Built("/r/artifacts/bin/Join/debug_solutions/Join.dll", "solutions");
        var later = Golden.Built("/r/artifacts/bin/Join/debug_wrong-awaitssequentially/Join.dll", "wrong/AwaitsSequentially");
        var log = Parse(SignedLog.From(Lines(
            SignedLog.Result("Katas.Join.JoinTests.A", source: "/r/artifacts/bin/Join/debug_solutions/Join.dll"),
            """{"kind":"message","level":"Error","text":"Aborting test run: test run timeout of 600000 milliseconds exceeded."}""",
            """{"kind":"end","aborted":true}""")));

        var runs = RunAttribution.Split([done, later], log, _ => ["Katas.Join.JoinTests.A"]);

        Assert.That(runs[done.Variant].AbortReason, Is.Null, "a build whose tests all reported before the limit keeps its results");
        Assert.That(runs[later.Variant].RunStopped, Is.True);
        Assert.That(runs[later.Variant].AbortReason, Does.Contain("test run timeout of 600000 milliseconds"));
    }

    [Test]
    public void A_run_killed_in_mid_write_has_no_end_and_keeps_what_it_reported()
    {
        var signed = SignedLog.From(Lines(SignedLog.Result("K.T.A"), SignedLog.Result("K.T.B")));
        var cut = signed[..(signed.Length - 40)]; // the second line, cut by the kill

        var log = Parse(cut);

        Assert.That(log.Tampered, Is.Null);
        Assert.That(log.Tests.Single().FullName, Is.EqualTo("K.T.A"));
        Assert.That(log.Ended, Is.False);
        Assert.That(log.Aborted, Is.True);
    }

    [Test]
    public void An_empty_log_is_unreadable()
    {
        Assert.That(Parse("").Readable, Is.False);
    }

    [Test]
    public void A_complete_run_is_not_aborted()
    {
        var log = Parse(SignedLog.From(Lines("""{"kind":"result","source":"/r/J.dll","name":"K.T.A","outcome":"Failed","message":"boom"}""", SignedLog.End)));

        Assert.That(log.Tampered, Is.Null);
        Assert.That(log.Ended, Is.True);
        Assert.That(log.Aborted, Is.False);
        Assert.That(log.Tests.Single().Message, Is.EqualTo("boom"));
    }

    [Test]
    public void A_line_with_a_signature_that_does_not_match_is_tampering()
    {
        var honest = SignedLog.From(Lines(SignedLog.Result("K.T.A", "Failed"), SignedLog.End));
        var forged = honest.Replace("\"Failed\"", "\"Passed\"", StringComparison.Ordinal);

        var log = Parse(forged);

        Assert.That(log.Tampered, Does.Contain("line 1").And.Contain("signature"));
        Assert.That(log.Tests, Is.Empty);
    }

    [Test]
    public void An_unsigned_line_is_tampering()
    {
        var log = Parse(Lines(SignedLog.Result("K.T.A"), SignedLog.End));

        Assert.That(log.Tampered, Does.Contain("line 1"));
        Assert.That(log.Readable, Is.False);
    }

    [Test]
    public void Lines_written_past_the_end_of_the_file_are_tampering()
    {
        // pwrite past the end while the logger still writes: a hole of NUL bytes, then the forged lines.
        var honest = SignedLog.From(Lines(SignedLog.Result("K.T.A", "Failed")));
        var forged = honest + new string('\0', 4096) + SignedLog.Result("K.T.A") + "\n";

        Assert.That(Parse(forged).Tampered, Is.Not.Null);
        Assert.That(Parse(honest + SignedLog.From(Lines(SignedLog.End))).Tampered, Is.Not.Null, "a signed line replayed out of order");
    }

    [Test]
    public void Anything_after_the_logger_s_end_is_tampering()
    {
        var honest = SignedLog.From(Lines(SignedLog.Result("K.T.A", "Failed"), SignedLog.End));

        Assert.That(Parse(honest + SignedLog.Result("K.T.A") + "\n").Tampered, Does.Contain("after the logger's end"));
        Assert.That(Parse(honest + "x").Tampered, Does.Contain("after the logger's end"), "even a last line without a line break");
        Assert.That(Parse(honest).Tampered, Is.Null);
    }

    [Test]
    public void Results_that_vstest_did_not_count_are_tampering()
    {
        // A host that reports results besides the ones it ran: vstest's own statistics do not add up to the results.
        var log = Parse(SignedLog.From(Lines(SignedLog.Result("K.T.A"), SignedLog.Result("K.T.B"), SignedLog.End), executed: 1));

        Assert.That(log.Tampered, Does.Contain("vstest counted 1 executed tests but reported 2 results"));
    }

    [Test]
    public void A_line_longer_than_the_logger_ever_writes_is_tampering_and_is_never_held_whole()
    {
        var huge = SignedLog.From(Lines(SignedLog.Result("K.T.A"))) + new string('x', 10_000_000) + "\n";

        Assert.That(Parse(huge).Tampered, Does.Contain("longer than the logger ever writes"));
    }

    [Test]
    public void The_file_is_read_within_bounds_of_line_length_and_count()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(new string('x', 1_000_000) + "\nshort\n" + string.Concat(Enumerable.Repeat("a\n", 50))));

        var (lines, tooMany) = BoundedFile.ReadLines(stream, maxLineBytes: 100, maxLines: 10);

        Assert.That(lines, Has.Count.EqualTo(10));
        Assert.That(tooMany, Is.True);
        Assert.That(lines[0].Text, Has.Length.EqualTo(100));
        Assert.That(lines[0].TooLong, Is.True);
        Assert.That(lines[1], Is.EqualTo(new BoundedLine("short", Terminated: true, TooLong: false)));
    }
}
