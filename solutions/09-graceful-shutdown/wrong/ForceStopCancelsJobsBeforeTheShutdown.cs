using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace Katas.GracefulShutdown;

// WRONG: links the jobs' token to forceStop: a forceStop before any shutdown signal cancels the jobs while the server is still serving.

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
    public async Task<ShutdownReport> RunAsync(ChannelReader<Job> jobs, CancellationToken shutdown, CancellationToken forceStop = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var book = new Bookkeeping();
        // The jobs' own token. Not the shutdown token: the jobs in flight go on after the signal.
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(forceStop);

        async Task WorkAsync()
        {
            try
            {
                // false once the channel is completed and empty; throws once the signal has come.
                while (await jobs.WaitToReadAsync(shutdown))
                {
                    // The signal wins over a job waiting in the channel: no job starts after it.
                    shutdown.ThrowIfCancellationRequested();
                    if (jobs.TryRead(out var job)) await RunJobAsync(job);
                }
            }
            catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
            {
                // The signal: this worker takes no new job.
            }
        }

        async Task RunJobAsync(Job job)
        {
            book.Started(job);
            try
            {
                await job.Work(giveUp.Token);
                book.Ended(job, failed: false);
            }
            catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
            {
                // Given up on: it stays in flight, and Close reports it abandoned.
            }
            catch (Exception)
            {
                book.Ended(job, failed: true); // one failing job does not stop the server
            }
        }

        var workers = Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => WorkAsync()));

        try
        {
            // Serve until the signal (or until the channel is completed and every job is done).
            await workers.WaitAsync(shutdown);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            try
            {
                // The drain: the workers take no new jobs. Wait for the jobs in flight, but no longer than the grace
                // period, and not at all after a second signal. When they finish early, WaitAsync returns at once
                // and disposes its timer.
                await workers.WaitAsync(GracePeriod, TimeProvider, forceStop);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                // Time is up: cancel what still runs, and do not wait for it (a job may ignore its token).
                await giveUp.CancelAsync();
            }
        }
        return book.Close(jobs);
    }

    /// <summary>Who is in flight and how the others ended; shared by the workers, so it takes a lock.</summary>
    private sealed class Bookkeeping
    {
        private readonly Lock _gate = new();
        private readonly List<Job> _inFlight = [];
        private readonly List<string> _completed = [];
        private readonly List<string> _failed = [];
        private ShutdownReport? _report;

        public void Started(Job job)
        {
            lock (_gate) _inFlight.Add(job);
        }

        public void Ended(Job job, bool failed)
        {
            lock (_gate)
            {
                if (_report is not null) return; // too late: reported as abandoned
                _inFlight.Remove(job);
                (failed ? _failed : _completed).Add(job.Name);
            }
        }

        /// <summary>The report: what is still in flight is abandoned, what is left in the channel never started.</summary>
        public ShutdownReport Close(ChannelReader<Job> jobs)
        {
            lock (_gate)
            {
                List<string> neverStarted = [];
                while (jobs.TryRead(out var job)) neverStarted.Add(job.Name);
                return _report ??= new([.. _completed], [.. _failed], [.. _inFlight.Select(j => j.Name)], neverStarted);
            }
        }
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
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _requests;

    /// <summary>Cancelled by the first signal: shut down gracefully.</summary>
    public CancellationToken Shutdown => _shutdown.Token;

    /// <summary>Cancelled by the second signal: stop now.</summary>
    public CancellationToken ForceStop => _forceStop.Token;

    /// <summary>Listens for Ctrl+C (SIGINT) and SIGTERM until disposed.</summary>
    public static ShutdownSignals Listen()
    {
        var signals = new ShutdownSignals();
        foreach (var signal in (PosixSignal[])[PosixSignal.SIGINT, PosixSignal.SIGTERM])
        {
            signals._registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                // We stop by ourselves, after the drain: the runtime must not end the process now.
                context.Cancel = true;
                signals.Request();
            }));
        }
        return signals;
    }

    /// <summary>What one signal does: the first asks for a graceful shutdown, any later one forces a stop.</summary>
    public void Request()
    {
        if (Interlocked.Increment(ref _requests) == 1) _shutdown.Cancel();
        else _forceStop.Cancel();
    }

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _shutdown.Dispose();
        _forceStop.Dispose();
    }
}
