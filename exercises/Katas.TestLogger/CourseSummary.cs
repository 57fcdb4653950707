using System.Text;
using System.Text.RegularExpressions;

namespace Katas.TestLogger;

/// <summary>
/// The end of a root <c>dotnet test</c>: one line per kata in course order, the course's total, and what to do next
/// (the first unfinished kata's first failing test). Run by the solution's VSTest target (after.Katas.sln.targets)
/// once every kata has run: <c>dotnet Katas.TestLogger.dll &lt;course run folder&gt; &lt;exercises folder&gt;</c>.
/// It never fails the run: the tests' own result decides <c>dotnet test</c>'s exit code.
/// </summary>
public static partial class CourseSummary
{
    public static int Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: Katas.TestLogger <course run folder> <exercises folder>");
            return 2;
        }
        Console.Out.Write(Render(args[0], Katas(args[1])));
        return 0;
    }

    /// <summary>The kata folders (NN-name holding a project), in course order.</summary>
    public static IReadOnlyList<string> Katas(string exercises) =>
        Directory.Exists(exercises)
            ? Directory.EnumerateDirectories(exercises).Select(Path.GetFileName).OfType<string>()
                .Where(name => KataFolder().IsMatch(name) && Directory.EnumerateFiles(Path.Combine(exercises, name), "*.csproj").Any())
                .Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>The summary of the results the katas left in a course run's folder.</summary>
    public static string Render(string courseRun, IReadOnlyList<string> katas) =>
        Render(katas.Select(k => (k, KataResult.Load(courseRun, k))).ToList());

    /// <summary>The summary of each kata's result (null: it left none), in course order.</summary>
    public static string Render(IReadOnlyList<(string Kata, KataResult? Result)> results)
    {
        var katas = results.Select(r => r.Kata).ToList();
        var ran = results.Where(r => r.Result is not null).ToList();
        var passed = ran.Sum(r => r.Result!.Passed);
        var total = ran.Sum(r => r.Result!.Total);
        var width = katas.Count == 0 ? 0 : katas.Max(k => k.Length);
        var text = new StringBuilder().AppendLine().AppendLine("The course:");
        foreach (var (kata, result) in results)
        {
            text.AppendLine($"  {kata.PadRight(width)}  {result?.Score ?? "did not run: its build failed (the error is above)"}");
        }
        var missing = results.Count - ran.Count;
        text.AppendLine($"  {"total".PadRight(width)}  {passed} of {total} tests pass{(missing > 0 ? $" ({missing} kata{(missing == 1 ? "" : "s")} did not run)" : "")}");

        var next = results.FirstOrDefault(r => r.Result is not { Finished: true });
        if (next.Kata is null)
        {
            text.AppendLine().AppendLine(katas.Count == 0 ? "No kata ran." : "Every kata passes. Well done!");
        }
        else if (next.Result is null)
        {
            text.AppendLine().AppendLine($"Next: {next.Kata} does not build. Its error is above; {KataResult.Command(next.Kata)} shows it alone.");
        }
        else
        {
            text.AppendLine().Append("Next: ").AppendLine(next.Result.Block(next.Kata).Trim());
        }
        return text.ToString();
    }

    [GeneratedRegex(@"^\d\d-[a-z0-9-]+$")]
    private static partial Regex KataFolder();
}
