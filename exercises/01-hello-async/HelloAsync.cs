using System.Runtime.CompilerServices;

namespace Katas.HelloAsync;

/// <summary>The tutorial's first async functions: a greeting and a (pretend) request to a server.</summary>
public static class Hello
{
    /// <summary>Greets <paramref name="name"/>: "Hello, Ferris!". There is nothing to wait for, so it is done at once.</summary>
    /// <param name="name">Who to greet.</param>
    /// <returns>A task that is already complete, holding the greeting.</returns>
    public static Task<string> GreetAsync(string name)
    {
        // TODO: return a task holding "Hello, {name}!". Nothing here needs to wait.
        throw new NotImplementedException("Return a finished task holding the greeting \"Hello, <name>!\".");
    }

    /// <summary>
    /// Pretends to fetch data from a server: waits 100 ms on <paramref name="timeProvider"/>'s clock, then
    /// returns "data from server". Cancelling <paramref name="cancellationToken"/> stops the wait at once.
    /// </summary>
    /// <param name="timeProvider">The clock to wait on: the real one in production, a fake one in the tests.</param>
    /// <param name="cancellationToken">Cancelling it stops the wait: the task then ends cancelled.</param>
    /// <returns>"data from server", 100 ms after the call.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled before the 100 ms were up.</exception>
    public static Task<string> FetchDataAsync(TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        // TODO: make the method async, await a 100 ms delay on timeProvider's clock that the token can cancel,
        //       then return "data from server".
        throw new NotImplementedException(
            "Wait 100 ms on the TimeProvider's clock (cancellable with the token), then return \"data from server\".");
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
    // TODO: a field or two to remember the work, and its task once started.

    /// <summary>Remembers <paramref name="start"/> without calling it: nothing runs yet.</summary>
    /// <param name="start">Starts the work and returns its task; called at most once.</param>
    public LazyTask(Func<Task<T>> start)
    {
        // TODO: keep `start` for later. Do not call it here.
        throw new NotImplementedException("Remember the work without starting it.");
    }

    /// <summary>True from the moment the work has been started, while it runs and after it has finished.</summary>
    public bool IsStarted =>
        // TODO
        throw new NotImplementedException("Tell whether the work has been started.");

    /// <summary>
    /// Starts the work if it has not started yet, and returns its task. Every call returns the same task: the work
    /// runs once, also when it failed (every await of the task rethrows its exception).
    /// </summary>
    /// <returns>The task of the work, running or finished.</returns>
    public Task<T> Start()
    {
        // TODO: on the first call, call the work and keep its task; on every call, return that task.
        throw new NotImplementedException("Start the work on the first call, and return the same task on every call.");
    }

    /// <summary>
    /// Makes <c>await lazyTask</c> possible: the compiler looks for a <c>GetAwaiter()</c> method. Awaiting starts
    /// the work, as <c>.await</c> on a Rust future is what makes it run. (Already written: it uses your
    /// <see cref="Start"/>.)
    /// </summary>
    /// <returns>The awaiter of the work's task.</returns>
    public TaskAwaiter<T> GetAwaiter() => Start().GetAwaiter();
}
