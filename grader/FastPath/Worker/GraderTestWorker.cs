// Compiled by the grader into the clean room's test assembly (grader/CleanRoom/GeneratedProjects.cs), never into the
// grader itself: the entry point of the fast path's test worker (grader/FastPath/TestWorkerRun.cs). `dotnet <tests>.dll
// <results file>` runs the assembly's own tests with NUnit's in-framework runner and writes each result through the
// grader's signed results log (SignedResultLines.cs, the vstest logger's writer), under the key read from standard
// input before any test runs. vstest ignores this entry point: `dotnet test` and the grader's normal path are unchanged.
using Katas.Grader.TestLogger;
using NUnit.Framework.Api;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace Katas.Grader.FastPath.Worker;

internal static class GraderTestWorker
{
    public static int Main(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: dotnet <tests>.dll <results file> (the key on standard input)");
            return 2;
        }
        var line = Console.In.ReadLine();
        if (string.IsNullOrWhiteSpace(line)) return 2;
        var key = Convert.FromBase64String(line.Trim());
        var assembly = typeof(GraderTestWorker).Assembly;
        using var lines = new SignedResultLines(args[0], key);
        Array.Clear(key);
        var runner = new NUnitTestAssemblyRunner(new DefaultTestAssemblyBuilder());
        // What the NUnit adapter gives the framework when the run settings have no NUnit section.
        runner.Load(assembly, new Dictionary<string, object>
        {
            ["WorkDirectory"] = AppContext.BaseDirectory,
            ["SynchronousEvents"] = false,
        });
        var listener = new SigningListener(lines, assembly.Location);
        runner.Run(listener, TestFilter.Empty);
        lines.End(aborted: false, canceled: false, error: null, executed: listener.Finished);
        // A thread a test left running must not keep the worker alive: the run is over.
        Environment.Exit(0);
        return 0;
    }

    /// <summary>Each test case's start and result, in the vstest adapter's terms.</summary>
    private sealed class SigningListener(SignedResultLines lines, string source) : ITestListener
    {
        private long _finished;

        public long Finished => Interlocked.Read(ref _finished);

        public void TestStarted(ITest test)
        {
            if (!test.IsSuite) lines.Started(test.FullName);
        }

        public void TestFinished(ITestResult result)
        {
            if (result.Test.IsSuite) return;
            Interlocked.Increment(ref _finished);
            lines.Result(source, result.Test.FullName, Outcome(result.ResultState), result.Duration * 1000, result.Message, result.StackTrace);
        }

        public void TestOutput(TestOutput output)
        {
        }

        public void SendMessage(TestMessage message)
        {
        }

        /// <summary>The NUnit adapter's mapping (TestConverter): warnings as skipped, inconclusive and cancelled as none.</summary>
        public static string Outcome(ResultState state) => state.Status switch
        {
            TestStatus.Passed => "Passed",
            TestStatus.Warning => "Skipped",
            TestStatus.Skipped => state.Label == "Explicit" ? "None" : "Skipped",
            TestStatus.Failed => state.Label == "Cancelled" ? "None" : "Failed",
            _ => "None",
        };
    }
}
