using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Client;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Logging;

namespace Katas.TestLogger;

/// <summary>
/// One short block per kata when the whole course runs: how many tests pass, the first failing test with the first
/// line of its message, and the command that shows every failure of that kata in full. A first `dotnet test` of
/// fourteen stubs then fits on a screen or two instead of thousands of lines of stack traces.
/// Use: <c>--logger "KataSummary;Kata=01-hello-async"</c> (exercises/Directory.Build.props sets it for root runs).
/// </summary>
[FriendlyName("KataSummary")]
[ExtensionUri("logger://Katas/KataSummary/v1")]
public sealed class KataSummaryLogger : ITestLoggerWithParameters
{
    /// <summary>Characters kept of the first failure's first line.</summary>
    private const int MaxMessageChars = 160;

    private readonly object _gate = new();
    private readonly List<TestResult> _results = [];
    private string _kata = "this kata";

    public void Initialize(TestLoggerEvents events, string testRunDirectory) =>
        Initialize(events, new Dictionary<string, string?>());

    public void Initialize(TestLoggerEvents events, Dictionary<string, string?> parameters)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.GetValueOrDefault("Kata") is { Length: > 0 } kata) _kata = kata;
        events.TestResult += (_, e) => { lock (_gate) _results.Add(e.Result); };
        events.TestRunComplete += (_, e) => Console.Out.Write(Summary(e.IsAborted));
    }

    private string Summary(bool aborted)
    {
        List<TestResult> results;
        lock (_gate) results = [.. _results];
        var total = results.Count;
        var passed = results.Count(r => r.Outcome == TestOutcome.Passed);
        var skipped = results.Count(r => r.Outcome == TestOutcome.Skipped);
        // The first failing test as the tests file declares it (the lesson's order), not in the order they ran.
        var failed = results.Where(r => r.Outcome == TestOutcome.Failed)
            .OrderBy(r => r.TestCase.LineNumber > 0 ? 0 : 1)
            .ThenBy(r => r.TestCase.CodeFilePath, StringComparer.Ordinal)
            .ThenBy(r => r.TestCase.LineNumber)
            .FirstOrDefault();
        var run = $"dotnet test {Path.Combine("exercises", _kata)}";
        var text = new System.Text.StringBuilder().AppendLine();
        if (aborted)
            text.AppendLine($"{_kata}: the test run stopped before its end (a crash or a hang) after {passed} passing tests. Run it alone to see why: {run}");
        else if (failed is null && total > 0)
            text.AppendLine($"{_kata}: all {passed} tests pass{(skipped > 0 ? $" ({skipped} skipped on this system)" : "")}.");
        else if (failed is null)
            text.AppendLine($"{_kata}: no test ran.");
        else
        {
            text.AppendLine(passed == 0
                ? $"{_kata}: 0 of {total} tests pass. Red is the start: make them green one at a time."
                : $"{_kata}: {passed} of {total} tests pass.");
            text.AppendLine($"  First failing test: {failed.TestCase.DisplayName}");
            text.AppendLine($"    {FirstLine(failed.ErrorMessage)}");
            text.AppendLine($"  Every failure of this kata in full: {run}");
        }
        return text.ToString();
    }

    private static string FirstLine(string? message)
    {
        var line = (message ?? "").Trim().Split('\n')[0].Trim();
        return line.Length <= MaxMessageChars ? line : line[..(MaxMessageChars - 1)] + "…";
    }
}
