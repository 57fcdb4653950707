using System.Security.Cryptography;
using System.Text.Json;
using Katas.Grader.Running;
using Katas.Grader.Scoring;

namespace Katas.Grader.FastPath;

/// <summary>
/// Runs a clean-room test assembly through its own entry point, the grader's test worker (<c>FastPath/Worker/</c>), in
/// a fresh child process: <c>dotnet &lt;tests&gt;.dll &lt;results file&gt;</c>, the key of the signed results log on its
/// standard input (read before any test runs, then the pipe is closed), in a process group of its own killed at the end.
/// The results are read back by the same reader as the vstest logger's (<see cref="ResultsLogReader"/>): a line the
/// worker did not sign makes the run "tampered with". The worker notes each test's start, so that a hang or a crash names
/// the running test; no new line for the hang timeout is a hang (as vstest's blame collector judges one), a process that
/// ended without the log's end line crashed.
/// </summary>
public static class TestWorkerRun
{
    /// <summary>How often the results file is looked at for progress.</summary>
    private static readonly TimeSpan ProgressPoll = TimeSpan.FromMilliseconds(100);

    public static async Task<VariantRun> RunAsync(string testAssembly, string resultsDirectory, TestRunLimits limits, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(resultsDirectory);
        var results = Path.Combine(resultsDirectory, ResultsLogReader.FileName);
        if (File.Exists(results)) File.Delete(results);
        var key = RandomNumberGenerator.GetBytes(32);
        var environment = new Dictionary<string, string?>
        {
            // As TestRunner gives vstest: a missing snapshot fails instead of being created (and passing).
            ["SNAPSHOOTER_STRICT_MODE"] = "on",
            ["DOTNET_STARTUP_HOOKS"] = null,
        };
        using var hung = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = WatchProgressAsync(results, limits.HangTimeout, hung);
        ProcessResult? process = null;
        try
        {
            process = await ProcessRunner.RunAsync("dotnet", [testAssembly, results], Path.GetDirectoryName(testAssembly)!, limits.Overall,
                environment, cancellationToken: hung.Token,
                options: new ProcessOptions(StandardInput: Convert.ToBase64String(key), Isolated: true)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The progress watch stopped it: no test started or finished for the hang timeout.
        }
        finally
        {
            await hung.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);
        }
        return Judge(ResultsLogReader.ReadFile(results, key), process, limits, RunningTest(results));
    }

    /// <summary>The verdict on a worker's run: its signed results, and how the process ended (null: stopped for hanging).</summary>
    public static VariantRun Judge(TestRunLog log, ProcessResult? process, TestRunLimits limits, string? runningTest)
    {
        if (log.Tampered is not null)
        {
            return new VariantRun(null, [], $"The test results of this run were tampered with: {log.Tampered}.", Tampered: true);
        }
        if (process is null || process.TimedOut)
        {
            var why = process is null
                ? $"No test finished within the hang timeout ({limits.HangTimeout.TotalSeconds:0} s): the test host was stopped."
                : $"The whole test run did not finish within {limits.Overall.TotalSeconds:0} s and was stopped.";
            return new VariantRun(null, log.Tests, why, TimedOut: true, RunningTest: runningTest);
        }
        if (!log.Readable || !log.Ended || process.ExitCode != 0)
        {
            // The runtime's own words (an unhandled exception, a stack overflow) rather than what the tests printed before.
            var text = process.Output;
            var fatal = new[] { "Unhandled exception.", "Stack overflow.", "Fatal error." }
                .Select(m => text.IndexOf(m, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
            var output = Verification.Verifier.FirstLines(text[fatal..].Trim(), lines: 6, maxChars: 1_000);
            var why = $"The test host crashed (exit code {process.ExitCode}) before its tests were done.{(output.Length > 0 ? " " + output : "")}";
            return new VariantRun(null, log.Tests, why, RunningTest: runningTest);
        }
        return new VariantRun(null, log.Tests, null);
    }

    /// <summary>Cancels <paramref name="hung"/> when the results file has not grown for the hang timeout.</summary>
    private static async Task WatchProgressAsync(string results, TimeSpan hangTimeout, CancellationTokenSource hung)
    {
        var length = -1L;
        var since = DateTime.UtcNow;
        try
        {
            while (!hung.IsCancellationRequested)
            {
                await Task.Delay(ProgressPoll, hung.Token).ConfigureAwait(false);
                var now = File.Exists(results) ? new FileInfo(results).Length : 0;
                if (now != length)
                {
                    length = now;
                    since = DateTime.UtcNow;
                }
                else if (DateTime.UtcNow - since > hangTimeout)
                {
                    await hung.CancelAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The last test the worker said it started and did not finish (the log was verified before this is asked).</summary>
    private static string? RunningTest(string results)
    {
        if (!File.Exists(results)) return null;
        string? running = null;
        try
        {
            foreach (var line in BoundedFile.ReadLines(results, ResultsLogReader.MaxLineBytes, ResultsLogReader.MaxLines).Lines)
            {
                var tab = line.Text.LastIndexOf('\t');
                if (tab <= 0) continue;
                using var document = JsonDocument.Parse(line.Text[..tab]);
                var root = document.RootElement;
                var kind = root.TryGetProperty("kind", out var k) ? k.GetString() : null;
                var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                if (kind == "start") running = name;
                else if (kind == "result" && name == running) running = null;
            }
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
        }
        return running;
    }
}
