using Katas.Grader.Manifest;
using Katas.Grader.Scoring;

namespace Katas.Grader.Audit;

/// <summary>The grade of a kata whose learner code uses a forbidden API: 0, its tests not run, the uses named.</summary>
public static class ForbiddenApiGrade
{
    /// <summary>Where the learner reads why (grader/README.md, section "Forbidden APIs").</summary>
    public const string Documentation = "grader/README.md#forbidden-apis";

    public static KataGrade Of(ManifestKata kata, IReadOnlyList<ApiViolation> violations) =>
        new(kata.Id, KataState.ForbiddenApi,
            kata.Tests.Select(t => new TestGrade(t, TestStatus.Missing, "not run: the kata's code uses a forbidden API", TimeSpan.Zero, 0, kata.PointsPerTest)).ToList(),
            0, kata.Points, Detail(violations), []);

    /// <summary>"forbidden API: System.Reflection.MethodInfo.Invoke at exercises/02-join/Join.cs:42 — katas may only use…".</summary>
    public static string Detail(IReadOnlyList<ApiViolation> violations)
    {
        var first = violations[0];
        var text = $"forbidden API: {first} — katas may only use the async and collection APIs they teach; see {Documentation}";
        if (violations.Count == 1) return text;
        const int Shown = 8;
        var more = string.Join("; ", violations.Skip(1).Take(Shown).Select(v => v.ToString()));
        return $"{text} (also: {more}{(violations.Count > Shown + 1 ? $"; and {violations.Count - Shown - 1} more" : "")})";
    }
}
