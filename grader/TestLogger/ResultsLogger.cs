using System.Text.Json;
using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Client;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Logging;

namespace Katas.Grader.TestLogger;

/// <summary>
/// Writes every test result of a run as one JSON line (<c>kind: result</c>: source assembly, full name, outcome,
/// duration, message, stack trace), every run message (<c>kind: message</c>: crashes, hang notices) and, last, the
/// run's end (<c>kind: complete</c>). Lines are flushed as they come, so a run that is killed keeps what it reported.
/// Use: <c>dotnet vstest … --TestAdapterPath:&lt;folder of this dll&gt; "--logger:GraderResults;File=&lt;path&gt;"</c>.
/// </summary>
[FriendlyName("GraderResults")]
[ExtensionUri("logger://Katas.Grader/Results/v1")]
public sealed class ResultsLogger : ITestLoggerWithParameters
{
    private readonly object _gate = new();
    private StreamWriter? _writer;

    public void Initialize(TestLoggerEvents events, string testRunDirectory) =>
        Initialize(events, new Dictionary<string, string?> { ["TestRunDirectory"] = testRunDirectory });

    public void Initialize(TestLoggerEvents events, Dictionary<string, string?> parameters)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(parameters);
        var file = parameters.TryGetValue("File", out var path) && !string.IsNullOrEmpty(path)
            ? path
            : Path.Combine(parameters.GetValueOrDefault("TestRunDirectory") ?? ".", "results.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        _writer = new StreamWriter(File.Create(file)) { AutoFlush = true };
        events.TestResult += (_, e) => Write(new Dictionary<string, object?>
        {
            ["kind"] = "result",
            ["source"] = e.Result.TestCase.Source,
            ["name"] = e.Result.TestCase.FullyQualifiedName,
            ["outcome"] = e.Result.Outcome.ToString(),
            ["duration_ms"] = e.Result.Duration.TotalMilliseconds,
            ["message"] = e.Result.ErrorMessage,
            ["stack"] = e.Result.ErrorStackTrace,
        });
        events.TestRunMessage += (_, e) => Write(new Dictionary<string, object?>
        {
            ["kind"] = "message",
            ["level"] = e.Level.ToString(),
            ["text"] = e.Message,
        });
        events.TestRunComplete += (_, e) =>
        {
            Write(new Dictionary<string, object?>
            {
                ["kind"] = "complete",
                ["aborted"] = e.IsAborted,
                ["canceled"] = e.IsCanceled,
                ["error"] = e.Error?.Message,
            });
            lock (_gate)
            {
                _writer?.Dispose();
                _writer = null;
            }
        };
    }

    private void Write(Dictionary<string, object?> line)
    {
        var json = JsonSerializer.Serialize(line);
        lock (_gate)
        {
            _writer?.WriteLine(json);
        }
    }
}
