namespace Katas.Testing.Tests;

/// <summary>
/// What one cancellation releases runs in one defined order: a <see cref="FakeOperation{T}"/> ends inside
/// <c>Cancel()</c>, in the order .NET runs the token's callbacks (the most recently registered first), and a
/// timer's callback, with all it runs inline, is over before the event loop runs any of the work it released.
/// </summary>
public class CancellationOrderTests
{
    private const int Runs = 200;

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    /// <summary>
    /// The race of kata 07's wrong answer StartsTheOperationTwice: an operation and a never-ending delay share
    /// one token, and WhenAny waits for the first to end. Cancelling the token ends both at one instant. The
    /// operation, started after the delay, registered on the token last, so it ends first, inside Cancel()
    /// (a cancelled Task.Delay completes its waiters asynchronously, through the thread pool: it comes second).
    /// Before FakeOperation ended inside Cancel(), its end went through the event loop while the delay's went
    /// through the thread pool, and either could reach WhenAny first.
    /// </summary>
    [TestCase(true, TestName = "Of_an_operation_and_a_delay_cancelled_by_a_timer_WhenAny_sees_the_operation_end_first_on_every_run")]
    [TestCase(false, TestName = "Of_an_operation_and_a_delay_cancelled_on_the_loop_WhenAny_sees_the_operation_end_first_on_every_run")]
    public void WhenAny_sees_the_cancelled_operation_end_first(bool cancelledByATimer)
    {
        var winners = new Dictionary<string, int>();
        for (var run = 0; run < Runs; run++)
        {
            using var runtime = new VirtualRuntime();
            using var caller = new CancellationTokenSource();
            var operation = new FakeOperation<int>(runtime, "operation", Ms(500), 42);
            if (!cancelledByATimer) runtime.At(Ms(30), caller.Cancel);

            var outcome = runtime.Run(async () =>
            {
                using var limit = new CancellationTokenSource(Ms(100), runtime.Clock);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(caller.Token, limit.Token);
                var limitReached = Task.Delay(Timeout.InfiniteTimeSpan, runtime.Clock, linked.Token);
                var work = operation.RunAsync(linked.Token);
                return await Task.WhenAny(work, limitReached) == work ? "the operation" : "the delay";
            });

            var winner = $"{outcome.Value} at t={Format.Ms(outcome.CompletedAt ?? default)}";
            winners[winner] = winners.GetValueOrDefault(winner) + 1;
        }

        var expected = $"the operation at t={(cancelledByATimer ? "100" : "30")} ms";
        Assert.That(winners, Is.EqualTo(new Dictionary<string, int> { [expected] = Runs }),
            $"WhenAny's winner over {Runs} runs: {string.Join(", ", winners.Select(w => $"{w.Key}: {w.Value}"))}");
    }

    [Test]
    public void A_timers_callback_runs_to_its_end_before_the_loop_runs_any_work_it_released_on_every_run()
    {
        var orders = new Dictionary<string, int>();
        for (var run = 0; run < Runs; run++)
        {
            using var runtime = new VirtualRuntime();
            var log = new List<string>();
            void Add(string what) { lock (log) log.Add(what); }
            var operation = new FakeOperation<int>(runtime, "operation", Ms(500), 42);

            runtime.Run(async () =>
            {
                using var stop = new CancellationTokenSource();
                var work = operation.RunAsync(stop.Token);
                // Runs inline in the delay's timer callback, on the clock's thread: it releases work on the loop
                // (the continuation of the await below), then goes on.
                var onTheClock = Task.Delay(Ms(100), runtime.Clock).ContinueWith(_ =>
                {
                    stop.Cancel();
                    Add("the callback, after Cancel()");
                    Add("the callback, at its end");
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                try { await work; }
                catch (OperationCanceledException) { Add("the loop, after the operation ended"); }
                await onTheClock;
                return 0;
            });

            var order = string.Join(" → ", log);
            orders[order] = orders.GetValueOrDefault(order) + 1;
        }

        const string expected = "the callback, after Cancel() → the callback, at its end → the loop, after the operation ended";
        Assert.That(orders, Is.EqualTo(new Dictionary<string, int> { [expected] = Runs }),
            $"The orders seen over {Runs} runs: {string.Join("; ", orders.Select(o => $"{o.Key}: {o.Value}"))}");
    }
}
