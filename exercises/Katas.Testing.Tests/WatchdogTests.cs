using System.Diagnostics;

namespace Katas.Testing.Tests;

/// <summary>Every kind of hang ends as a failed test with its own diagnosis, within 2 s of real time.</summary>
public class WatchdogTests
{
    private static readonly TimeSpan RealTimeBound = TimeSpan.FromSeconds(2.5);

    [Test]
    public void A_Task_Delay_without_the_TimeProvider_is_reported_as_waiting_on_the_real_clock()
    {
        using var runtime = new VirtualRuntime();
        var message = FailureOf(() => runtime.Run(async () => { await Task.Delay(50); return 1; }));
        Assert.That(message, Does.Contain("without the fake clock moving").And.Contain("Task.Delay(delay, timeProvider"));
    }

    [Test]
    public void A_long_real_delay_is_reported_as_stuck_with_no_fake_timer_pending()
    {
        using var runtime = new VirtualRuntime();
        var message = FailureOf(() => runtime.Run(async () => { await Task.Delay(TimeSpan.FromMinutes(5)); return 1; }));
        Assert.That(message, Does.Contain("no timer of the fake clock is pending").And.Contain("Task.Delay or CancelAfter on the real clock"));
    }

    [Test]
    public void A_Thread_Sleep_is_reported_as_a_blocked_thread()
    {
        using var runtime = new VirtualRuntime();
        var message = FailureOf(() => runtime.Run(async () =>
        {
            await Task.Yield();
            Thread.Sleep(TimeSpan.FromSeconds(30));
            return 1;
        }));
        Assert.That(message, Does.StartWith("The thread was blocked").And.Contain("event loop").And.Contain("Thread.Sleep"));
    }

    [Test]
    public void A_Result_deadlock_on_the_single_threaded_loop_is_reported_as_a_blocked_thread()
    {
        using var runtime = new VirtualRuntime();
        async Task<int> FetchAsync()
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), runtime.Clock);
            return 42;
        }
        // .Result waits on the loop thread for a continuation that needs the loop thread: the classic deadlock.
        var message = FailureOf(() => runtime.Run(() => Task.FromResult(FetchAsync().Result)));
        Assert.That(message, Does.StartWith("The thread was blocked").And.Contain(".Result"));
    }

    [Test]
    public void A_Result_blocking_a_pool_thread_is_reported_as_a_blocked_thread()
    {
        using var runtime = new VirtualRuntime();
        var never = new TaskCompletionSource<int>();
        var message = FailureOf(() => runtime.Run(() => Task.Run(() => never.Task.Result)));
        Assert.That(message, Does.StartWith("The thread was blocked").And.Contain("thread-pool thread"));
    }

    [Test]
    public void A_task_nobody_completes_is_reported_as_stuck()
    {
        using var runtime = new VirtualRuntime();
        var never = new TaskCompletionSource<int>();
        var message = FailureOf(() => runtime.Run(() => never.Task));
        Assert.That(message, Does.Contain("a task that nobody ever completes"));
    }

    [Test]
    public void An_exception_from_async_void_is_reported_as_escaped()
    {
        using var runtime = new VirtualRuntime();
        async void FireAndForget()
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), runtime.Clock);
            throw new InvalidOperationException("disk full");
        }
        var message = FailureOf(() => runtime.Run(async () =>
        {
            FireAndForget();
            await Task.Delay(TimeSpan.FromMilliseconds(10), runtime.Clock);
            return 1;
        }));
        Assert.That(message, Does.Contain("escaped").And.Contain("disk full").And.Contain("async void"));
    }

    [Test]
    public void A_loop_that_never_ends_is_reported_as_running_forever_not_a_hang()
    {
        using var runtime = new VirtualRuntime();
        var message = FailureOf(() => runtime.Run(async () =>
        {
            while (true) await Task.Delay(TimeSpan.FromMilliseconds(1), runtime.Clock);
#pragma warning disable CS0162 // Unreachable code: the point of the test
            return 1;
#pragma warning restore CS0162
        }, limit: TimeSpan.FromMilliseconds(50)));
        Assert.That(message, Does.StartWith("Not finished by t=50 ms"));
    }

    private static string FailureOf(Action run)
    {
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<AssertionException>(run);
        Assert.That(clock.Elapsed, Is.LessThan(RealTimeBound), "the watchdog must answer within about 2 s of real time");
        return error!.Message;
    }
}

/// <summary>Code abandoned by a finished test cannot harm the tests after it.</summary>
public class AbandonedCodeTests
{
    [Test]
    public void A_continuation_arriving_after_the_runtime_was_disposed_is_dropped_not_a_crash()
    {
        var runtime = new VirtualRuntime();
        var late = new TaskCompletionSource();
        var continued = false;
        runtime.Start(async () => { await late.Task; continued = true; });
        runtime.Dispose();

        // Completing the task posts the continuation to the disposed loop, from this thread.
        Assert.DoesNotThrow(() => late.SetResult());
        Assert.That(continued, Is.False, "the abandoned code must not run after its test");
    }
}
