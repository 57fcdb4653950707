using System.Diagnostics;
using System.Text;

namespace Katas.Grader.Running;

/// <summary>What a finished (or killed) process left behind.</summary>
/// <param name="ExitCode">The exit code; -1 when the process was killed.</param>
/// <param name="TimedOut">Whether the time bound was reached and the process tree killed.</param>
/// <param name="Output">Standard output and error, interleaved, bounded in size (the start and the end are kept).</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record ProcessResult(int ExitCode, bool TimedOut, string Output, TimeSpan Elapsed);

/// <summary>How a child process is started and ended.</summary>
/// <param name="StandardInput">Written to the child's standard input, which is then closed (null: closed at once).</param>
/// <param name="Isolated">
/// The child and everything it starts are killed when it ends or times out. On Linux it runs in a session (and process
/// group) of its own, under <c>setsid</c>, and the whole group is killed at the end: a process a test started (a
/// <c>sleep 300</c>) does not outlive the run, even after its parent died. Elsewhere the process tree is killed while
/// the child lives. Not for builds: the compiler server they start is meant to stay.
/// </param>
public sealed record ProcessOptions(string? StandardInput = null, bool Isolated = false);

/// <summary>Runs a child process with a time bound and a bounded capture of its output.</summary>
public static class ProcessRunner
{
    /// <summary>Characters of output kept (half from the start, half from the end): a test printing 10 MB costs nothing.</summary>
    public const int MaxCapturedChars = 400_000;

    /// <summary>Characters kept of one line of output: a line of 50 MB is never held whole.</summary>
    public const int MaxLineChars = 20_000;

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null,
        Action<string>? onLine = null,
        CancellationToken cancellationToken = default,
        ProcessOptions? options = null)
    {
        options ??= new ProcessOptions();
        var inSession = options.Isolated && ProcessGroup.CanStartInSession;
        var info = new ProcessStartInfo(inSession ? ProcessGroup.SetSid : fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        if (inSession) info.ArgumentList.Add(fileName);
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
        void Line(string line)
        {
            capture.Add(line);
            onLine?.Invoke(line);
        }
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        process.Start();
        var group = inSession ? process.Id : 0; // under setsid (not a group leader, so it does not fork) the child leads its own group
        var timedOut = false;
        try
        {
            var readers = Task.WhenAll(
                BoundedLines.ReadAsync(process.StandardOutput.BaseStream, Line),
                BoundedLines.ReadAsync(process.StandardError.BaseStream, Line));
            try
            {
                if (options.StandardInput is not null) await process.StandardInput.WriteLineAsync(options.StandardInput).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The child ended (or closed its input) before reading it.
            }

            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(bound.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                timedOut = !cancellationToken.IsCancellationRequested;
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } catch (System.ComponentModel.Win32Exception) { }
                ProcessGroup.Kill(group);
                // Wait (boundedly) for the kill to land.
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try { await process.WaitForExitAsync(grace.Token).ConfigureAwait(false); } catch (OperationCanceledException) { }
                cancellationToken.ThrowIfCancellationRequested();
            }
            // Whatever the child left running (a grandchild holding the output pipes open) ends with it.
            ProcessGroup.Kill(group);
            using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await readers.WaitAsync(drain.Token).ConfigureAwait(false); } catch (OperationCanceledException) { }
        }
        finally
        {
            ProcessGroup.Kill(group);
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
