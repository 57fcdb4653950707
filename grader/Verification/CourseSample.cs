using Katas.Grader.Manifest;
using Katas.Grader.Repository;
using Katas.Grader.Scoring;
using Katas.TestLogger;

namespace Katas.Grader.Verification;

/// <summary>
/// The root README's sample of a learner's first <c>dotnet test</c> at the root: the course summary that
/// after.Katas.sln.targets prints (<see cref="CourseSummary"/>), made from this verify's runs of the untouched stubs.
/// </summary>
public static class CourseSample
{
    public static readonly ReadmeBlock Block = ReadmeBlock.Generated("dotnet test sample", "a kata's test count or the first test's message");

    /// <summary>What a fresh clone's root <c>dotnet test</c> ends with, or null when a stub's run is missing.</summary>
    public static string? Render(GradingManifest manifest, IReadOnlyList<(Kata Kata, VariantRun Stub)> stubs)
    {
        var results = new List<(string, KataResult?)>();
        foreach (var kata in manifest.Katas)
        {
            var run = stubs.FirstOrDefault(s => s.Kata.Id == kata.Id).Stub;
            if (run is null) return null;
            results.Add((kata.Id, ResultOf(kata, run)));
        }
        return string.Join("\n", CourseSummary.Render(results).ReplaceLineEndings("\n").Trim('\n').Split('\n').Select(l => l.TrimEnd()));
    }

    /// <summary>A kata's run as the root run's logger sees it: the first failing test is the first the tests file declares.</summary>
    private static KataResult? ResultOf(ManifestKata kata, VariantRun run)
    {
        if (!run.Compiled) return null;
        var byName = run.Tests.GroupBy(t => t.FullName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var failed = kata.Tests.Select(n => byName.GetValueOrDefault(n)).FirstOrDefault(t => t is { Outcome: TestOutcome.Failed });
        return new KataResult(
            run.Tests.Count(t => t.Outcome == TestOutcome.Passed), run.Tests.Count, run.Tests.Count(t => t.Outcome == TestOutcome.Skipped),
            run.AbortReason is not null, failed is null ? null : DisplayName(failed.FullName), failed is null ? null : KataResult.FirstLine(failed.Message));
    }

    /// <summary><c>Katas.HelloAsync.HelloAsyncTests.Greets("Ferris")</c> → <c>Greets("Ferris")</c>, as vstest displays an NUnit test.</summary>
    public static string DisplayName(string fullName)
    {
        var arguments = fullName.IndexOf('(', StringComparison.Ordinal);
        var lastDot = (arguments < 0 ? fullName : fullName[..arguments]).LastIndexOf('.');
        return fullName[(lastDot + 1)..];
    }
}
