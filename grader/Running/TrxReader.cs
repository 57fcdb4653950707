using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Katas.Grader.Scoring;

namespace Katas.Grader.Running;

/// <summary>Reads a Visual Studio test results file (TRX), as written by <c>dotnet test --logger trx</c>.</summary>
public static class TrxReader
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public static TestRunLog ReadFile(string path)
    {
        if (!File.Exists(path)) return TestRunLog.Unreadable($"no test results were written ({Path.GetFileName(path)} is missing)");
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (IOException e)
        {
            return TestRunLog.Unreadable($"the test results could not be read: {e.Message}");
        }
    }

    /// <summary>Parses TRX text. Empty or malformed text gives an unreadable log, never an exception.</summary>
    public static TestRunLog Parse(string trx)
    {
        if (string.IsNullOrWhiteSpace(trx)) return TestRunLog.Unreadable("the test results file is empty");
        XDocument document;
        try
        {
            document = XDocument.Parse(trx);
        }
        catch (XmlException e)
        {
            return TestRunLog.Unreadable($"the test results file is malformed: {e.Message}");
        }
        var root = document.Root;
        if (root is null || root.Name != Ns + "TestRun") return TestRunLog.Unreadable("the test results file is not a TRX test run");

        // Test definitions: id -> (assembly, class, name).
        var definitions = new Dictionary<string, (string Assembly, string FullName)>(StringComparer.OrdinalIgnoreCase);
        foreach (var unitTest in root.Descendants(Ns + "UnitTest"))
        {
            var id = (string?)unitTest.Attribute("id");
            var method = unitTest.Element(Ns + "TestMethod");
            if (id is null || method is null) continue;
            var assembly = (string?)method.Attribute("codeBase") ?? (string?)unitTest.Attribute("storage") ?? "";
            var className = (string?)method.Attribute("className") ?? "";
            var name = (string?)unitTest.Attribute("name") ?? (string?)method.Attribute("name") ?? "";
            definitions[id] = (assembly, className.Length == 0 ? name : $"{className}.{name}");
        }

        var tests = new List<TestRecord>();
        foreach (var result in root.Descendants(Ns + "UnitTestResult"))
        {
            var id = (string?)result.Attribute("testId") ?? "";
            if (!definitions.TryGetValue(id, out var definition)) definition = ("", (string?)result.Attribute("testName") ?? id);
            var errorInfo = result.Element(Ns + "Output")?.Element(Ns + "ErrorInfo");
            tests.Add(new TestRecord(
                definition.Assembly,
                definition.FullName,
                OutcomeOf((string?)result.Attribute("outcome")),
                DurationOf((string?)result.Attribute("duration")),
                errorInfo?.Element(Ns + "Message")?.Value ?? "",
                errorInfo?.Element(Ns + "StackTrace")?.Value ?? ""));
        }

        var summary = root.Element(Ns + "ResultSummary");
        var messages = summary?.Element(Ns + "RunInfos")?.Elements(Ns + "RunInfo")
            .Select(info => info.Element(Ns + "Text")?.Value ?? "")
            .Where(text => text.Length > 0 && !text.Contains("Sequence file will not be generated", StringComparison.Ordinal))
            .ToList() ?? [];
        var counters = summary?.Element(Ns + "Counters");
        var aborted = string.Equals((string?)summary?.Attribute("outcome"), "Aborted", StringComparison.OrdinalIgnoreCase)
            || messages.Any(IsAbortMessage)
            || ((int?)counters?.Attribute("aborted") ?? 0) > 0;
        return new TestRunLog(tests, messages, aborted, Readable: true);
    }

    /// <summary>Whether a run-level message says a test host died or was killed.</summary>
    public static bool IsAbortMessage(string message) =>
        message.Contains("aborted", StringComparison.OrdinalIgnoreCase)
        || message.Contains("crashed", StringComparison.OrdinalIgnoreCase)
        || message.Contains("inactivity time", StringComparison.OrdinalIgnoreCase);

    private static TestOutcome OutcomeOf(string? outcome) => outcome switch
    {
        "Passed" => TestOutcome.Passed,
        "Failed" or "Error" or "Timeout" or "Aborted" => TestOutcome.Failed,
        // A test that skipped itself ([Platform], Assert.Ignore, Assume): never a pass, and not a failure either.
        "NotExecuted" or "Inconclusive" => TestOutcome.Skipped,
        "Pending" or "Disconnected" => TestOutcome.NotRun,
        _ => TestOutcome.Failed,
    };

    private static TimeSpan DurationOf(string? text) =>
        text is not null && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var duration) ? duration : TimeSpan.Zero;
}
