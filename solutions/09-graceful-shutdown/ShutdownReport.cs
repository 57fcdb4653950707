namespace Katas.GracefulShutdown;

/// <summary>What the server did with its jobs, as it stood when <see cref="JobServer.RunAsync"/> returned.</summary>
/// <param name="Completed">Jobs that ran to the end, in the order they finished.</param>
/// <param name="Failed">Jobs that threw an exception of their own, in the order they failed.</param>
/// <param name="Abandoned">
/// Jobs still running when the server gave up on them (the grace period ended, or a forced stop), in the
/// order they started. Their tokens were cancelled; whatever they do afterwards does not change the report.
/// </param>
/// <param name="NeverStarted">Jobs left in the channel when the server returned, in the order they were queued.</param>
public sealed record ShutdownReport(
    IReadOnlyList<string> Completed,
    IReadOnlyList<string> Failed,
    IReadOnlyList<string> Abandoned,
    IReadOnlyList<string> NeverStarted)
{
    /// <summary>The report as the console program prints it, one line per kind of ending.</summary>
    public override string ToString() => $"""
        completed:     {List(Completed)}
        failed:        {List(Failed)}
        abandoned:     {List(Abandoned)}
        never started: {List(NeverStarted)}
        """;

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "-" : string.Join(", ", names);
}
