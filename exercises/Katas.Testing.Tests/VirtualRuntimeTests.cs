namespace Katas.Testing.Tests;

/// <summary>The runtime moves fake time exactly, one due timer at a time.</summary>
public class VirtualRuntimeTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Test]
    public void A_sequential_join_is_reported_as_finishing_at_150_ms()
    {
        using var runtime = new VirtualRuntime();
        var a = new FakeOperation<int>(runtime, "A", Ms(100), 1);
        var b = new FakeOperation<int>(runtime, "B", Ms(50), 2);
        var outcome = runtime.Run(async () => (await a.RunAsync(), await b.RunAsync()));

        Assert.That(outcome.CompletedAt, Is.EqualTo(Ms(150)));
        var error = Assert.Throws<AssertionException>(() =>
            TimelineAssert.CompletedAt(outcome, Ms(100), "were the operations awaited one after the other?"));
        Assert.That(error!.Message, Does.StartWith("finished at t=150 ms, expected t=100 ms: were the operations awaited one after the other?"));
        Assert.That(error.Message, Does.Contain("A |██████████").And.Contain("B |          █████|"));
    }

    [Test]
    public void A_concurrent_join_finishes_with_the_slowest_operation()
    {
        using var runtime = new VirtualRuntime();
        var a = new FakeOperation<int>(runtime, "A", Ms(100), 1);
        var b = new FakeOperation<int>(runtime, "B", Ms(50), 2);
        var outcome = runtime.Run(async () =>
        {
            var (ta, tb) = (a.RunAsync(), b.RunAsync());
            await Task.WhenAll(ta, tb);
            return (ta.Result, tb.Result);
        });

        TimelineAssert.CompletedAt(outcome, Ms(100), "expected the slowest operation's time");
        Assert.That(outcome.Value, Is.EqualTo((1, 2)));
        TimelineAssert.SpansAre(runtime.Timeline, [Span.Of("A", 0, 100), Span.Of("B", 0, 50)], "both start at t=0", runtime.Now);
    }

    [Test]
    public void Each_continuation_sees_the_instant_of_its_own_timer()
    {
        using var runtime = new VirtualRuntime();
        var seen = new List<TimeSpan>();
        runtime.Run(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                await Task.Delay(Ms(10), runtime.Clock);
                seen.Add(runtime.Now);
            }
            return 0;
        });
        Assert.That(seen, Is.EqualTo(new[] { Ms(10), Ms(20), Ms(30) }));
    }

    [Test]
    public void Advancing_stops_at_every_due_timer_on_the_way()
    {
        using var runtime = new VirtualRuntime();
        var outcome = runtime.Start(async () =>
        {
            await Task.Delay(Ms(40), runtime.Clock);
            await Task.Delay(Ms(40), runtime.Clock);
            return runtime.Now;
        });
        runtime.AdvanceTo(Ms(79));
        Assert.That(outcome.IsCompleted, Is.False, "pending at 79 ms");
        runtime.AdvanceTo(Ms(80));
        Assert.That(outcome.Value, Is.EqualTo(Ms(80)));
        Assert.That(runtime.Now, Is.EqualTo(Ms(80)));
    }

    [Test]
    public void Work_sent_to_the_thread_pool_is_awaited_before_the_clock_moves()
    {
        using var runtime = new VirtualRuntime();
        var outcome = runtime.Run(async () =>
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
            {
                await Task.Delay(Ms(10 * (i % 4 + 1)), runtime.Clock).ConfigureAwait(false);
                return runtime.Now;
            })));
            return results;
        });
        Assert.That(outcome.Value.Select(t => t.TotalMilliseconds), Is.EqualTo(Enumerable.Range(0, 20).Select(i => 10.0 * (i % 4 + 1))));
        Assert.That(outcome.CompletedAt, Is.EqualTo(Ms(40)));
    }

    [Test]
    public void A_scheduled_test_action_runs_at_its_instant()
    {
        using var runtime = new VirtualRuntime();
        using var cts = new CancellationTokenSource();
        var op = new FakeOperation<int>(runtime, "op", Ms(100), 1);
        runtime.At(Ms(30), cts.Cancel);
        var outcome = runtime.Run(() => op.RunAsync(cts.Token));
        Assert.That(outcome.IsCanceled, Is.True);
        Assert.That(outcome.CompletedAt, Is.EqualTo(Ms(30)));
        Assert.That(op.WasCancelled, Is.True);
        TimelineAssert.SpansAre(runtime.Timeline, [Span.Of("op", 0, 30, Timeline.Cancelled)], "cancelled at 30", runtime.Now);
    }

    [Test]
    public void The_exception_is_the_one_await_throws_not_an_aggregate()
    {
        using var runtime = new VirtualRuntime();
        var failing = FakeOperation<int>.Failing(runtime, "F", Ms(20), new InvalidOperationException("boom"));
        var outcome = runtime.Run(() => failing.RunAsync());
        Assert.That(outcome.Exception, Is.TypeOf<InvalidOperationException>().With.Message.EqualTo("boom"));
        Assert.That(outcome.ToString(), Is.EqualTo("failed at t=20 ms with InvalidOperationException: boom"));
    }

    [Test]
    public void An_operation_failing_with_OperationCanceledException_ends_cancelled_like_an_async_method_that_throws_it()
    {
        using var runtime = new VirtualRuntime();
        var dropped = new OperationCanceledException("the server dropped the request");
        var failing = FakeOperation<int>.Failing(runtime, "F", Ms(20), dropped);
        Task<int>? task = null;
        var outcome = runtime.Run(async () => await (task = failing.RunAsync()));
        Assert.That(task!.IsCanceled, Is.True, "an operation that ends cancelled on its own is IsCanceled, not IsFaulted");
        Assert.That(outcome.Exception, Is.SameAs(dropped), "awaiting it throws the operation's own exception");
    }

    [Test]
    public void Ten_thousand_waits_take_one_step_of_the_clock()
    {
        using var runtime = new VirtualRuntime();
        runtime.Clock.RecordCreationSites = false;
        var outcome = runtime.Run(() => Task.WhenAll(Enumerable.Range(0, 10_000).Select(_ => Task.Delay(TimeSpan.FromSeconds(1), runtime.Clock))));
        Assert.That(outcome.CompletedAt, Is.EqualTo(TimeSpan.FromSeconds(1)));
    }
}
