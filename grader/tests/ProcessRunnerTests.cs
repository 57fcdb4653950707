using System.Globalization;
using Katas.Grader.Running;

namespace Katas.Grader.Tests;

/// <summary>Child processes: bounded output, and nothing of an isolated run outlives it.</summary>
public class ProcessRunnerTests
{
    /// <summary>A <c>sleep</c> whose command line is unique to this test, to find any survivor by.</summary>
    private static string UniqueSleep() => "300." + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);

    private static bool Survives(string sleepArgument) =>
        Directory.EnumerateDirectories("/proc").Any(folder =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(folder, "cmdline")).Contains(sleepArgument, StringComparison.Ordinal);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        });

    [Test]
    [Platform("Linux")]
    public async Task A_process_started_by_an_isolated_run_does_not_outlive_it()
    {
        var sleep = UniqueSleep();

        // The child starts `sleep` in the background and exits at once: the sleep is orphaned, handed to init.
        var result = await ProcessRunner.RunAsync("sh", ["-c", $"sleep {sleep} > /dev/null 2>&1 & echo started"], Path.GetTempPath(),
            TimeSpan.FromMinutes(1), options: new ProcessOptions(Isolated: true));

        Assert.That(result.Output, Does.Contain("started"));
        await WaitUntilGone(sleep);
        Assert.That(Survives(sleep), Is.False, $"`sleep {sleep}` still runs after the run ended");
    }

    [Test]
    [Platform("Linux")]
    public async Task An_isolated_run_that_times_out_is_killed_with_everything_it_started()
    {
        var sleep = UniqueSleep();

        var result = await ProcessRunner.RunAsync("sh", ["-c", $"sleep {sleep} & sleep {sleep}"], Path.GetTempPath(),
            TimeSpan.FromSeconds(2), options: new ProcessOptions(Isolated: true));

        Assert.That(result.TimedOut, Is.True);
        await WaitUntilGone(sleep);
        Assert.That(Survives(sleep), Is.False, $"`sleep {sleep}` still runs after the run was killed");
    }

    [Test]
    [Platform("Linux")]
    public async Task Standard_input_is_written_then_closed()
    {
        var result = await ProcessRunner.RunAsync("sh", ["-c", "read line; echo got:$line; cat; echo eof"], Path.GetTempPath(),
            TimeSpan.FromMinutes(1), options: new ProcessOptions(StandardInput: "secret"));

        Assert.That(result.Output, Does.Contain("got:secret").And.Contain("eof"));
    }

    [Test]
    [Platform("Linux")]
    public async Task A_flood_of_output_without_line_breaks_is_kept_within_bounds()
    {
        var result = await ProcessRunner.RunAsync("sh", ["-c", "head -c 30000000 /dev/zero | tr '\\0' x; echo; echo the end"], Path.GetTempPath(),
            TimeSpan.FromMinutes(2));

        Assert.That(result.Output, Has.Length.LessThan(ProcessRunner.MaxCapturedChars + 1_000));
        Assert.That(result.Output, Does.Contain("a line of 30,000,000 characters cut").And.Contain("the end"));
    }

    [Test]
    public async Task Lines_are_cut_as_they_stream_by()
    {
        var lines = new List<string>();
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes("short\r\n" + new string('y', 100_000) + "\nlast"));

        await BoundedLines.ReadAsync(stream, lines.Add, maxLineChars: 10);

        Assert.That(lines, Is.EqualTo(new[] { "short", "yyyyyyyyyy [... a line of 100,000 characters cut ...]", "last" }));
    }

    private static async Task WaitUntilGone(string sleep)
    {
        // SIGKILL is asynchronous: give the kernel a moment to reap (bounded; the assertion decides).
        for (var i = 0; i < 50 && Survives(sleep); i++) await Task.Delay(100);
    }
}
