using System.Runtime.CompilerServices;

namespace Katas.Spawn;

// WRONG: the handle's task is the work's task with .WaitAsync(abort token): an abort cancels the handle at once,
// WRONG: even when the work ignores its token and runs on, so the handle does not report how the work really ended.

/// <summary>
/// Starts work in the background, like tokio's <c>spawn</c>: the caller gets a <see cref="SpawnHandle{T}"/> back
/// at once and goes on with its own work.
/// </summary>
public static class Background
{
    /// <summary>
    /// Starts <paramref name="work"/> in the background and returns its handle at once, even when the work runs
    /// synchronously for a while before its first <c>await</c>.
    /// </summary>
    /// <typeparam name="T">The type of the work's result.</typeparam>
    /// <param name="work">
    /// The work. It receives a token that is cancelled when the handle is aborted (<see cref="SpawnHandle{T}.Abort"/>).
    /// </param>
    /// <returns>The handle: await it for the work's result, abort it to cancel the work.</returns>
    public static SpawnHandle<T> Spawn<T>(Func<CancellationToken, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        // The handle's only way to stop the work: the token the work receives.
        var abort = new CancellationTokenSource();
        // Calling work(token) here would run it on the caller's thread until its first await. Task.Run queues it
        // to the thread pool and returns at once; its overload for async delegates unwraps the inner task, so the
        // result, the exception and the cancellation of the work all come through.
        var task = Task.Run(() => work(abort.Token), abort.Token).WaitAsync(abort.Token);
        return new SpawnHandle<T>(task, abort);
    }
}

/// <summary>
/// The handle of work started by <see cref="Background.Spawn{T}"/>, like tokio's <c>JoinHandle</c>: await it for
/// the work's result, abort it to cancel the work.
/// </summary>
/// <typeparam name="T">The type of the work's result.</typeparam>
public sealed class SpawnHandle<T>
{
    // Not disposed: a CancellationTokenSource without a timer or links holds nothing that needs it, and disposing
    // it when the work ends would make a late Abort throw ObjectDisposedException.
    private readonly CancellationTokenSource _abort;

    internal SpawnHandle(Task<T> task, CancellationTokenSource abort)
    {
        Task = task;
        _abort = abort;
    }

    /// <summary>
    /// The work's task: it completes with the work's result, fails with the work's own exception, or is cancelled
    /// when the work stopped because the handle was aborted.
    /// </summary>
    public Task<T> Task { get; }

    /// <summary>True once the work has ended, in any way: with a result, an exception or a cancellation.</summary>
    public bool IsFinished => Task.IsCompleted;

    /// <summary>
    /// Asks the work to stop: cancels the token it received. Awaiting the handle then reports a cancellation
    /// (<see cref="OperationCanceledException"/>), not a failure. Aborting work that has already finished changes
    /// nothing, and so does every call after the first: Abort may be called any number of times. It returns at once,
    /// without waiting for the work to stop; work that ignores its token runs on, and the handle reports how it
    /// really ended.
    /// </summary>
    /// <remarks>
    /// Cancellation in .NET is cooperative: unlike tokio's abort, nothing can stop work that does not listen to its
    /// token. Work that does listen ends with an <see cref="OperationCanceledException"/>, and its task is Canceled.
    /// </remarks>
    public void Abort() => _abort.Cancel();

    /// <summary>Makes the handle awaitable: <c>var result = await handle;</c>.</summary>
    public TaskAwaiter<T> GetAwaiter() => Task.GetAwaiter();
}
