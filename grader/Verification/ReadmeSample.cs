using Katas.Grader.Commands;
using Katas.Grader.Manifest;
using Katas.Grader.Output;
using Katas.Grader.Repository;
using Katas.Grader.Scoring;

namespace Katas.Grader.Verification;

/// <summary>
/// The root README's sample of the grader's table, made from this verify's own runs: a learner who has finished the
/// first kata (its reference's results) and not touched the others (their stubs' results), rendered by the grader's
/// own renderer. Verify fails when the README shows anything else, so the sample never drifts from what a fresh
/// clone prints (test names, points, the first failure's message).
/// </summary>
public static class ReadmeSample
{
    /// <summary>Where the sample starts and ends in README.md; the lines between are generated.</summary>
    public static readonly ReadmeBlock Block = ReadmeBlock.Generated("grader sample", "a test's name, the points or the first failure's message");

    /// <summary>The sample's width in characters: fits a README code block without wrapping on GitHub.</summary>
    private const int Width = 100;

    /// <summary>The table as a learner who finished the first kata sees it, or null when a needed run is missing.</summary>
    public static string? Render(GradingManifest manifest, IReadOnlyList<(Kata Kata, VariantRun? Reference)> references,
        IReadOnlyList<(Kata Kata, VariantRun Stub)> stubs)
    {
        var grades = new List<KataGrade>();
        foreach (var (kata, index) in manifest.Katas.Select((k, i) => (k, i)))
        {
            var run = index == 0
                ? references.FirstOrDefault(r => r.Kata.Id == kata.Id).Reference
                : stubs.FirstOrDefault(s => s.Kata.Id == kata.Id).Stub;
            if (run is null) return null;
            grades.Add(Scorer.Grade(kata, run, []));
        }
        var text = new StringWriter();
        var console = GradeCommand.ConsoleFor(text, toTerminal: false);
        console.Profile.Width = Width;
        TableRenderer.Render(new GradeReport(grades, "exercises"), console);
        return string.Join("\n", text.ToString().ReplaceLineEndings("\n").TrimEnd().Split('\n').Select(l => l.TrimEnd()));
    }
}
