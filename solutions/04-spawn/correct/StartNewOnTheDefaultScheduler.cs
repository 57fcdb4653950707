using System.Runtime.CompilerServices;

namespace Katas.Spawn;

// CORRECT: Task.Factory.StartNew on TaskScheduler.Default (the thread pool) with Unwrap, the long form of Task.Run;
// IsFinished is a flag that a continuation sets when the work's task has ended.

public static class Background
{
    public static SpawnHandle<T> Spawn<T>(Func<CancellationToken, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var abort = new CancellationTokenSource();
        var task = Task.Factory.StartNew(
            () => work(abort.Token), abort.Token, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
        return new SpawnHandle<T>(task, abort);
    }
}

public sealed class SpawnHandle<T>
{
    private readonly CancellationTokenSource _abort;
    private volatile bool _finished;

    internal SpawnHandle(Task<T> task, CancellationTokenSource abort)
    {
        Task = task;
        _abort = abort;
        _ = task.ContinueWith(_ => _finished = true, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public Task<T> Task { get; }

    public bool IsFinished => _finished;

    public void Abort() => _abort.Cancel();

    public TaskAwaiter<T> GetAwaiter() => Task.GetAwaiter();
}
