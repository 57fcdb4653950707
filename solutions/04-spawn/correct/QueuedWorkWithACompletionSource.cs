using System.Runtime.CompilerServices;

namespace Katas.Spawn;

// CORRECT: queues the work to the thread pool itself (ThreadPool.QueueUserWorkItem) and reports its end through a
// hand-written TaskCompletionSource: a result, the work's own exception, or a cancellation for an
// OperationCanceledException.

public static class Background
{
    public static SpawnHandle<T> Spawn<T>(Func<CancellationToken, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var abort = new CancellationTokenSource();
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        ThreadPool.QueueUserWorkItem(_ => _ = RunAsync(work, abort.Token, completion));
        return new SpawnHandle<T>(completion.Task, abort);
    }

    private static async Task RunAsync<T>(
        Func<CancellationToken, Task<T>> work, CancellationToken token, TaskCompletionSource<T> completion)
    {
        try
        {
            completion.SetResult(await work(token));
        }
        catch (OperationCanceledException e)
        {
            completion.SetCanceled(e.CancellationToken);
        }
        catch (Exception e)
        {
            completion.SetException(e);
        }
    }
}

public sealed class SpawnHandle<T>
{
    private readonly CancellationTokenSource _abort;

    internal SpawnHandle(Task<T> task, CancellationTokenSource abort)
    {
        Task = task;
        _abort = abort;
    }

    public Task<T> Task { get; }

    public bool IsFinished => Task.IsCompleted;

    public void Abort() => _abort.Cancel();

    public TaskAwaiter<T> GetAwaiter() => Task.GetAwaiter();
}
