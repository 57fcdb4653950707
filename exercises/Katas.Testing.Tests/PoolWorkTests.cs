using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Katas.Testing.Tests;

/// <summary>
/// Work the code under test sends to the thread pool counts from the moment it is queued until it
/// finishes: the clock does not move while any of it is queued or running, however loaded the machine.
/// </summary>
public class PoolWorkTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Test]
    public void Work_queued_with_Task_Run_runs_before_the_clock_moves()
    {
        using var runtime = new VirtualRuntime();
        var ranAt = new ConcurrentQueue<TimeSpan>();
        var outcome = runtime.Run(async () =>
        {
            // Started and not awaited: nothing but the harness waits for them.
            for (var i = 0; i < 50; i++)
            {
                _ = Task.Run(async () =>
                {
                    ranAt.Enqueue(runtime.Now);
                    for (var hop = 0; hop < 5; hop++) await Task.Yield(); // back to the pool's queue, five times
                    ranAt.Enqueue(runtime.Now);
                });
            }
            await Task.Delay(Ms(10), runtime.Clock);
            return runtime.Now;
        });

        Assert.That(outcome.Value, Is.EqualTo(Ms(10)));
        Assert.That(ranAt, Has.Count.EqualTo(100).And.All.EqualTo(TimeSpan.Zero),
            "every piece of pool work queued at t=0 ran at t=0, before the clock moved to 10 ms");
    }

    [Test]
    public void Continuations_after_ConfigureAwait_false_run_at_the_instant_that_released_them()
    {
        using var runtime = new VirtualRuntime();
        var ranAt = new ConcurrentQueue<(int Task, TimeSpan At)>();
        var outcome = runtime.Run(async () =>
        {
            async Task WorkAsync(int id)
            {
                await Task.Delay(Ms(10 * (id % 3 + 1)), runtime.Clock).ConfigureAwait(false);
                ranAt.Enqueue((id, runtime.Now));
                await Task.Run(() => ranAt.Enqueue((id, runtime.Now))).ConfigureAwait(false);
                await Task.Yield();
                ranAt.Enqueue((id, runtime.Now));
            }
            await Task.WhenAll(Enumerable.Range(0, 30).Select(WorkAsync));
            return runtime.Now;
        });

        Assert.That(outcome.Value, Is.EqualTo(Ms(30)));
        Assert.That(ranAt, Has.Count.EqualTo(90));
        Assert.That(ranAt.Where(r => r.At != Ms(10 * (r.Task % 3 + 1))), Is.Empty,
            "each piece of work ran at the instant of its own timer");
    }

    [Test]
    public void A_channel_consumer_on_the_pool_takes_every_item_at_the_instant_it_was_written()
    {
        using var runtime = new VirtualRuntime();
        var readAt = new ConcurrentQueue<(int Item, TimeSpan At)>();
        var channel = Channel.CreateUnbounded<int>();
        var outcome = runtime.Run(async () =>
        {
            var consumer = Task.Run(async () =>
            {
                await foreach (var item in channel.Reader.ReadAllAsync().ConfigureAwait(false))
                    readAt.Enqueue((item, runtime.Now));
            });
            for (var i = 1; i <= 5; i++)
            {
                await Task.Delay(Ms(10), runtime.Clock);
                await channel.Writer.WriteAsync(i);
            }
            channel.Writer.Complete();
            await consumer;
            return runtime.Now;
        });

        Assert.That(outcome.Value, Is.EqualTo(Ms(50)));
        Assert.That(readAt, Is.EqualTo(Enumerable.Range(1, 5).Select(i => (i, Ms(10 * i)))));
    }

    [Test]
    public void Pool_work_that_takes_real_time_is_waited_for_however_long_it_runs()
    {
        using var runtime = new VirtualRuntime();
        var ranAt = new ConcurrentQueue<TimeSpan>();
        var outcome = runtime.Run(async () =>
        {
            // Busy in real time, well past any "foreign work" guess, not past the blocked-thread watchdog.
            _ = Task.Run(() => { Thread.Sleep(300); ranAt.Enqueue(runtime.Now); });
            await Task.Delay(Ms(10), runtime.Clock);
            return runtime.Now;
        });

        Assert.That(outcome.Value, Is.EqualTo(Ms(10)));
        Assert.That(ranAt, Is.EqualTo(new[] { TimeSpan.Zero }), "the work finished before the clock moved");
    }
}
