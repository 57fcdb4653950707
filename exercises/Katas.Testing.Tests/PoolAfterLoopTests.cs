using System.Collections.Concurrent;
using System.Diagnostics;

namespace Katas.Testing.Tests;

/// <summary>
/// Work the code under test sends to the thread pool starts only once the event loop has nothing left to
/// run, so that what a callback on the loop does after queuing it is done first, on every run. Otherwise
/// the OS decides which thread goes first, and so whether <c>await cts.CancelAsync()</c> resumes inline.
/// </summary>
public class PoolAfterLoopTests
{
    private const int Runs = 30;

    [Test]
    public void Pool_work_queued_by_a_callback_starts_after_the_callback_is_over()
    {
        for (var run = 0; run < Runs; run++)
        {
            using var runtime = new VirtualRuntime();
            var order = new ConcurrentQueue<string>();
            runtime.Run(async () =>
            {
                var work = Task.Run(() => order.Enqueue("pool"));
                // Long enough for an idle pool thread to start the work, were it free to.
                var spun = Stopwatch.StartNew();
                while (spun.ElapsedMilliseconds < 5) Thread.SpinWait(100);
                order.Enqueue("loop");
                await work;
            });

            Assert.That(order, Is.EqualTo(new[] { "loop", "pool" }), $"run {run + 1} of {Runs}");
        }
    }

    [Test]
    public void Await_CancelAsync_resumes_after_the_continuations_its_callbacks_released()
    {
        for (var run = 0; run < Runs; run++)
        {
            using var runtime = new VirtualRuntime();
            var order = new ConcurrentQueue<string>();
            runtime.Run(async () =>
            {
                using var cts = new CancellationTokenSource();
                var cancelled = new TaskCompletionSource();
                cts.Token.Register(() => cancelled.SetResult());
                async Task Waiter()
                {
                    await cancelled.Task; // resumes on the loop: posted by the callback, on the pool
                    order.Enqueue("waiter");
                }
                var waiter = Waiter();
                await cts.CancelAsync();
                order.Enqueue("after CancelAsync");
                await waiter;
            });

            Assert.That(order, Is.EqualTo(new[] { "waiter", "after CancelAsync" }),
                $"run {run + 1} of {Runs}: the callbacks run on the pool once the loop's callback has awaited " +
                "CancelAsync's task, so that task's continuation is posted after the waiter's");
        }
    }

    [Test]
    public void A_loop_that_blocks_on_pool_work_lets_that_work_run()
    {
        using var runtime = new VirtualRuntime();
        // Blocking the loop is the mistake kata 10 teaches; here it must not turn into a deadlock of the harness.
#pragma warning disable VSTHRD002, CA1849 // blocking on purpose
        var outcome = runtime.Run(() => Task.FromResult(Task.Run(() => 42).Result));
#pragma warning restore VSTHRD002, CA1849

        Assert.That(outcome.Value, Is.EqualTo(42));
    }
}
