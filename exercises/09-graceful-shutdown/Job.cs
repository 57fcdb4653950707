namespace Katas.GracefulShutdown;

/// <summary>One unit of work for the <see cref="JobServer"/>: a name for the report, and the work itself.</summary>
/// <param name="Name">How the <see cref="ShutdownReport"/> names this job.</param>
/// <param name="Work">
/// The work. It receives the job's own token, which the server cancels when the grace period ends (or on a
/// forced stop), never at the shutdown signal itself. A job that honours it stops promptly.
/// </param>
public sealed record Job(string Name, Func<CancellationToken, Task> Work)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}
