using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Katas.Grader.Scoring;

namespace Katas.Grader.Running;

/// <summary>
/// Reads the JSON-lines log of the grader's vstest logger (<c>grader/TestLogger</c>): one line per test result, naming
/// its assembly; run messages; the run's end. Every line is signed (<c>json TAB HMAC-SHA256</c>) under the run's key and
/// numbered (<c>seq</c>), so that nothing but the logger can add to it.
/// <list type="bullet">
/// <item>A line that is not the logger's (a bad signature, garbage, NUL bytes, a number out of order, anything after the
/// end) makes the whole log <see cref="TestRunLog.Tampered"/>: someone wrote into it, and no result in it counts.</item>
/// <item>A last line cut short (no line break) with no end before it is a kill in mid-write: it is dropped.</item>
/// <item>No end line: the run was killed (<see cref="TestRunLog.Ended"/> false): no host can vouch for its results.</item>
/// <item>The end line's count of results must match the results read, and vstest's own count of executed tests.</item>
/// </list>
/// The file is read line by line within bounds (line length, line count): a test can write gigabytes into it.
/// </summary>
public static class ResultsLogReader
{
    /// <summary>The logger's file name, as the grader asks vstest to write it.</summary>
    public const string FileName = "results.jsonl";

    /// <summary>Bytes of one line at most: the logger cuts messages and stack traces to 4,000 characters each.</summary>
    public const int MaxLineBytes = 64_000;

    /// <summary>Lines at most: far above any real run (the whole course with its variants has a few thousand results).</summary>
    public const int MaxLines = 200_000;

    public static TestRunLog ReadFile(string path, byte[] key)
    {
        if (!File.Exists(path)) return TestRunLog.Unreadable($"no test results were written ({Path.GetFileName(path)} is missing)");
        try
        {
            var (lines, tooMany) = BoundedFile.ReadLines(path, MaxLineBytes, MaxLines);
            return tooMany ? Forged($"the test results file holds more than {MaxLines:N0} lines") : Parse(lines, key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return TestRunLog.Unreadable($"the test results could not be read: {e.Message}");
        }
    }

    /// <summary>Parses the text of a log (tests).</summary>
    public static TestRunLog Parse(string text, byte[] key)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var (lines, tooMany) = BoundedFile.ReadLines(stream, MaxLineBytes, MaxLines);
        return tooMany ? Forged($"the test results file holds more than {MaxLines:N0} lines") : Parse(lines, key);
    }

    /// <summary>One line as the logger writes it: the JSON, a tab, its signature, a line break (tests use it to write logs).</summary>
    public static string Sign(string json, byte[] key) => $"{json}\t{Signature(json, key)}\n";

    public static TestRunLog Parse(IReadOnlyList<BoundedLine> lines, byte[] key)
    {
        if (lines.Count == 0) return TestRunLog.Unreadable("the test results file is empty");
        var tests = new List<TestRecord>();
        var messages = new List<string>();
        JsonElement? end = null;
        long sequence = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var number = i + 1;
            if (end is not null) return Forged($"line {number} of the test results comes after the logger's end");
            if (!line.Terminated && i == lines.Count - 1) break; // cut by a kill in mid-write
            if (line.TooLong) return Forged($"line {number} of the test results is longer than the logger ever writes");
            var tab = line.Text.LastIndexOf('\t');
            if (tab < 0 || !Verifies(line.Text[..tab], line.Text[(tab + 1)..], key))
            {
                return Forged($"line {number} of the test results is not the logger's (its signature does not match)");
            }
            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(line.Text[..tab]);
                root = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return Forged($"line {number} of the test results is not JSON");
            }
            if (!root.TryGetProperty("seq", out var seq) || seq.ValueKind != JsonValueKind.Number || seq.GetInt64() != sequence++)
            {
                return Forged($"line {number} of the test results is out of order (a signed line repeated or moved)");
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
                case "end":
                    end = root;
                    break;
            }
        }
        if (end is not { } last)
        {
            messages.Add("The test run stopped before it could report its end.");
            return new TestRunLog(tests, messages, Aborted: true, Readable: true) { Ended = false };
        }
        var aborted = last.TryGetProperty("aborted", out var a) && a.ValueKind == JsonValueKind.True;
        if (String(last, "error") is { Length: > 0 } error) messages.Add(error);
        var counted = Number(last, "results");
        if (counted != tests.Count) return Forged($"the logger counted {counted} results but the file holds {tests.Count}");
        var executed = Number(last, "executed");
        if (!aborted && executed != tests.Count)
        {
            // vstest's own count (each host's statistics) against the results it passed to loggers: a host that reported
            // results it did not run (or ran tests it did not report) did not play by the protocol.
            return Forged($"vstest counted {executed} executed tests but reported {tests.Count} results");
        }
        return new TestRunLog(tests, messages, aborted || messages.Any(TrxReader.IsAbortMessage), Readable: true);
    }

    private static TestRunLog Forged(string why) =>
        new([], [$"The test results were tampered with: {why}."], Aborted: true, Readable: false) { Tampered = why, Ended = false };

    private static bool Verifies(string json, string signature, byte[] key)
    {
        byte[] given;
        try
        {
            given = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(given, HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(json)));
    }

    private static string Signature(string json, byte[] key) => Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(json)));

    private static long Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : -1;

    private static string String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
