using System.Globalization;
using System.Threading.Channels;

namespace Katas.GracefulShutdown;

/// <summary>
/// The server as a real console program, on the real clock. Try it:
/// <c>dotnet run --project exercises/09-graceful-shutdown</c>, then Ctrl+C once (a graceful shutdown) or
/// twice (stop at once); or <c>kill -TERM &lt;pid&gt;</c> from another terminal. An argument sets the grace period
/// in seconds: <c>dotnet run --project exercises/09-graceful-shutdown -- 10</c>.
/// </summary>
/// <remarks>This file is ready: your part is in GracefulShutdown.cs.</remarks>
public static class Program
{
    /// <summary>How long the jobs in flight may go on after the first signal, unless an argument says otherwise.</summary>
    public static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromSeconds(2);

    /// <summary>Runs three jobs with two more queued behind them until a signal, drains, prints the report, exits 0.</summary>
    /// <param name="args">Optional: the grace period in seconds.</param>
    public static async Task<int> Main(string[] args)
    {
        var gracePeriod = args is [var seconds]
            ? TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture))
            : DefaultGracePeriod;
        using var signals = ShutdownSignals.Listen();
        var clock = TimeProvider.System;

        // Two connections that serve until the shutdown signal and then need 100 ms to say goodbye, an export
        // that cannot finish within the grace period, and two emails that wait for a free worker.
        var running = 0;
        var allBusy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Job Demo(string name, Func<CancellationToken, Task> work) => new(name, async token =>
        {
            Console.WriteLine($"{name}: started");
            if (Interlocked.Increment(ref running) == 3) allBusy.TrySetResult();
            await work(token);
            Console.WriteLine($"{name}: done");
        });
        async Task ServeUntilShutdownAsync(CancellationToken token)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, clock, signals.Shutdown).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await Task.Delay(TimeSpan.FromMilliseconds(100), clock, token);
        }
        var jobs = Channel.CreateUnbounded<Job>();
        foreach (var job in (Job[])[
            Demo("connection 1", ServeUntilShutdownAsync),
            Demo("connection 2", ServeUntilShutdownAsync),
            Demo("export", token => Task.Delay(TimeSpan.FromMinutes(1), clock, token)),
            Demo("email 1", token => Task.Delay(TimeSpan.FromMilliseconds(50), clock, token)),
            Demo("email 2", token => Task.Delay(TimeSpan.FromMilliseconds(50), clock, token)),
        ])
        {
            jobs.Writer.TryWrite(job);
        }

        using var announce = signals.Shutdown.Register(() => Console.WriteLine(
            $"shutting down: no new jobs; the jobs in flight have {gracePeriod.TotalSeconds:0.#} s (Ctrl+C again to stop at once)"));
        using var announceForce = signals.ForceStop.Register(() => Console.WriteLine("stopping at once"));
        var server = new JobServer(workers: 3, gracePeriod, clock).RunAsync(jobs.Reader, signals.Shutdown, signals.ForceStop);

        await Task.WhenAny(allBusy.Task, server);
        Console.WriteLine($"ready: 3 jobs in flight, 2 queued (pid {Environment.ProcessId}); Ctrl+C or SIGTERM to shut down");

        var report = await server;
        Console.WriteLine("drained:");
        Console.WriteLine(report);
        return 0;
    }
}
