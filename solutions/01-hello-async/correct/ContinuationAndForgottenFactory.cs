using System.Runtime.CompilerServices;

namespace Katas.HelloAsync;

// CORRECT: no async methods at all: the fetch is the delay's task with a continuation that runs only when the delay
// completed (a cancelled delay cancels it too), and the LazyTask forgets its factory once it has called it.

public static class Hello
{
    public static Task<string> GreetAsync(string name) => Task.FromResult("Hello, " + name + "!");

    public static Task<string> FetchDataAsync(TimeProvider timeProvider, CancellationToken cancellationToken = default) =>
        Task.Delay(TimeSpan.FromMilliseconds(100), timeProvider, cancellationToken).ContinueWith(
            _ => "data from server",
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
}

public sealed class LazyTask<T>
{
    private Func<Task<T>>? _start;
    private Task<T>? _task;

    public LazyTask(Func<Task<T>> start) => _start = start ?? throw new ArgumentNullException(nameof(start));

    public bool IsStarted => _start is null;

    public Task<T> Start()
    {
        if (_start is { } start)
        {
            _start = null;
            _task = start();
        }
        return _task!;
    }

    public TaskAwaiter<T> GetAwaiter() => Start().GetAwaiter();
}
