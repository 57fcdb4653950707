using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Client;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Logging;

namespace Katas.Grader.TestLogger;

/// <summary>
/// Writes every test result of a run as one JSON line (<c>kind: result</c>: source assembly, full name, outcome,
/// duration, message, stack trace), every run message (<c>kind: message</c>: crashes, hang notices) and, last, the
/// run's end (<c>kind: end</c>, with vstest's own count of executed tests). Lines are flushed as they come, so a run
/// that is killed keeps what it reported.
/// <para>
/// Each line is <c>json TAB signature</c>: an HMAC-SHA256 of the JSON under a key that only the grader and this logger
/// know, and every JSON carries its sequence number. The key comes from vstest.console's standard input, read once when
/// the run starts, before any test host exists; the grader writes it and closes the pipe, so a test host, which
/// inherits that pipe, finds it empty. The learner's code runs in a test host: it can neither read the key (not in
/// an environment, a file or a command line) nor sign a line, so a results file it writes to is detected.
/// </para>
/// Use: <c>dotnet vstest … --TestAdapterPath:&lt;folder of this dll&gt; "--logger:GraderResults;File=&lt;path&gt;;Key=stdin"</c>.
/// </summary>
[FriendlyName("GraderResults")]
[ExtensionUri("logger://Katas.Grader/Results/v1")]
public sealed class ResultsLogger : ITestLoggerWithParameters
{
    /// <summary>Characters kept of a failure message or stack trace: a test's output or message can be 50 MB.</summary>
    public const int MaxTextChars = SignedResultLines.MaxTextChars;

    private SignedResultLines? _lines;

    public void Initialize(TestLoggerEvents events, string testRunDirectory) =>
        Initialize(events, new Dictionary<string, string?> { ["TestRunDirectory"] = testRunDirectory });

    public void Initialize(TestLoggerEvents events, Dictionary<string, string?> parameters)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(parameters);
        var file = parameters.TryGetValue("File", out var path) && !string.IsNullOrEmpty(path)
            ? path
            : Path.Combine(parameters.GetValueOrDefault("TestRunDirectory") ?? ".", "results.jsonl");
        // Without a key nothing is written: an unsigned log would be worthless to the grader.
        var key = parameters.GetValueOrDefault("Key") == "stdin" ? ReadKey() : null;
        if (key is null) return;
        _lines = new SignedResultLines(file, key);
        events.TestResult += (_, e) => _lines.Result(
            e.Result.TestCase.Source, e.Result.TestCase.FullyQualifiedName, e.Result.Outcome.ToString(),
            e.Result.Duration.TotalMilliseconds, e.Result.ErrorMessage, e.Result.ErrorStackTrace);
        events.TestRunMessage += (_, e) => _lines.Message(e.Level.ToString(), e.Message);
        events.TestRunComplete += (_, e) =>
            _lines.End(e.IsAborted, e.IsCanceled, e.Error?.Message, e.TestRunStatistics?.ExecutedTests ?? -1);
    }

    /// <summary>The key, base64 on the first line of standard input; null when there is none.</summary>
    private static byte[]? ReadKey()
    {
        try
        {
            var line = Console.In.ReadLine();
            return string.IsNullOrWhiteSpace(line) ? null : Convert.FromBase64String(line.Trim());
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return null;
        }
    }
}
