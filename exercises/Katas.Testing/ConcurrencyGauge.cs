namespace Katas.Testing;

/// <summary>Counts how many things are in flight at once, and the peak: "at most 3 requests at a time".</summary>
public sealed class ConcurrencyGauge
{
    private int _current;
    private int _peak;

    /// <summary>In flight now.</summary>
    public int Current => Volatile.Read(ref _current);

    /// <summary>The most that were ever in flight at once.</summary>
    public int Peak => Volatile.Read(ref _peak);

    /// <summary>Counts one more in flight until the returned scope is disposed.</summary>
    public IDisposable Enter()
    {
        var now = Interlocked.Increment(ref _current);
        int peak;
        while (now > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak) { }
        return new Exit(this);
    }

    private sealed class Exit(ConcurrencyGauge gauge) : IDisposable
    {
        private int _done;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) Interlocked.Decrement(ref gauge._current);
        }
    }
}
