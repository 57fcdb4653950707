namespace Katas.Testing.Tests;

/// <summary>
/// Everything due at one instant runs in one defined order: by due time, then by the timers' creation order,
/// each timer with all the work it releases run to the end before the next timer fires.
/// </summary>
public class OneInstantOrderTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Test]
    public void Of_two_timers_due_at_once_the_first_created_fires_first_and_all_it_releases_runs_before_the_second()
    {
        using var runtime = new VirtualRuntime();
        var log = new Log(runtime);
        runtime.Run(async () =>
        {
            var x = Task.Delay(Ms(100), runtime.Clock); // created first
            var y = Task.Delay(Ms(100), runtime.Clock);
            async Task AfterX()
            {
                await x;
                log.Add("X");
                // Work X releases: on the pool, and after ConfigureAwait(false) off the loop.
                await Task.Run(async () => { await Task.Yield(); log.Add("X's pool work"); }).ConfigureAwait(false);
                log.Add("X's continuation off the loop");
            }
            async Task AfterY()
            {
                await y;
                log.Add("Y");
            }
            await Task.WhenAll(AfterX(), AfterY());
        });

        Assert.That(log.Entries, Is.EqualTo(new[] { "X at 100 ms", "X's pool work at 100 ms", "X's continuation off the loop at 100 ms", "Y at 100 ms" }));
    }

    [Test]
    public void A_limit_whose_timer_was_created_first_wins_against_an_operation_due_at_the_same_instant_on_every_run()
    {
        for (var run = 0; run < 20; run++)
        {
            using var runtime = new VirtualRuntime();
            var operation = new FakeOperation<string>(runtime, "operation", Ms(100), "value");
            var outcome = runtime.Run(async () =>
            {
                var limit = Task.Delay(Ms(100), runtime.Clock); // the limit's timer, created first, fires first
                var work = Task.Run(() => operation.RunAsync());
                return await Task.WhenAny(limit, work) == limit ? "timed out" : await work;
            });
            Assert.That(outcome.Value, Is.EqualTo("timed out"), $"run {run}");
        }
    }

    [Test]
    public void A_timer_set_to_fire_now_fires_at_this_instant_after_the_current_callback_in_creation_order()
    {
        using var runtime = new VirtualRuntime();
        var clock = runtime.Clock;
        var log = new Log(runtime);
        var timers = new List<ITimer>();
        ITimer? later = null;
        var dormant = clock.CreateTimer(_ => log.Add("dormant"), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan); // rank 0
        timers.Add(dormant);
        timers.Add(clock.CreateTimer(_ =>
        {
            log.Add("A");
            dormant.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            later = clock.CreateTimer(_ => log.Add("created in A"), null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            log.Add("A returns");
        }, null, Ms(100), Timeout.InfiniteTimeSpan));
        timers.Add(clock.CreateTimer(_ => log.Add("B"), null, Ms(100), Timeout.InfiniteTimeSpan));

        runtime.AdvanceTo(Ms(100));

        // Never inline in Change or CreateTimer; then by creation order: the dormant timer (created before B), B, the new one.
        Assert.That(log.Entries, Is.EqualTo(new[] { "A at 100 ms", "A returns at 100 ms", "dormant at 100 ms", "B at 100 ms", "created in A at 100 ms" }));
        later?.Dispose();
        timers.ForEach(t => t.Dispose());
    }

    [Test]
    public void A_periodic_timer_keeps_its_creation_rank_for_every_period()
    {
        using var runtime = new VirtualRuntime();
        var clock = runtime.Clock;
        var log = new Log(runtime);
        using var periodic = clock.CreateTimer(_ => log.Add("periodic"), null, Ms(50), Ms(50));
        using var once = clock.CreateTimer(_ => log.Add("one-shot"), null, Ms(100), Timeout.InfiniteTimeSpan);

        runtime.AdvanceTo(Ms(100));

        Assert.That(log.Entries, Is.EqualTo(new[] { "periodic at 50 ms", "periodic at 100 ms", "one-shot at 100 ms" }));
        Assert.That(clock.NextDueTime, Is.EqualTo(Ms(150)));
    }

    [Test]
    public void A_disposed_timer_does_not_fire_and_a_changed_one_fires_at_its_new_time()
    {
        using var runtime = new VirtualRuntime();
        var clock = runtime.Clock;
        var log = new Log(runtime);
        var disposed = clock.CreateTimer(_ => log.Add("disposed"), null, Ms(10), Timeout.InfiniteTimeSpan);
        using var moved = clock.CreateTimer(_ => log.Add("moved"), null, Ms(10), Timeout.InfiniteTimeSpan);
        disposed.Dispose();
        Assert.That(moved.Change(Ms(30), Timeout.InfiniteTimeSpan), Is.True);
        Assert.That(disposed.Change(Ms(5), Timeout.InfiniteTimeSpan), Is.False, "a disposed timer cannot be changed");

        runtime.AdvanceTo(Ms(100));

        Assert.That(log.Entries, Is.EqualTo(new[] { "moved at 30 ms" }));
        Assert.That(runtime.Now, Is.EqualTo(Ms(100)));
    }

    /// <summary>What happened, with the fake time, from any thread.</summary>
    private sealed class Log(VirtualRuntime runtime)
    {
        private readonly List<string> _entries = [];

        public IReadOnlyList<string> Entries { get { lock (_entries) return [.. _entries]; } }

        public void Add(string what)
        {
            lock (_entries) _entries.Add($"{what} at {Format.Ms(runtime.Now)}");
        }
    }
}
