namespace Katas.Testing;

/// <summary>
/// A stand-in for real async work (a request, a query) that takes a set time on the runtime's clock and
/// records on the timeline when it started and how it ended, so tests can assert on timing and on
/// cancellation: did the loser of a race see its token cancelled? Was anything started twice?
/// </summary>
/// <typeparam name="T">The type of the result.</typeparam>
public sealed class FakeOperation<T>
{
    private readonly VirtualRuntime _runtime;
    private readonly T _result;
    private readonly Exception? _error;

    /// <summary>An operation named <paramref name="name"/> that returns <paramref name="result"/> after <paramref name="duration"/>.</summary>
    public FakeOperation(VirtualRuntime runtime, string name, TimeSpan duration, T result)
        : this(runtime, name, duration, result, null) { }

    private FakeOperation(VirtualRuntime runtime, string name, TimeSpan duration, T result, Exception? error)
    {
        _runtime = runtime;
        Name = name;
        Duration = duration;
        _result = result;
        _error = error;
    }

    /// <summary>An operation that throws <paramref name="error"/> after <paramref name="duration"/>.</summary>
    public static FakeOperation<T> Failing(VirtualRuntime runtime, string name, TimeSpan duration, Exception error) =>
        new(runtime, name, duration, default!, error);

    /// <summary>Its name: the lane on the timeline.</summary>
    public string Name { get; }

    /// <summary>How long one call takes on the fake clock.</summary>
    public TimeSpan Duration { get; }

    /// <summary>How many times it was called.</summary>
    public int Calls { get; private set; }

    /// <summary>When the latest call started; null if never called.</summary>
    public TimeSpan? StartedAt { get; private set; }

    /// <summary>When the latest call ended (in any way); null if it has not ended.</summary>
    public TimeSpan? EndedAt { get; private set; }

    /// <summary>How the latest call ended: completed, failed, cancelled; null while running or never called.</summary>
    public string? Ending { get; private set; }

    /// <summary>True once the latest call ended because its token was cancelled.</summary>
    public bool WasCancelled => Ending == Timeline.Cancelled;

    /// <summary>True while a call is in progress.</summary>
    public bool IsRunning => StartedAt is not null && EndedAt is null;

    /// <summary>The token the latest call received.</summary>
    public CancellationToken ReceivedToken { get; private set; }

    /// <summary>Runs the operation: waits <see cref="Duration"/> on the fake clock, then returns or throws.</summary>
    public async Task<T> RunAsync(CancellationToken cancellationToken = default)
    {
        Calls++;
        ReceivedToken = cancellationToken;
        StartedAt = _runtime.Now;
        EndedAt = null;
        Ending = null;
        _runtime.Timeline.Record(Name, Timeline.Started);
        try
        {
            await TrackingTimeProvider.WithCreator($"operation {Name}",
                () => Task.Delay(Duration, _runtime.Clock, cancellationToken));
        }
        catch (OperationCanceledException)
        {
            End(Timeline.Cancelled);
            throw;
        }
        if (_error is not null)
        {
            End(Timeline.Failed);
            throw _error;
        }
        End(Timeline.Completed);
        return _result;
    }

    /// <summary>The operation as a delegate, the shape most katas take.</summary>
    public static implicit operator Func<CancellationToken, Task<T>>(FakeOperation<T> operation) => operation.RunAsync;

    /// <inheritdoc />
    public override string ToString() => $"operation {Name} ({Format.Ms(Duration)})";

    private void End(string how)
    {
        EndedAt = _runtime.Now;
        Ending = how;
        _runtime.Timeline.Record(Name, how);
    }
}
