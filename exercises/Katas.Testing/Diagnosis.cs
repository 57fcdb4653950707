namespace Katas.Testing;

/// <summary>
/// The watchdog's verdicts. Each names the likely cause in the learner's terms, because "the test
/// timed out" teaches nothing. Text from the learner's objects is read through <see cref="LearnerText"/>.
/// </summary>
internal static class Diagnosis
{
    private static readonly string NL = Environment.NewLine;

    private const string BlockingAdvice =
        "Look for Thread.Sleep, .Result, .Wait() or .GetAwaiter().GetResult() in async code: they block the " +
        "thread instead of awaiting";

    public static AssertionException Blocked(TimeSpan now, TimeSpan realTime, string where, Timeline timeline) => new(
        $"The thread was blocked: at t={Format.Ms(now)} the code under test kept {where} busy for " +
        $"{realTime.TotalSeconds:0.#} s of real time without awaiting anything." + NL +
        BlockingAdvice + ", and on a single-threaded context .Result on an unfinished task deadlocks " +
        "(the task's continuation needs the very thread that waits for it). Use await, and Task.Delay(…, timeProvider) to wait." +
        NL + NL + timeline.Render());

    public static AssertionException Starved(TimeSpan now, TimeSpan realTime, int threads, long queued, Timeline timeline) => new(
        $"The thread was blocked: at t={Format.Ms(now)} {threads} thread-pool {(threads == 1 ? "thread is" : "threads are")} " +
        "blocked in the code under test" +
        (queued > 0 ? $", with {queued} more work {(queued == 1 ? "item" : "items")} queued behind them, " : ", ") +
        $"and none of that work finished in {realTime.TotalSeconds:0.#} s of real time (thread-pool starvation: each new " +
        "thread the pool adds takes the next item and blocks too)." + NL +
        BlockingAdvice + ": a pool thread that waits holds its thread, and the fake clock cannot move while work of " +
        "the code is queued. Use await, and Task.Delay(…, timeProvider) to wait." + NL + NL + timeline.Render());

    public static AssertionException Stuck(TimeSpan now, Timeline timeline) => new(
        $"Not finished at t={Format.Ms(now)}, nothing is running and no timer of the fake clock is pending: " +
        "the code waits for something that never happens on the fake clock." + NL +
        "Likely causes: a Task.Delay or CancelAfter on the real clock (pass the TimeProvider: " +
        "Task.Delay(delay, timeProvider, token), new CancellationTokenSource(delay, timeProvider)), " +
        "or a task that nobody ever completes." + NL + NL + timeline.Render());

    public static AssertionException WokenByRealTime(TimeSpan now, Timeline timeline) => new(
        $"At t={Format.Ms(now)} the code under test woke up without the fake clock moving: it waited on the real " +
        "clock. Pass the TimeProvider to everything that waits: Task.Delay(delay, timeProvider, token), " +
        "new CancellationTokenSource(delay, timeProvider), task.WaitAsync(timeout, timeProvider)." +
        NL + NL + timeline.Render());

    public static AssertionException NotFinishedBy(TimeSpan limit, Timeline timeline) => new(
        $"Not finished by t={Format.Ms(limit)}, the latest time this test allows." + NL + NL + timeline.Render());

    public static AssertionException RunsForever(TimeSpan now, int steps, TimeSpan realTime, Timeline timeline) => new(
        $"Still running after {steps} steps of the fake clock and {realTime.TotalSeconds:0.#} s of real time " +
        $"(now t={Format.Ms(now)}): a loop that never ends, or a periodic timer nobody stops?" + NL + NL + timeline.Render());

    public static AssertionException NeverIdle(TimeSpan now, TimeSpan realTime, string stillBusy, Timeline timeline) => new(
        $"The code under test kept running for {realTime.TotalSeconds:0.#} s of real time at t={Format.Ms(now)} " +
        $"without a pause (still busy: {stillBusy}): a CPU-heavy loop, or work that keeps rescheduling itself?" + NL + NL + timeline.Render());

    public static AssertionException EscapedException(Exception error, Timeline timeline) => new(
        $"An exception escaped the code under test where no caller could catch it: {error.GetType().Name}: {LearnerText.MessageOf(error)}" + NL +
        "That is what an async void method does with its exceptions: make it async Task and await it, " +
        "so the exception reaches the caller." + NL + NL + LearnerText.Describe(error) + NL + NL + timeline.Render());

    public static AssertionException EscapedFromTimer(Exception error, Timeline timeline) => new(
        $"An exception escaped a timer callback of the code under test: {error.GetType().Name}: {LearnerText.MessageOf(error)}" + NL +
        "With a real timer this ends the process: catch it inside the callback." +
        NL + NL + LearnerText.Describe(error) + NL + NL + timeline.Render());

    public static AssertionException TestActionFailed(Exception error) => new(
        $"A step of the test's own script failed: {LearnerText.Describe(error)}");

    public static AssertionException PendingTimers(IReadOnlyList<TrackedTimer> timers, string because, TimeSpan now) => new(
        $"Expected no timer of the code under test to be pending at t={Format.Ms(now)}, but {timers.Count} " +
        $"{(timers.Count == 1 ? "is" : "are")}: {because}" + NL +
        string.Join(NL, timers.Select(t => "  " + t)));
}
