using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Katas.Grader.TestLogger;

/// <summary>
/// The grader's results log, written: one line per event, <c>json TAB HMAC-SHA256(json)</c> under the run's key, each
/// JSON numbered (<c>seq</c>) and flushed as it comes (<c>grader/Running/ResultsLogReader.cs</c> reads and checks it).
/// The one writer of that format: the vstest logger (<see cref="ResultsLogger"/>) uses it, and the grader compiles this
/// same file into the clean room's test assembly for its fast path's test worker (<c>grader/FastPath</c>).
/// </summary>
internal sealed class SignedResultLines : IDisposable
{
    /// <summary>Characters kept of a failure message or stack trace: a test's output or message can be 50 MB.</summary>
    public const int MaxTextChars = 4_000;

    private readonly object _gate = new();
    private readonly HMACSHA256 _signer;
    private StreamWriter? _writer;
    private long _sequence;
    private long _results;

    public SignedResultLines(string file, byte[] key)
    {
        _signer = new HMACSHA256(key);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        _writer = new StreamWriter(new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { AutoFlush = true };
    }

    /// <summary>The results written so far.</summary>
    public long Results => Interlocked.Read(ref _results);

    /// <summary>One test's result; <paramref name="outcome"/> is vstest's name of it (Passed, Failed, Skipped, None…).</summary>
    public void Result(string source, string name, string outcome, double durationMs, string? message, string? stack) =>
        Write(new Dictionary<string, object?>
        {
            ["kind"] = "result",
            ["source"] = source,
            ["name"] = name,
            ["outcome"] = outcome,
            ["duration_ms"] = durationMs,
            ["message"] = Cut(message),
            ["stack"] = Cut(stack),
        }, result: true);

    /// <summary>A test started (the fast path's worker only: what was running when a host died). Readers skip it.</summary>
    public void Started(string name) => Write(new Dictionary<string, object?> { ["kind"] = "start", ["name"] = name });

    public void Message(string level, string? text) =>
        Write(new Dictionary<string, object?> { ["kind"] = "message", ["level"] = level, ["text"] = Cut(text) });

    /// <summary>The run's end (the last line): whether it was aborted, and the runner's own count of executed tests.</summary>
    public void End(bool aborted, bool canceled, string? error, long executed)
    {
        Write(new Dictionary<string, object?>
        {
            ["kind"] = "end",
            ["aborted"] = aborted,
            ["canceled"] = canceled,
            ["error"] = Cut(error),
            ["executed"] = executed,
            ["results"] = Results,
        });
        Dispose();
    }

    public static string? Cut(string? text) =>
        text is null || text.Length <= MaxTextChars ? text : text[..MaxTextChars] + $" [... {text.Length - MaxTextChars:N0} characters cut]";

    private void Write(Dictionary<string, object?> line, bool result = false)
    {
        lock (_gate)
        {
            if (_writer is null) return;
            line["seq"] = _sequence++;
            if (result) Interlocked.Increment(ref _results);
            var json = JsonSerializer.Serialize(line);
            var signature = Convert.ToHexString(_signer.ComputeHash(Encoding.UTF8.GetBytes(json)));
            _writer.Write(json);
            _writer.Write('\t');
            _writer.Write(signature);
            _writer.Write('\n');
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }
}
