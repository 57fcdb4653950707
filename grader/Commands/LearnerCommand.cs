namespace Katas.Grader.Commands;

/// <summary>
/// How the grader tells a learner to run it: the root launcher (<c>./katas</c> on macOS and Linux, <c>katas</c> in a
/// Windows terminal), which answers at once where <c>dotnet run --project grader --</c> takes seconds.
/// </summary>
public static class LearnerCommand
{
    public static string Launcher => OperatingSystem.IsWindows() ? "katas" : "./katas";

    /// <summary><c>./katas hint 02-join</c>; <c>./katas</c> alone for no arguments.</summary>
    public static string Of(string arguments = "") => arguments.Length == 0 ? Launcher : $"{Launcher} {arguments}";
}
