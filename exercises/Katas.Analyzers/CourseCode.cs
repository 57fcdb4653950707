using System;
using Microsoft.CodeAnalysis;

namespace Katas.Analyzers;

/// <summary>Which code the course's rules look at: the learner's, not the katas' own tests.</summary>
internal static class CourseCode
{
    /// <summary>
    /// A kata's tests (<c>*Tests.cs</c>, as exercises/Directory.Build.targets and the grader's manifest name them) run
    /// the learner's code on a fake clock, and may use the real one on purpose (a watchdog, a real process's
    /// deadline): they are the course's, not the learner's, so nothing in them is reported.
    /// </summary>
    public static bool IsKataTest(SyntaxTree tree) =>
        tree.FilePath.EndsWith("Tests.cs", StringComparison.Ordinal);
}
