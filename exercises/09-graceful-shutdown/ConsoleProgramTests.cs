using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Katas.GracefulShutdown;

/// <summary>
/// The console program (Program.cs) started as a real process and stopped with real signals: the one place in
/// this kata where real time passes, so every wait is bounded and the process is always killed at the end.
/// The program runs two connections that close 100 ms after the first signal, an export that would take a
/// minute, and two emails queued behind them. These tests check what only a real process can show: the signals reach
/// the tokens (ShutdownSignals), the program drains, prints a report and exits with 0. What the report says is the
/// server's contract, pinned on the fake clock by GracefulShutdownTests: here, on the real clock and the real thread
/// pool, a server with a race would be caught on some runs and not on others, and a verdict must not depend on the run.
/// </summary>
[Platform(Exclude = "Win", Reason = "Windows has no way to send Ctrl+C or SIGTERM to one child process alone.")]
[NonParallelizable]
public class ConsoleProgramTests
{
    private const int SIGINT = 2, SIGTERM = 15; // the same numbers on Linux and macOS

    /// <summary>How long the program may take to start (a cold start on a loaded machine is slow).</summary>
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(20);

    /// <summary>How long any other step may take, in real time.</summary>
    private static readonly TimeSpan StepLimit = TimeSpan.FromSeconds(10);

    /// <summary>A drain of 30 s is surely not over this soon after it began.</summary>
    private static readonly TimeSpan DrainNotOverYet = TimeSpan.FromSeconds(1);

    [Test]
    public void On_SIGTERM_the_program_drains_prints_its_report_and_exits_with_0()
    {
        // The default grace period, 2 s: the connections close within it, the export is abandoned when it ends.
        using var program = RunningProgram.StartAndWaitUntilReady(StartLimit);

        program.Signal(SIGTERM);

        program.AssertExitsWith0(StepLimit, "SIGTERM", SIGTERM, () => program.SeenAfterTheSignal(
            drainNotOver: "The signal reached the Shutdown token (\"shutting down\" was printed), but no report followed: " +
                "the drain did not end within the grace period of 2 s.",
            nothing: "Nothing came of the signal: the Shutdown token's announcement (\"shutting down\") was not printed, " +
                "nor a report. Does the handler registered with PosixSignalRegistration.Create(PosixSignal.SIGTERM, ...) " +
                "call Request()?"));
        program.AssertPrintedTheReport();
    }

    [Test]
    public void On_Ctrl_C_twice_the_program_stops_at_once_prints_its_report_and_exits_with_0()
    {
        IgnoreWhereCtrlCCannotArrive();
        // A grace period of 30 s: only the second Ctrl+C can end the drain within the limits of this test.
        using var program = RunningProgram.StartAndWaitUntilReady(StartLimit, "30");

        program.Signal(SIGINT);
        // Signals of one kind sent in quick succession may merge into one: the second waits for the first to land.
        if (!program.WaitForLine("shutting down", StepLimit))
        {
            if (program.HasExited) program.AssertExitsWith0(TimeSpan.Zero, "Ctrl+C", SIGINT, () => "");
            Assert.Fail($"The program did not print \"shutting down\" within {StepLimit.TotalSeconds} s of Ctrl+C (SIGINT). " +
                program.SeenAfterTheSignal(
                    drainNotOver: "",
                    nothing: "Nothing came of the signal: no report either. Does the handler registered with " +
                        "PosixSignalRegistration.Create(PosixSignal.SIGINT, ...) (or Console.CancelKeyPress) call Request()?") +
                program.Transcript());
        }

        // The drain lasts 30 s (the export takes a minute): a program whose drain is over within a second of the first
        // Ctrl+C did not give the jobs their grace period, and would race the second Ctrl+C to its exit.
        if (program.WaitForLine("drained:", DrainNotOverYet))
        {
            Assert.Fail($"The drain was over within {DrainNotOverYet.TotalSeconds} s of the first Ctrl+C, although the grace period is " +
                "30 s and the export takes a minute: the jobs in flight were not given their grace period." + program.Transcript());
        }
        program.Signal(SIGINT);

        program.AssertExitsWith0(StepLimit, "the second Ctrl+C", SIGINT, () => program.Printed("drained:")
            ? program.SeenAfterTheSignal(drainNotOver: "", nothing: "")
            : program.Printed("stopping at once")
                ? "The second signal cancelled ForceStop (\"stopping at once\" was printed), but no report followed: the " +
                  "server went on waiting. RunAsync stops waiting, and cancels the jobs, when forceStop is cancelled."
                : "The second signal did not cancel ForceStop (\"stopping at once\" was not printed): the first Request() " +
                  "cancels Shutdown, the next ones ForceStop.");
        program.AssertPrintedTheReport();
    }

