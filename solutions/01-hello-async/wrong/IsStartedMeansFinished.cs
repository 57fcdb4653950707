using System.Runtime.CompilerServices;

namespace Katas.HelloAsync;

// WRONG: IsStarted says whether the work has finished: it is false while the work runs, though Start() was called.

/// <summary>The tutorial's first async functions: a greeting and a (pretend) request to a server.</summary>
public static class Hello
{
    /// <summary>Greets <paramref name="name"/>: "Hello, Ferris!". There is nothing to wait for, so it is done at once.</summary>
    /// <param name="name">Who to greet.</param>
    /// <returns>A task that is already complete, holding the greeting.</returns>
    public static Task<string> GreetAsync(string name) =>
        // No await needed: the value is known now. Task.FromResult wraps it in a finished task
        // (an `async` method without any `await` would work too, but the compiler warns about it: CS1998).
        Task.FromResult($"Hello, {name}!");

    /// <summary>
    /// Pretends to fetch data from a server: waits 100 ms on <paramref name="timeProvider"/>'s clock, then
    /// returns "data from server". Cancelling <paramref name="cancellationToken"/> stops the wait at once.
    /// </summary>
    /// <param name="timeProvider">The clock to wait on: the real one in production, a fake one in the tests.</param>
    /// <param name="cancellationToken">Cancelling it stops the wait: the task then ends cancelled.</param>
    /// <returns>"data from server", 100 ms after the call.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled before the 100 ms were up.</exception>
    public static async Task<string> FetchDataAsync(TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        // `await` gives the thread back while we wait (no thread sleeps here), and comes back after 100 ms of
        // *this* clock. The token ends the wait early with an OperationCanceledException.
        await Task.Delay(TimeSpan.FromMilliseconds(100), timeProvider, cancellationToken);
        return "data from server";
    }
}

/// <summary>
/// Work that, like a Rust future, does nothing until someone asks for its result. A C# <see cref="Task{T}"/> is
/// "hot": it is already running when you get it. A <see cref="LazyTask{T}"/> keeps the work cold until the first
/// <see cref="Start"/> or <c>await</c>, then runs it once.
/// </summary>
/// <typeparam name="T">The type of the work's result.</typeparam>
public sealed class LazyTask<T>
{
    private readonly Func<Task<T>> _start;
    private Task<T>? _task;

    /// <summary>Remembers <paramref name="start"/> without calling it: nothing runs yet.</summary>
    /// <param name="start">Starts the work and returns its task; called at most once.</param>
    public LazyTask(Func<Task<T>> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        // Keep the function, do not call it: calling it is what starts the work (a Task is running as soon as it
        // exists), where a Rust future does nothing until it is polled.
        _start = start;
    }

    /// <summary>True from the moment the work has been started, while it runs and after it has finished.</summary>
    public bool IsStarted => _task is { IsCompleted: true };

    /// <summary>
    /// Starts the work if it has not started yet, and returns its task. Every call returns the same task: the work
    /// runs once, also when it failed (every await of the task rethrows its exception).
    /// </summary>
    /// <returns>The task of the work, running or finished.</returns>
    /// <remarks>Meant for one thread at a time, like the rest of this kata (two threads racing into the first call
    /// could both start the work; <c>AsyncLazy&lt;T&gt;</c> of Microsoft.VisualStudio.Threading handles that).</remarks>
    public Task<T> Start() =>
        // The first call starts the work and keeps its task; later calls hand out that same task, running or done.
        _task ??= _start();

    /// <summary>
    /// Makes <c>await lazyTask</c> possible: the compiler looks for a <c>GetAwaiter()</c> method. Awaiting starts
    /// the work, as <c>.await</c> on a Rust future is what makes it run.
    /// </summary>
    /// <returns>The awaiter of the work's task.</returns>
    public TaskAwaiter<T> GetAwaiter() => Start().GetAwaiter();
}
