namespace Katas.Testing;

/// <summary>
/// A stand-in for real async work (a request, a query) that takes a set time on the runtime's clock and
/// records on the timeline when it started and how it ended, so tests can assert on timing and on
/// cancellation: did the loser of a race see its token cancelled? Was anything started twice?
/// </summary>
/// <typeparam name="T">The type of the result.</typeparam>
/// <remarks>
/// <para>
/// <b>When a call ends.</b> A call that runs its full course ends where an <c>await Task.Delay(Duration)</c>
/// made by its caller would come back: on the caller's SynchronizationContext (the event loop), else on the
/// clock's thread. A call whose token is cancelled ends at once, <b>inside <c>Cancel()</c></b>, on the thread
/// that cancels: its task is cancelled, and whatever waits on that task directly (<c>Task.WhenAny</c>,
/// <c>Task.WhenAll</c>, a synchronous continuation) sees it, before <c>Cancel()</c> runs the token's next
/// callback. .NET runs a token's callbacks most recently registered first, so of two things that stop on one
/// token, the one started last ends first.
/// </para>
/// <para>
/// Why: a <c>Task.Delay</c> cancelled through its token completes its waiters asynchronously (since .NET 7:
/// dotnet/runtime#64217), through the thread pool when they have no SynchronizationContext. Had the
/// operation's end gone through the event loop instead, a <c>Task.WhenAny(operation, delay)</c> cancelled at
/// one instant would have seen whichever of the loop and a pool thread got there first.
/// </para>
/// </remarks>
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

    /// <summary>
    /// Runs the operation: waits <see cref="Duration"/> on the fake clock, then returns or throws. Cancelling
    /// its token ends it at once, inside <c>Cancel()</c>: see the remarks of <see cref="FakeOperation{T}"/>.
    /// </summary>
    public Task<T> RunAsync(CancellationToken cancellationToken = default)
    {
        Calls++;
        ReceivedToken = cancellationToken;
        StartedAt = _runtime.Now;
        EndedAt = null;
        Ending = null;
        _runtime.Timeline.Record(Name, Timeline.Started);
        if (cancellationToken.IsCancellationRequested)
        {
            End(Timeline.Cancelled);
            return Task.FromCanceled<T>(cancellationToken);
        }
        if (Duration == TimeSpan.Zero) return Finish();
        return new Call(this, cancellationToken).Task;
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

    /// <summary>Records the ending of a call that ran its full course, and gives its result or error.</summary>
    private Task<T> Finish()
    {
        if (_error is not null)
        {
            End(Timeline.Failed);
            return Throw(_error);
        }
        End(Timeline.Completed);
        return Task.FromResult(_result);
    }

#pragma warning disable CS1998 // async without await: the async builder turns the error into the task's ending.
    /// <summary>
    /// The task an async method that throws <paramref name="error"/> returns: faulted, or cancelled when the error is
    /// an OperationCanceledException (an operation that ends cancelled on its own), carrying that very exception.
    /// Task.FromException would make a cancellation a fault.
    /// </summary>
    private static async Task<T> Throw(Exception error) => throw error;
#pragma warning restore CS1998

    /// <summary>
    /// One call in progress: a timer of <see cref="Duration"/> on the runtime's clock, and a registration on
    /// the call's token. Whichever comes first ends the call; the other does nothing.
    /// </summary>
    private sealed class Call
    {
        private readonly FakeOperation<T> _operation;
        private readonly CancellationToken _token;
        // Continuations run synchronously: a cancelled call's task is cancelled inside Cancel() itself.
        private readonly TaskCompletionSource<T> _ending = new();
        private readonly SynchronizationContext? _context = SynchronizationContext.Current;
        private readonly ExecutionContext? _executionContext = ExecutionContext.Capture();
        private readonly ITimer? _timer;
        private readonly CancellationTokenRegistration _registration;
        private int _ended;

        public Call(FakeOperation<T> operation, CancellationToken token)
        {
            _operation = operation;
            _token = token;
            if (operation.Duration != Timeout.InfiniteTimeSpan)
            {
                // Like Task.Delay on a TimeProvider: the timer does not carry the caller's execution context.
                using (ExecutionContext.SuppressFlow())
                {
                    _timer = TrackingTimeProvider.WithCreator($"operation {operation.Name}", () =>
                        operation._runtime.Clock.CreateTimer(static s => ((Call)s!).OnTimer(), this, operation.Duration, Timeout.InfiniteTimeSpan));
                }
            }
            _registration = token.UnsafeRegister(static s => ((Call)s!).OnCancelled(), this);
        }

        public Task<T> Task => _ending.Task;

        /// <summary>
        /// The time is up: the call finishes where an <c>await Task.Delay(Duration)</c> made by the caller would
        /// have come back (on the caller's SynchronizationContext, such as the event loop, else on the clock's
        /// thread), in the caller's execution context.
        /// </summary>
        private void OnTimer()
        {
            if (_context is null) RunInCallersContext();
            else _context.Post(static s => ((Call)s!).RunInCallersContext(), this);
        }

        private void RunInCallersContext()
        {
            if (_executionContext is null) Complete();
            else ExecutionContext.Run(_executionContext, static s => ((Call)s!).Complete(), this);
        }

        private void Complete()
        {
            if (Interlocked.Exchange(ref _ended, 1) != 0) return;
            _registration.Dispose();
            _timer?.Dispose();
            _ending.TrySetFromTask(_operation.Finish());
        }

        /// <summary>
        /// The token was cancelled: the call ends now, on the thread that cancelled, before that Cancel() runs
        /// the token's next callback.
        /// </summary>
        private void OnCancelled()
        {
            if (Interlocked.Exchange(ref _ended, 1) != 0) return;
            _timer?.Dispose();
            _operation.End(Timeline.Cancelled);
            _ending.TrySetCanceled(_token);
        }
    }
}
