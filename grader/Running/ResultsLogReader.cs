using System.Text.Json;
using Katas.Grader.Scoring;

namespace Katas.Grader.Running;

/// <summary>
/// Reads the JSON-lines log of the grader's vstest logger (<c>grader/TestLogger</c>): one line per test result, naming
/// its assembly; run messages; the run's end. A missing end line means the run itself was killed.
/// </summary>
public static class ResultsLogReader
{
    /// <summary>The logger's file name, as the grader asks vstest to write it.</summary>
    public const string FileName = "results.jsonl";

    public static TestRunLog ReadFile(string path)
    {
        if (!File.Exists(path)) return TestRunLog.Unreadable($"no test results were written ({Path.GetFileName(path)} is missing)");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return Parse(reader.ReadToEnd());
        }
        catch (IOException e)
        {
            return TestRunLog.Unreadable($"the test results could not be read: {e.Message}");
        }
    }

    public static TestRunLog Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return TestRunLog.Unreadable("the test results file is empty");
        var tests = new List<TestRecord>();
        var messages = new List<string>();
        bool? aborted = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.Trim().Length == 0) continue;
            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(line);
                root = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                continue; // a line cut by a kill: what came before still counts
            }
            switch (String(root, "kind"))
            {
                case "result":
                    tests.Add(new TestRecord(
                        String(root, "source"),
                        String(root, "name"),
                        String(root, "outcome") switch
                        {
                            "Passed" => TestOutcome.Passed,
                            "Skipped" => TestOutcome.Skipped,
                            "None" or "NotFound" => TestOutcome.NotRun,
                            _ => TestOutcome.Failed,
                        },
                        TimeSpan.FromMilliseconds(root.TryGetProperty("duration_ms", out var ms) && ms.ValueKind == JsonValueKind.Number ? ms.GetDouble() : 0),
                        String(root, "message"),
                        String(root, "stack")));
                    break;
                case "message":
                    var level = String(root, "level");
                    var message = String(root, "text");
                    if ((level is "Error" or "Warning") && message.Length > 0
                        && !message.Contains("Sequence file will not be generated", StringComparison.Ordinal))
                    {
                        messages.Add(message);
                    }
                    break;
                case "complete":
                    aborted = root.TryGetProperty("aborted", out var a) && a.ValueKind == JsonValueKind.True;
                    if (String(root, "error") is { Length: > 0 } error) messages.Add(error);
                    break;
            }
        }
        if (aborted is null) messages.Add("The test run stopped before it could report its end.");
        return new TestRunLog(tests, messages, (aborted ?? true) || messages.Any(TrxReader.IsAbortMessage), Readable: true);
    }

    private static string String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
