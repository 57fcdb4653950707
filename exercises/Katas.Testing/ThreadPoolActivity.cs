namespace Katas.Testing;

/// <summary>
/// How many thread-pool threads are processing work right now. The pool counts a thread from the moment
/// work is queued for it until it finds no more, so this also sees an item that was already taken off the
/// queue but has not started running: a moment in which neither <see cref="ThreadPool.PendingWorkItemCount"/>
/// nor the <see cref="ActivityMonitor"/> can see it.
/// </summary>
internal static class ThreadPoolActivity
{
    /// <summary>Grace before a pool thread that stays busy is taken for someone else's work.</summary>
    public static readonly TimeSpan ForeignWorkAfter = TimeSpan.FromMilliseconds(100);

    // Pool threads busy with work that is not the code under test's: the test host's, or code an earlier
    // test abandoned (a wrong answer blocking a pool thread forever). Process-wide, like the pool.
    private static int s_foreignThreads;

    /// <summary>
    /// Takes every pool thread busy now for foreign work: called before any code under test runs.
    /// </summary>
    public static void TakeBaseline() => Volatile.Write(ref s_foreignThreads, ThreadsProcessingWork);

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
    /// True when no pool thread does more work than the foreign work already known. Work that a thread
    /// keeps doing for longer than <see cref="ForeignWorkAfter"/> while the code under test is otherwise
    /// idle (<paramref name="busySince"/>) is taken for foreign work from then on.
    /// </summary>
    public static bool IsQuiet(ref long? busySince, long now)
    {
        var processing = ThreadsProcessingWork;
        var foreign = Volatile.Read(ref s_foreignThreads);
        if (processing < foreign) Volatile.Write(ref s_foreignThreads, foreign = processing);
        if (processing <= foreign) { busySince = null; return true; }

        busySince ??= now;
        if (System.Diagnostics.Stopwatch.GetElapsedTime(busySince.Value, now) < ForeignWorkAfter) return false;
        Volatile.Write(ref s_foreignThreads, processing);
        busySince = null;
        return true;
    }
}
