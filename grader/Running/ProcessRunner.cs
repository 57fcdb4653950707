using System.Diagnostics;
using System.Text;

namespace Katas.Grader.Running;

/// <summary>What a finished (or killed) process left behind.</summary>
/// <param name="ExitCode">The exit code; -1 when the process was killed.</param>
/// <param name="TimedOut">Whether the time bound was reached and the process tree killed.</param>
/// <param name="Output">Standard output and error, interleaved, bounded in size (the start and the end are kept).</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record ProcessResult(int ExitCode, bool TimedOut, string Output, TimeSpan Elapsed);

/// <summary>Runs a child process with a time bound and a bounded capture of its output.</summary>
public static class ProcessRunner
{
    /// <summary>Characters of output kept (half from the start, half from the end): a test printing 10 MB costs nothing.</summary>
    public const int MaxCapturedChars = 400_000;

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null,
        Action<string>? onLine = null,
        CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        // Keep child processes quiet, non-interactive and free of first-run noise.
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        info.Environment["MSBUILDTERMINALLOGGER"] = "off";
        if (environment is not null)
        {
            // A null value removes the variable (an empty one would still be seen, e.g. by MSBuild as an empty property).
            foreach (var (key, value) in environment)
            {
                if (value is null) info.Environment.Remove(key);
                else info.Environment[key] = value;
            }
        }

        var capture = new BoundedCapture(MaxCapturedChars);
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { capture.Add(e.Data); onLine?.Invoke(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { capture.Add(e.Data); onLine?.Invoke(e.Data); } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(bound.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } catch (System.ComponentModel.Win32Exception) { }
            // Wait (boundedly) for the kill to land and the output pipes to close.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await process.WaitForExitAsync(grace.Token).ConfigureAwait(false); } catch (OperationCanceledException) { }
            cancellationToken.ThrowIfCancellationRequested();
        }
        stopwatch.Stop();
        return new ProcessResult(timedOut ? -1 : process.ExitCode, timedOut, capture.ToString(), stopwatch.Elapsed);
    }

    /// <summary>Keeps the first and the last part of a long output, with a marker of what was cut.</summary>
    private sealed class BoundedCapture(int maxChars)
    {
        private readonly object _gate = new();
        private readonly StringBuilder _head = new();
        private readonly Queue<string> _tail = new();
        private long _tailChars;
        private long _dropped;

        public void Add(string line)
        {
            if (line.Length > 20_000) line = line[..20_000] + $" [... a line of {line.Length:N0} characters cut ...]";
            lock (_gate)
            {
                if (_head.Length + line.Length < maxChars / 2) { _head.AppendLine(line); return; }
                _tail.Enqueue(line);
                _tailChars += line.Length + 1;
                while (_tailChars > maxChars / 2 && _tail.Count > 1)
                {
                    var dropped = _tail.Dequeue();
                    _tailChars -= dropped.Length + 1;
                    _dropped += dropped.Length + 1;
                }
            }
        }

        public override string ToString()
        {
            lock (_gate)
            {
                var text = new StringBuilder(_head.ToString());
                if (_dropped > 0) text.AppendLine($"[... {_dropped:N0} characters of output cut ...]");
                foreach (var line in _tail) text.AppendLine(line);
                return text.ToString();
            }
        }
    }
}
