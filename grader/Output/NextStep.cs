using Katas.Grader.Commands;
using Katas.Grader.Scoring;

namespace Katas.Grader.Output;

/// <summary>What the learner should do next: the first unfinished kata, why, and the commands to go on.</summary>
/// <param name="KataId">The first kata that is not passed.</param>
/// <param name="Why">Its first failing test and that test's message, or the compiler error, the crash...</param>
/// <param name="FailingTest">The short name of its first failing test, when there is one.</param>
/// <param name="RunCommand">The command that runs only that kata.</param>
/// <param name="GradeCommand">The command that grades only that kata.</param>
/// <param name="HintCommand">The command that shows its next hint.</param>
public sealed record NextStep(string KataId, string Why, string? FailingTest, string RunCommand, string GradeCommand, string HintCommand)
{
    public static NextStep? Of(GradeReport report)
    {
        var kata = report.Next;
        if (kata is null) return null;
        string why;
        string? failing = null;
        switch (kata.State)
        {
            case KataState.DoesNotCompile:
            case KataState.TestsModified:
            case KataState.ForbiddenApi:
            case KataState.Crashed:
            case KataState.TimedOut:
                why = kata.Detail ?? kata.State.Words();
                break;
            default:
                var first = kata.FirstFailure;
                failing = first?.ShortName;
                why = first is null ? kata.State.Words() : TeachingPart(first.Message);
                break;
        }
        return new NextStep(
            kata.Id,
            why,
            failing,
            $"dotnet test exercises/{kata.Id}",
            LearnerCommand.Of($"grade {kata.Id}"),
            LearnerCommand.Of($"hint {kata.Id}"));
    }

    /// <summary>
    /// The part of a failure message written for the learner (the diagnosis and its timeline), without NUnit's
    /// restatement of the assertion and the exception's stack trace that follow it; `dotnet test` shows those.
    /// </summary>
    public static string TeachingPart(string message)
    {
        var lines = message.Replace("\r", "").Split('\n');
        var cut = Array.FindIndex(lines, 1, l => l.TrimStart() is var t
            && (t.StartsWith("Assert.That(", StringComparison.Ordinal) || t.StartsWith("Expected:", StringComparison.Ordinal)));
        return cut > 0 ? string.Join('\n', lines[..cut]).TrimEnd() : message;
    }
}
