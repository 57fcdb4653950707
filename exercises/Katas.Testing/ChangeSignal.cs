namespace Katas.Testing;

/// <summary>
/// Wakes the runtime's watchdog as soon as a part of the code under test may have gone quiet (the loop or
/// the clock thread ran out of work, a thread stopped running the code), instead of letting it poll. On a
/// loaded machine a thread that sleeps and is woken gets the CPU far sooner than one that spins or yields,
/// and the runtime waits for quiescence once per timer.
/// </summary>
internal sealed class ChangeSignal
{
    private readonly object _gate = new();
    private long _version;
    private int _waiters;

    /// <summary>Changes with every <see cref="Pulse"/>.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Something changed: wakes the waiter, if any.</summary>
    public void Pulse()
    {
        Interlocked.Increment(ref _version);
        if (Volatile.Read(ref _waiters) == 0) return;
        lock (_gate) Monitor.PulseAll(_gate);
    }

    /// <summary>Waits until the version differs from <paramref name="seen"/>, or <paramref name="timeout"/> passes.</summary>
    public void Wait(long seen, TimeSpan timeout)
    {
        lock (_gate)
        {
            Interlocked.Increment(ref _waiters);
            try
            {
                if (Version == seen) Monitor.Wait(_gate, timeout);
            }
            finally { Interlocked.Decrement(ref _waiters); }
        }
    }
}
