using Katas.Grader.Running;
using Katas.Grader.Scoring;

namespace Katas.Grader.Tests;

public class TrxReaderTests
{
    [Test]
    public void Reads_every_result_of_a_run_over_several_assemblies_with_its_assembly()
    {
        var log = Golden.Log("partly-passing.trx");

        Assert.That(log.Readable, Is.True);
        Assert.That(log.Aborted, Is.False);
        Assert.That(log.Tests, Has.Count.EqualTo(20));
        var byAssembly = log.Tests.GroupBy(t => t.AssemblyPath).ToDictionary(g => g.Key, g => g.ToList());
        Assert.That(byAssembly[Golden.Wrong].Count(t => t.Outcome == TestOutcome.Passed), Is.EqualTo(8));
        Assert.That(byAssembly[Golden.Wrong].Count(t => t.Outcome == TestOutcome.Failed), Is.EqualTo(3));
        Assert.That(byAssembly[Golden.Reference].Count(t => t.Outcome == TestOutcome.Passed), Is.EqualTo(9));
    }

    [Test]
    public void Reads_a_run_where_every_test_fails()
    {
        var log = Golden.Log("all-failing.trx");

        Assert.That(log.Tests, Has.Count.EqualTo(11));
        Assert.That(log.Tests.All(t => t.Outcome == TestOutcome.Failed && t.AssemblyPath == Golden.Stub), Is.True);
    }

    [Test]
    public void Keeps_a_failures_message_and_the_full_test_name()
    {
        var log = Golden.Log("all-failing.trx");
        var failure = log.Tests.First(t => t.AssemblyPath == Golden.Stub && t.ShortName == "Throws_TimeoutException_at_the_limit_and_cancels_the_operation");

        Assert.That(failure.FullName, Is.EqualTo("Katas.TimeLimit.TooLateTests.Throws_TimeoutException_at_the_limit_and_cancels_the_operation"));
        Assert.That(failure.Message, Does.StartWith("Expected a TimeoutException at t=100 ms"));
        Assert.That(failure.Duration, Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public void A_crashed_test_host_makes_the_run_aborted_and_keeps_the_crash_message()
    {
        var log = Golden.Log("crash-stack-overflow.trx");

        Assert.That(log.Aborted, Is.True);
        Assert.That(log.RunMessages, Has.Some.Contains("Test host process crashed"));
        Assert.That(log.RunMessages, Has.Some.Contains("Stack overflow"));
    }

    [Test]
    public void A_hung_test_host_makes_the_run_aborted_and_says_it_was_inactive()
    {
        var log = Golden.Log("hang.trx");

        Assert.That(log.Aborted, Is.True);
        Assert.That(log.RunMessages, Has.Some.Contains("inactivity time"));
    }

    [TestCase("")]
    [TestCase("   \n")]
    public void An_empty_file_is_unreadable_not_an_exception(string text)
    {
        var log = TrxReader.Parse(text);

        Assert.That(log.Readable, Is.False);
        Assert.That(log.Tests, Is.Empty);
        Assert.That(log.RunMessages.Single(), Does.Contain("empty"));
    }

    [TestCase("<TestRun xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\"><Results><UnitTestResult")]
    [TestCase("not xml at all")]
    public void A_malformed_file_is_unreadable_not_an_exception(string text)
    {
        var log = TrxReader.Parse(text);

        Assert.That(log.Readable, Is.False);
        Assert.That(log.RunMessages.Single(), Does.Contain("malformed"));
    }

    [Test]
    public void Xml_that_is_not_a_test_run_is_unreadable()
    {
        Assert.That(TrxReader.Parse("<Project />").Readable, Is.False);
    }

    [Test]
    public void A_missing_file_is_unreadable()
    {
        var log = TrxReader.ReadFile(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "results.trx"));

        Assert.That(log.Readable, Is.False);
        Assert.That(log.RunMessages.Single(), Does.Contain("missing"));
    }

    [Test]
    public void The_blame_sequence_names_the_test_that_never_finished()
    {
        const string xml = """
            <?xml version="1.0"?>
            <TestSequence>
              <Test Name="Katas.Crash.CrashTests.A_passes" DisplayName="A_passes" Source="/r/Crash.dll" Completed="True" />
              <Test Name="Katas.Crash.CrashTests.B_misbehaves" DisplayName="B_misbehaves" Source="/r/Crash.dll" Completed="False" />
            </TestSequence>
            """;

        Assert.That(BlameSequence.Parse(xml).ToList(), Is.EqualTo(new[] { ("/r/Crash.dll", "Katas.Crash.CrashTests.B_misbehaves") }));
    }
}
