namespace Katas.Testing;

/// <summary>
/// What became of code started on a <see cref="VirtualRuntime"/>: whether it finished, at which fake
/// time, and with which result or exception. It is live: it changes as the runtime advances the clock.
/// </summary>
public class Outcome
{
    private readonly VirtualRuntime _runtime;
    private Task? _task;
    private TimeSpan? _completedAt;

    internal Outcome(VirtualRuntime runtime) => _runtime = runtime;

    /// <summary>The task the code under test returned (null until the code was started on the loop).</summary>
    public Task Task => _task ?? throw new InvalidOperationException("The code has not been started yet.");

    /// <summary>True once the task finished in any way: value, exception or cancellation.</summary>
    public bool IsCompleted => _task?.IsCompleted == true;

    /// <summary>The fake time at which the task finished; null while it runs.</summary>
    public TimeSpan? CompletedAt => IsCompleted ? _completedAt : null;

    /// <summary>True when it finished with a result.</summary>
    public bool Succeeded => _task?.IsCompletedSuccessfully == true;

    /// <summary>True when it finished cancelled (an <see cref="OperationCanceledException"/>).</summary>
    public bool IsCanceled => _task?.IsCanceled == true;

    /// <summary>
    /// The exception an <c>await</c> of the task throws, exactly as the caller sees it (not wrapped in an
    /// <see cref="AggregateException"/> by the task); null while running or when it succeeded.
    /// </summary>
    public Exception? Exception
    {
        get
        {
            if (_task is not { IsCompleted: true } || _task.IsCompletedSuccessfully) return null;
            try { _task.GetAwaiter().GetResult(); return null; }
            catch (Exception e) { return e; }
        }
    }

    /// <summary>The timeline recorded so far, for failure messages.</summary>
    public Timeline Timeline => _runtime.Timeline;

    internal void Attach(Task task)
    {
        _task = task;
        // Runs on whatever thread completes the task, at the fake time of completion.
        task.ContinueWith(
            (_, state) => ((Outcome)state!)._completedAt = _runtime.Now,
            this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Describes the state for failure messages: "completed at t=100 ms with 42". The result's and the
    /// exception's text are read through <see cref="LearnerText"/>: what they throw becomes text.
    /// </summary>
    public override string ToString() => _task switch
    {
        null => "not started",
        { IsCompleted: false } => $"still running at t={Format.Ms(_runtime.Now)}",
        { IsCompletedSuccessfully: true } => $"completed at t={Format.Ms(_completedAt ?? default)}{ResultText()}",
        { IsCanceled: true } => $"cancelled at t={Format.Ms(_completedAt ?? default)} ({Exception?.GetType().Name})",
        _ => $"failed at t={Format.Ms(_completedAt ?? default)} with {Exception?.GetType().Name}: {LearnerText.MessageOf(Exception)}",
    };

    private protected virtual string ResultText() => "";
}

/// <summary>An <see cref="Outcome"/> of code that returns a value.</summary>
public sealed class Outcome<T> : Outcome
{
    internal Outcome(VirtualRuntime runtime) : base(runtime) { }

    /// <summary>The task the code under test returned.</summary>
    public new Task<T> Task => (Task<T>)base.Task;

    /// <summary>The result; a test failure with the timeline when there is none (yet).</summary>
    public T Value
    {
        get
        {
            if (Succeeded) return Task.Result;
            throw new AssertionException($"Expected a result, but the call {(IsCompleted ? "" : "is ")}{this}.{Environment.NewLine}{Timeline.Render()}");
        }
    }

    private protected override string ResultText() => $" with {Describe(Task.Result)}";

    private static string Describe(T value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        System.Collections.IEnumerable items => LearnerText.Read(
            () => $"[{string.Join(", ", items.Cast<object?>().Select(i => i is null ? "" : LearnerText.Describe(i)))}]", "the result's items"),
        _ => LearnerText.Describe(value),
    };
}
