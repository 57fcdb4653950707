namespace Katas.Testing;

/// <summary>
/// How many thread-pool threads are processing work, against a baseline of threads busy with work that is
/// not the code under test's (the test host's, or code an earlier test abandoned).
/// </summary>
/// <remarks>
/// The pool counts a thread as processing from the moment it is released to take work off the queue until
/// it finds no more, so this count sees an item that was taken off the queue but has not started running:
/// a moment in which neither <see cref="ThreadPool.PendingWorkItemCount"/> nor the
/// <see cref="ActivityMonitor"/> can see it. The rule is conservative: a thread beyond the baseline is
/// waited for, whoever it works for, because no real-time threshold can tell the code's work from
/// anyone else's on a loaded machine. Foreign work thus only makes the runtime wait (within its real-time
/// budget); it never lets the clock move early.
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
    private int _baseline;

    /// <summary>Takes every pool thread processing work now as foreign: called before any code under test runs.</summary>
    public ThreadPoolActivity() => _baseline = ThreadsProcessingWork;

    /// <summary>Pool threads taken for foreign work: the threads busy when the runtime was created, fewer once they went idle.</summary>
    public int Baseline => Volatile.Read(ref _baseline);

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
    /// Pool threads processing work beyond the baseline now (0 when quiet). A baseline thread that went
    /// idle lowers the baseline for good: a thread that takes work later is counted.
    /// </summary>
    public int BeyondBaseline()
    {
        var processing = ThreadsProcessingWork;
        if (processing < Volatile.Read(ref _baseline)) Volatile.Write(ref _baseline, processing);
        return processing - Volatile.Read(ref _baseline);
    }
}