    /// <summary>This test assembly, which is also the console program, run with <c>dotnet exec</c>.</summary>
    private sealed class RunningProgram : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _output = [];
        private readonly List<string> _errors = [];
        private bool _outputClosed;

        private RunningProgram(Process process) => _process = process;

        /// <summary>Starts the program and waits until it prints "ready"; fails the test if it does not.</summary>
        public static RunningProgram StartAndWaitUntilReady(TimeSpan limit, params string[] arguments)
        {
            var start = new ProcessStartInfo(DotnetHost())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(typeof(Program).Assembly.Location);
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            var program = new RunningProgram(new Process { StartInfo = start });
            try
            {
                program._process.OutputDataReceived += (_, e) => program.Add(program._output, e.Data);
                program._process.ErrorDataReceived += (_, e) => program.Add(program._errors, e.Data);
                program._process.Start();
                program._process.BeginOutputReadLine();
                program._process.BeginErrorReadLine();
                if (!program.WaitForLine("ready", limit))
                {
                    Assert.Fail(program.HasExited
                        ? $"The program exited with code {program._process.ExitCode} before it printed \"ready\".{program.Transcript()}"
                        : $"The program did not print \"ready\" within {limit.TotalSeconds} s.{program.Transcript()}");
                }
                return program;
            }
            catch
            {
                program.Dispose();
                throw;
            }
        }

        /// <summary>
        /// True when the process has exited. Its output ends a moment before the process is seen to exit: once it
        /// has ended, wait (a bounded while) for the exit.
        /// </summary>
        public bool HasExited
        {
            get
            {
                bool outputClosed;
                lock (_output) outputClosed = _outputClosed;
                return outputClosed ? _process.WaitForExit(TimeSpan.FromSeconds(10)) : _process.HasExited;
            }
        }

