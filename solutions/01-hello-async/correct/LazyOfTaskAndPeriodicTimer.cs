using System.Runtime.CompilerServices;

namespace Katas.HelloAsync;

// CORRECT: an async GreetAsync without any await (CS1998, still a finished task), a fetch that waits one tick of a
// disposed PeriodicTimer on the given clock, and a LazyTask built on Lazy<Task<T>> (VSTHRD011 warns about it).

public static class Hello
{
#pragma warning disable CS1998 // nothing to await: the method completes synchronously
    public static async Task<string> GreetAsync(string name) => $"Hello, {name}!";
#pragma warning restore CS1998

    public static async Task<string> FetchDataAsync(TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100), timeProvider);
        await timer.WaitForNextTickAsync(cancellationToken);
        return "data from server";
    }
}

public sealed class LazyTask<T>
{
    private readonly Lazy<Task<T>> _lazy;

    public LazyTask(Func<Task<T>> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        _lazy = new Lazy<Task<T>>(start, LazyThreadSafetyMode.None);
    }

    public bool IsStarted => _lazy.IsValueCreated;

    public Task<T> Start() => _lazy.Value;

    public TaskAwaiter<T> GetAwaiter() => Start().GetAwaiter();
}
