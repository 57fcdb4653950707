using System.Diagnostics;

namespace Katas.Testing;

/// <summary>
/// How many thread-pool threads are processing work beyond the <b>floor</b>: the threads the test host keeps
/// busy for good (a runner's thread blocked in a read), which never take a work item off the queue.
/// </summary>
/// <remarks>
/// <para>
/// The pool counts a thread as processing from the moment it is released to take work off the queue until
/// it finds no more, so this count sees an item that was taken off the queue but has not started running:
/// a moment in which neither <see cref="ThreadPool.PendingWorkItemCount"/> nor the
/// <see cref="ActivityMonitor"/> can see it. That holds only if no thread above the floor is taken as
/// foreign: a thread that just finished some foreign work (the test host's, the previous test's) is still
/// processing, and may take the code's item next without the count moving. So the floor is not a snapshot
/// taken when a runtime is created (it would include such a thread) but the lowest count ever seen in the
/// process, less the pool threads that earlier runtimes abandoned inside the code under test (a wrong
/// answer blocked for good), counted live by their <see cref="ActivityMonitor"/>s. Foreign work above the
/// floor only makes the runtime wait; it never lets the clock move early.
/// </para>
/// <para>
/// Why not count the code's tasks through an in-process EventListener on TplEventSource: it sees Tasks
/// only, while much pool work is not a Task (channels and other IValueTaskSource-based awaitables queue
/// IThreadPoolWorkItem continuations with UnsafeQueueUserWorkItem); and the thread pool's own events come
/// from NativeRuntimeEventSource, dispatched asynchronously through EventPipe, too late to close the gap
/// between dequeuing an item and running it. The pool's counters are exact at the moment they are read.
/// </para>
/// </remarks>
internal sealed class ThreadPoolActivity
{
    private static readonly object Gate = new();
    private static readonly List<ActivityMonitor> Abandoned = [];
    private static int _floor = -1;

    /// <summary>Learns the floor the first time a runtime is created in this process.</summary>
    public ThreadPoolActivity()
    {
        lock (Gate)
        {
            if (_floor < 0) _floor = LowestCountSeenBriefly();
        }
    }

    /// <summary>Pool threads taken as foreign and busy for good.</summary>
    public static int Floor => Volatile.Read(ref _floor);

    /// <summary>Pool threads processing work now.</summary>
    public static int ThreadsProcessingWork
    {
        get
        {
            ThreadPool.GetMaxThreads(out var max, out _);
            ThreadPool.GetAvailableThreads(out var available, out _);
            return Math.Max(0, max - available);
        }
    }

    /// <summary>
    /// A runtime is done with: pool threads still inside its code (blocked for good, most likely) are neither
    /// the floor nor the next runtime's work. Its monitor keeps counting them as they leave.
    /// </summary>
    public static void Abandon(ActivityMonitor monitor)
    {
        lock (Gate) Abandoned.Add(monitor);
    }

    /// <summary>Pool threads processing work beyond the floor now (0 when quiet); a lower count lowers the floor.</summary>
    public int BeyondFloor()
    {
        // The count first, the abandoned threads second: a thread moving between the two readings makes the
        // difference too high (the runtime waits), never too low.
        var processing = ThreadsProcessingWork;
        var foreign = processing - AbandonedBusy();
        lock (Gate)
        {
            if (foreign < _floor) _floor = Math.Max(0, foreign);
            return Math.Max(0, foreign - _floor);
        }
    }

    /// <summary>
    /// The last resort, for a foreign thread busy for good (with nothing of the code's queued or running for
    /// <see cref="VirtualRuntime.BlockedAfter"/>): it joins the floor, so later runtimes do not wait for it.
    /// </summary>
    public void TakeAsForeign(int threads)
    {
        lock (Gate) _floor += threads;
    }

    private static int AbandonedBusy()
    {
        lock (Gate)
        {
            var busy = 0;
            foreach (var monitor in Abandoned) busy += monitor.BusyPoolThreads;
            return busy;
        }
    }

    /// <summary>
    /// The lowest count over a few milliseconds: long enough for a thread that has just finished its work
    /// to find the queue empty and stop, on a loaded machine too; the running minimum corrects the rest.
    /// </summary>
    private static int LowestCountSeenBriefly()
    {
        var lowest = int.MaxValue;
        var started = Stopwatch.GetTimestamp();
        for (var look = 0; look < 5 || Stopwatch.GetElapsedTime(started) < TimeSpan.FromMilliseconds(20); look++)
        {
            lowest = Math.Min(lowest, ThreadsProcessingWork);
            if (lowest == 0) break;
            Thread.Sleep(1);
        }
        return lowest;
    }
}
