using System.Runtime.CompilerServices;

namespace Katas.Spawn;

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
    /// <remarks>
    /// <list type="bullet">
    /// <item>None of the work runs on the caller's thread: not even the part before its first <c>await</c>.</item>
    /// <item>Spawn never waits for the work.</item>
    /// <item>The work's result and its exception (as itself) reach whoever awaits the handle.</item>
    /// </list>
    /// </remarks>
    public static SpawnHandle<T> Spawn<T>(Func<CancellationToken, Task<T>> work)
    {
        // TODO: create the source of the token that Abort cancels, start the work on the thread pool with that
        //       token, and return a handle that holds both.
        throw new NotImplementedException(
            "Start the work on the thread pool (not on the caller's thread), with a token the handle can cancel, " +
            "and return its handle at once.");
    }
}

/// <summary>
/// The handle of work started by <see cref="Background.Spawn{T}"/>, like tokio's <c>JoinHandle</c>: await it for
/// the work's result, abort it to cancel the work.
/// </summary>
/// <typeparam name="T">The type of the work's result.</typeparam>
public sealed class SpawnHandle<T>
{
    // TODO: what does a handle hold? Add the fields and a constructor (internal: only Spawn creates handles).

    /// <summary>
    /// The work's task: it completes with the work's result, fails with the work's own exception, or is cancelled
    /// when the work stopped because the handle was aborted.
    /// </summary>
    public Task<T> Task => throw new NotImplementedException("Return the task of the spawned work.");

    /// <summary>True once the work has ended, in any way: with a result, an exception or a cancellation.</summary>
    public bool IsFinished => throw new NotImplementedException("Say whether the work has ended, in any way.");

    /// <summary>
    /// Asks the work to stop: cancels the token it received. Awaiting the handle then reports a cancellation
    /// (<see cref="OperationCanceledException"/>), not a failure. Aborting work that has already finished changes
    /// nothing, and so does every call after the first: Abort may be called any number of times. It returns at once,
    /// without waiting for the work to stop; work that ignores its token runs on, and the handle reports how it
    /// really ended.
    /// </summary>
    public void Abort()
    {
        // TODO: cancel the work's token.
        throw new NotImplementedException("Cancel the token the work received.");
    }

    /// <summary>Makes the handle awaitable: <c>var result = await handle;</c>.</summary>
    public TaskAwaiter<T> GetAwaiter() => Task.GetAwaiter();
}