        /// <summary>Waits until a line of standard output starts with <paramref name="start"/>, the output ends, or the limit passes.</summary>
        public bool WaitForLine(string start, TimeSpan limit)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
            lock (_output)
            {
                while (true)
                {
                    if (Printed(start)) return true;
                    var left = TimeSpan.FromSeconds((double)(deadline - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
                    if (_outputClosed || left <= TimeSpan.Zero) return false;
                    Monitor.Wait(_output, left);
                }
            }
        }

        /// <summary>
        /// What the output shows of a signal whose program did not go on as it should: a report printed by a program that
        /// did not exit, else <paramref name="drainNotOver"/> when the Shutdown token announced the drain, else
        /// <paramref name="nothing"/>.
        /// </summary>
        public string SeenAfterTheSignal(string drainNotOver, string nothing)
        {
            if (Printed("drained:"))
                return "The server returned and the program printed its report (\"drained:\"), but the process did not exit" +
                    (Printed("shutting down")
                        ? "."
                        : ", and the Shutdown token's announcement (\"shutting down\", registered before the server started) " +
                          "was never printed.");
            return Printed("shutting down") ? drainNotOver : nothing;
        }

        public bool Printed(string start)
        {
            lock (_output) return _output.Any(line => line.StartsWith(start, StringComparison.Ordinal));
        }

        /// <summary>Sends <paramref name="signal"/> to the program, unless it has exited already (its exit code tells why).</summary>
        public void Signal(int signal)
        {
            const int ESRCH = 3; // no such process: it has exited already (the same number on Linux and macOS)
            if (kill(_process.Id, signal) != 0 && Marshal.GetLastPInvokeError() is var errno and not ESRCH)
                Assert.Fail($"Could not send signal {signal} to the program: errno {errno}.{Transcript()}");
        }

        /// <summary>
        /// Waits for the process to exit and for its output to be read to the end; fails the test unless it exited in
        /// time with 0. <paramref name="after"/> names the last signal; <paramref name="stillRunning"/> says what a
        /// process still running at the limit means.
        /// </summary>
        public void AssertExitsWith0(TimeSpan limit, string after, int signal, Func<string> stillRunning)
        {
            if (!_process.WaitForExit(limit))
            {
                Assert.Fail($"The program was still running {limit.TotalSeconds} s after {after}. {stillRunning()}{Transcript()}");
            }
            _process.WaitForExit(); // the output, read asynchronously, is complete once this returns
            var code = _process.ExitCode;
            if (code == 0) return;
            Assert.Fail((code == 128 + signal
                ? $"The program was killed by {(signal == SIGINT ? "SIGINT (Ctrl+C)" : "SIGTERM")} (exit code {code}): the runtime's default handling of the " +
                  "signal ended it before the drain. In the handler registered with PosixSignalRegistration.Create, set " +
                  "context.Cancel = true (with Console.CancelKeyPress: e.Cancel = true), so that the program stops by " +
                  "itself, after the drain."
                : $"The program exited with code {code}; after a shutdown it returns 0.") + Transcript());
        }

        /// <summary>Fails the test unless the program printed "drained:" followed by the four lines of a report.</summary>
        public void AssertPrintedTheReport()
        {
            lock (_output)
            {
                var at = _output.IndexOf("drained:");
                if (at < 0) Assert.Fail($"The program printed no \"drained:\" report.{Transcript()}");
                var missing = ((string[])["completed", "failed", "abandoned", "never started"])
                    .Where(key => !_output.Skip(at + 1).Any(l => l.StartsWith(key + ":", StringComparison.Ordinal))).ToList();
                if (missing.Count > 0) Assert.Fail($"The report after \"drained:\" has no line for {string.Join(", ", missing)}.{Transcript()}");
            }
        }

        public string Transcript()
        {
            var nl = Environment.NewLine;
            string output, errors;
            lock (_output) output = string.Join(nl, _output);
            lock (_errors) errors = string.Join(nl, _errors);
            return $"{nl}{nl}The program's output:{nl}{output}" + (errors.Length > 0 ? $"{nl}{nl}Its errors:{nl}{errors}" : "");
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited meanwhile.
            }
            _process.Dispose();
        }

        private void Add(List<string> lines, string? line)
        {
            lock (lines)
            {
                if (line is null) _outputClosed |= lines == _output;
                else lines.Add(line);
                Monitor.PulseAll(lines);
            }
        }

        /// <summary>The dotnet host that runs this test, so that the program runs on the same runtime.</summary>
        private static string DotnetHost()
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
            var current = Environment.ProcessPath;
            return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
        }
    }

    /// <summary>
    /// A process started in the background by a shell without job control (<c>nohup</c>, <c>cmd &amp;</c> in a
    /// script) ignores SIGINT, and so does every process it starts: Ctrl+C could never reach the program, whatever
    /// its code. That is the machine's doing, not the learner's: the test is skipped, with the reason.
    /// </summary>
    private static void IgnoreWhereCtrlCCannotArrive()
    {
        var old = Marshal.AllocHGlobal(512); // larger than struct sigaction on Linux and macOS
        try
        {
            // sa_handler comes first in struct sigaction on Linux and macOS; SIG_IGN is 1.
            if (sigaction(SIGINT, IntPtr.Zero, old) == 0 && Marshal.ReadIntPtr(old) == 1)
                Assert.Ignore("SIGINT is ignored by this test process (it was started in the background by a shell " +
                    "without job control), so the program would inherit that and never see Ctrl+C. Run the tests in " +
                    "the foreground to check Ctrl+C.");
        }
        finally
        {
            Marshal.FreeHGlobal(old);
        }
    }

    // DllImport rather than LibraryImport, which would need unsafe code in the project.
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc", SetLastError = true)]
    private static extern int sigaction(int sig, IntPtr act, IntPtr oldact);
}
