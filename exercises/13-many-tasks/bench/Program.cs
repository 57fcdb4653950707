// Measures what N concurrent one-second waits cost, as tasks and as threads, on the real clock.
//
//   dotnet run -c Release --project exercises/13-many-tasks/bench                the whole table
//   dotnet run -c Release --project exercises/13-many-tasks/bench -- tasks 10000  one row
//
// Each row runs in a fresh process, so that the peak of one does not count against another. A sampler
// thread reads the process's thread count every few milliseconds and keeps the peak.
using System.Diagnostics;
using System.Globalization;

var wait = TimeSpan.FromSeconds(1);

if (args.Length == 0)
{
    Console.WriteLine($"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, " +
                      $".NET {Environment.Version}; each of N waits lasts {wait.TotalSeconds:0} s, all started at once.");
    Console.WriteLine();
    Console.WriteLine("| version | N | peak OS threads | peak working set | wall time |");
    Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
    foreach (var (mode, count) in new[] { ("baseline", 0), ("tasks", 10_000), ("threads", 10_000), ("pool", 1_000) })
        Console.WriteLine(RunChild(mode, count));
    return 0;
}

var what = args[0];
var n = int.Parse(args[1], CultureInfo.InvariantCulture);
using var sampler = new PeakThreads();
var clock = Stopwatch.StartNew();
string label;
switch (what)
{
    case "baseline":
        // The same process doing nothing: what the runtime itself costs.
        label = "nothing (the process alone)";
        break;

    case "tasks":
    {
        // The async way: each wait is a task and a timer entry; no thread is held while waiting.
        label = "a task per wait: `await Task.Delay(1 s)`";
        var tasks = new Task[n];
        for (var i = 0; i < n; i++) tasks[i] = Task.Delay(wait);
        await Task.WhenAll(tasks);
        break;
    }

    case "threads":
    {
        // The tutorial's thread::spawn + thread::sleep: a whole OS thread (stack, kernel object) per wait.
        // The threads wait for the last one to start before they sleep, so that all N are alive at once,
        // as the N tasks are: creating them takes longer than one second.
        label = "a thread per wait: `new Thread(() => Thread.Sleep(1 s))`";
        using var allStarted = new ManualResetEventSlim();
        var threads = new Thread[n];
        for (var i = 0; i < n; i++)
        {
            threads[i] = new Thread(() =>
            {
                allStarted.Wait();
                Thread.Sleep(wait);
            });
            threads[i].Start();
        }
        allStarted.Set();
        foreach (var thread in threads) thread.Join();
        break;
    }

    case "pool":
    {
        // Blocking inside Task.Run: each wait holds a pool thread, the pool adds threads slowly, waits queue up.
        label = "a blocked pool thread per wait: `Task.Run(() => Thread.Sleep(1 s))`";
        var tasks = new Task[n];
        for (var i = 0; i < n; i++) tasks[i] = Task.Run(() => Thread.Sleep(wait));
        await Task.WhenAll(tasks);
        break;
    }

    default:
        Console.Error.WriteLine($"unknown mode {what}: baseline, tasks, threads or pool");
        return 2;
}
clock.Stop();
var peakThreads = sampler.Stop();
using var self = Process.GetCurrentProcess();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {label} | {n:N0} | {peakThreads:N0} | {Mb(self.PeakWorkingSet64)} | {clock.Elapsed.TotalSeconds:0.00} s |"));
return 0;

static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:N0} MB");

static string RunChild(string mode, int count)
{
    var path = Environment.ProcessPath!;
    var info = new ProcessStartInfo(path) { RedirectStandardOutput = true, UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(path) == "dotnet") info.ArgumentList.Add(typeof(PeakThreads).Assembly.Location);
    info.ArgumentList.Add(mode);
    info.ArgumentList.Add(count.ToString(CultureInfo.InvariantCulture));
    using var child = Process.Start(info)!;
    var row = child.StandardOutput.ReadToEnd().Trim();
    child.WaitForExit();
    return row;
}

/// <summary>Samples the number of OS threads of this process every 2 ms on a thread of its own; keeps the peak.</summary>
internal sealed class PeakThreads : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stop;
    private int _peak;

    public PeakThreads()
    {
        _peak = Count();
        _thread = new Thread(() =>
        {
            while (!_stop)
            {
                _peak = Math.Max(_peak, Count());
                Thread.Sleep(2);
            }
        }) { IsBackground = true, Name = "peak thread sampler" };
        _thread.Start();
    }

    public int Stop()
    {
        _stop = true;
        _thread.Join();
        return _peak;
    }

    public void Dispose() => _stop = true;

    private static int Count()
    {
        // On Linux the "Threads:" line of /proc/self/status is cheap even with 10,000 threads.
        if (OperatingSystem.IsLinux())
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("Threads:", StringComparison.Ordinal))
                    return int.Parse(line.AsSpan(8).Trim(), CultureInfo.InvariantCulture);
        using var self = Process.GetCurrentProcess();
        return self.Threads.Count;
    }
}
