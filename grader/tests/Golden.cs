using Katas.Grader.Running;
using Katas.Grader.Scoring;

namespace Katas.Grader.Tests;

/// <summary>Golden result files (real TRX logs captured from runs of real kata projects), and builders for test data.</summary>
internal static class Golden
{
    public static string Path(string name) => System.IO.Path.Combine(TestContext.CurrentContext.TestDirectory, "Golden", name);

    public static string Text(string name) => File.ReadAllText(Path(name));

    public static TestRunLog Log(string name) => TrxReader.Parse(Text(name));

    /// <summary>07-timeout's stub, alone in <c>all-failing.trx</c> (11 of 11 fail).</summary>
    public const string Stub = "/work/main/artifacts/bin/TimeLimit/debug_exercises/TimeLimit.dll";

    /// <summary>In <c>partly-passing.trx</c>: a wrong answer of 07-timeout (8 of 11 pass) and 12-async-lock's reference (9 of 9).</summary>
    public const string Wrong = "/work/main/artifacts/bin/TimeLimit/debug_wrong-leaksthetimer/TimeLimit.dll";
    public const string Reference = "/work/main/artifacts/bin/AsyncLock/debug_solutions/AsyncLock.dll";

    public static VariantBuild Built(string assembly, string? source) =>
        new(new Variant("/work/main/exercises/07-timeout/TimeLimit.csproj", source), assembly, null);

    public static TestRecord Test(string name, TestOutcome outcome, string message = "", string assembly = Stub) =>
        new(assembly, name, outcome, TimeSpan.FromMilliseconds(5), message, "");
}
