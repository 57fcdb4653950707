using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace Katas.GracefulShutdown;

/// <summary>
/// A small server: a few workers take jobs from a channel and run them, until the shutdown signal. Then it
/// drains: it takes no new jobs, gives the jobs in flight a grace period to finish, cancels those still
/// running when the grace period ends, and reports what became of every job.
/// </summary>
public sealed class JobServer
{
    /// <summary>A server with <paramref name="workers"/> workers and the given grace period.</summary>
    /// <param name="workers">How many jobs run at once (at least 1).</param>
    /// <param name="gracePeriod">How long the jobs in flight may go on after the shutdown signal.</param>
    /// <param name="timeProvider">The clock of the grace period.</param>
    public JobServer(int workers, TimeSpan gracePeriod, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(gracePeriod, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Workers = workers;
        GracePeriod = gracePeriod;
        TimeProvider = timeProvider;
    }

    /// <summary>How many jobs run at once.</summary>
    public int Workers { get; }

    /// <summary>How long the jobs in flight may go on after the shutdown signal.</summary>
    public TimeSpan GracePeriod { get; }

    /// <summary>The clock of the grace period.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>
    /// Runs jobs from <paramref name="jobs"/> with <see cref="Workers"/> workers until <paramref name="shutdown"/>
    /// is cancelled (or the channel is completed and every job is done), drains, and reports.
    /// </summary>
    /// <param name="jobs">Where the jobs come from.</param>
    /// <param name="shutdown">The shutdown signal: take no new jobs, let the jobs in flight finish.</param>
    /// <param name="forceStop">A second signal, during the drain: cancel the jobs in flight now and return.</param>
    /// <returns>What became of every job, as soon as no job is in flight any more.</returns>
    /// <remarks>
    /// <list type="bullet">
    /// <item>At most <see cref="Workers"/> jobs run at once; a free worker takes the next job from the channel.</item>
    /// <item>After the signal no job starts, not even one already waiting in the channel.</item>
    /// <item>The jobs in flight go on for up to <see cref="GracePeriod"/> (on <see cref="TimeProvider"/>). Return
    /// as soon as they are all done, not at the end of the grace period.</item>
    /// <item>When the grace period ends (or <paramref name="forceStop"/> fires), cancel the token every job got,
    /// and return at once: do not wait for a job that ignores its token.</item>
    /// <item>A job that throws is reported as failed; the server goes on.</item>
    /// </list>
    /// </remarks>
    public Task<ShutdownReport> RunAsync(ChannelReader<Job> jobs, CancellationToken shutdown, CancellationToken forceStop = default)
    {
        // TODO: start Workers workers; each takes jobs from the channel (WaitToReadAsync/TryRead) until the signal,
        //       and runs each job with a token of the server's own (not the shutdown token).
        // TODO: after the signal, wait for the workers, but no longer than GracePeriod on TimeProvider, and not
        //       after forceStop; then cancel the jobs' token.
        // TODO: keep track of the jobs in flight and how the others ended, and build the ShutdownReport
        //       (what is left in the channel never started).
        throw new NotImplementedException(
            "Run the jobs with Workers workers until the shutdown signal, then drain: no new jobs, the grace " +
            "period for the jobs in flight, cancel those still running when it ends, and report.");
    }
}

/// <summary>
/// Turns the operating system's stop signals into the server's two tokens: the first Ctrl+C (SIGINT) or SIGTERM
/// asks for a graceful shutdown, the next one forces an immediate stop.
/// </summary>
public sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _shutdown = new();
    private readonly CancellationTokenSource _forceStop = new();

    /// <summary>Cancelled by the first signal: shut down gracefully.</summary>
    public CancellationToken Shutdown => _shutdown.Token;

    /// <summary>Cancelled by the second signal: stop now.</summary>
    public CancellationToken ForceStop => _forceStop.Token;

    /// <summary>Listens for Ctrl+C (SIGINT) and SIGTERM until disposed.</summary>
    public static ShutdownSignals Listen()
    {
        // TODO: create a ShutdownSignals and register SIGINT and SIGTERM with PosixSignalRegistration.Create; the
        //       handler calls Request() and tells the runtime not to end the process itself. Keep the
        //       registrations, and dispose them in Dispose.
        throw new NotImplementedException(
            "Listen for SIGINT (Ctrl+C) and SIGTERM with PosixSignalRegistration; each signal calls Request().");
    }

    /// <summary>What one signal does: the first asks for a graceful shutdown, any later one forces a stop.</summary>
    public void Request()
    {
        // TODO: the first call cancels Shutdown, any later call cancels ForceStop. Signals arrive on another thread.
        throw new NotImplementedException("The first request cancels Shutdown, any later one cancels ForceStop.");
    }

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        _shutdown.Dispose();
        _forceStop.Dispose();
    }
}
