using System.Text.RegularExpressions;

namespace Katas.Grader.Repository;

/// <summary>
/// Finds a learner's own code using the test framework. The tests and the learner's code share one assembly, so
/// <c>Assert.Pass()</c> in a stub would pass every test that calls it without any of the work being done, and
/// <c>Assert.Ignore()</c> would skip them. Only the tests may decide their outcome: such a kata is graded as
/// "tests modified". (A determined cheat can still reach NUnit through reflection; this closes the plain way.)
/// </summary>
public static partial class TestFrameworkUse
{
    /// <summary>Each use in the kata's own sources (not its tests), as "path line N: what".</summary>
    public static IReadOnlyList<string> In(KataRepository repository, Kata kata)
    {
        var uses = new List<string>();
        foreach (var file in Directory.EnumerateFiles(kata.Directory, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (IsTestOrBuildOutput(kata.Directory, file)) continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var comment = lines[i].IndexOf("//", StringComparison.Ordinal); // a remark about NUnit is no use of it
                var match = Use().Match(comment >= 0 ? lines[i][..comment] : lines[i]);
                if (match.Success) uses.Add($"{repository.Relative(file)} line {i + 1} uses the test framework ({match.Value.Trim()})");
            }
        }
        return uses;
    }

    private static bool IsTestOrBuildOutput(string kataDirectory, string file)
    {
        if (file.EndsWith("Tests.cs", StringComparison.Ordinal)) return true;
        var relative = Path.GetRelativePath(kataDirectory, file);
        var first = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0];
        return first is "bin" or "obj";
    }

    // NUnit by name, or the calls that end a test from inside the code under test.
    [GeneratedRegex(@"\bNUnit\b|\b(Assert|Assume|Warn)\s*\.\s*[A-Z]\w*|\b(Success|Ignore|Inconclusive)Exception\b|\bTestContext\b")]
    private static partial Regex Use();
}
