namespace Katas.Grader.Commands;

/// <summary>The grader's exit codes.</summary>
public static class ExitCodes
{
    /// <summary>Everything asked for was done (grading: the report was produced; verify: every check holds).</summary>
    public const int Ok = 0;

    /// <summary>Grading found unfinished katas (only with <c>--fail-under</c>... or verify found a shortfall).</summary>
    public const int Failed = 1;

    /// <summary>Bad input: not inside a kata repository, an unknown kata, a missing or corrupt manifest, bad arguments.</summary>
    public const int BadInput = 2;
}

/// <summary>A problem with what the user asked for: printed as a clear message, exit code 2.</summary>
public sealed class BadInputException(string message) : Exception(message);
