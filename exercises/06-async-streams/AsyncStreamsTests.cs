using System.Runtime.CompilerServices;

namespace Katas.AsyncStreams;

/// <summary>Produce: a stream that yields 1..n, one number per period of the injected clock.</summary>
public class ProduceTests
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    [Test]
    public void Number_k_is_readable_at_k_periods_not_at_the_end()
    {
        using var runtime = new VirtualRuntime();
        var consumer = new Consumer<int>(runtime);

        var outcome = runtime.Run(() => consumer.ReadAllAsync(Streams.NumbersAsync(5, Period, runtime.Clock)));

        Assert.That(consumer.Received, Is.EqualTo(new[] { (100.0, 1), (200.0, 2), (300.0, 3), (400.0, 4), (500.0, 5) }),
            "(t in ms, number) as the consumer received them: number k is ready at k x 100 ms. Numbers that all " +
            "arrive together at the end were collected into a list before being yielded: yield return each " +
            "number as soon as it is ready. Numbers one period early were yielded before the wait." +
            Environment.NewLine + runtime.Timeline);
        TimelineAssert.CompletedAt(outcome, Ms(500), "the stream ends right after its last number, without waiting another period");
    }

    [Test]
    public void Nothing_is_produced_until_the_stream_is_enumerated()
    {
        using var runtime = new VirtualRuntime();
        var consumer = new Consumer<int>(runtime);
        var stream = runtime.Run(() => Task.FromResult(Streams.NumbersAsync(3, Period, runtime.Clock))).Value;
        runtime.AdvanceTo(Ms(1000));

        Assert.That(runtime.Clock.Timers, Is.Empty,
            "Calling NumbersAsync must not start anything: a stream, like a Rust Stream and unlike a Task, is lazy " +
            "and starts producing when someone enumerates it (an async iterator method runs nothing until the " +
            "first MoveNextAsync). Yet a timer was created: " + string.Join("; ", runtime.Clock.Timers));
        runtime.Run(() => consumer.ReadAllAsync(stream));
        Assert.That(consumer.Received, Is.EqualTo(new[] { (1100.0, 1), (1200.0, 2), (1300.0, 3) }),
            "enumerated from t=1000 ms, the stream yields its numbers one period apart from then on" +
            Environment.NewLine + runtime.Timeline);
    }

    [Test]
    public void Cancelling_through_WithCancellation_stops_the_stream_at_once()
    {
        using var runtime = new VirtualRuntime();
        IReadOnlyList<TrackedTimer>? timersWhenTheLoopEnded = null;
        var consumer = new Consumer<int>(runtime) { WhenLoopEnds = () => timersWhenTheLoopEnded = runtime.Clock.PendingTimers };
        using var cts = new CancellationTokenSource();
        runtime.At(Ms(250), cts.Cancel);

        var outcome = runtime.Run(() => consumer.ReadAllAsync(Streams.NumbersAsync(5, Period, runtime.Clock).WithCancellation(cts.Token)));

        Assert.That(consumer.Received, Is.EqualTo(new[] { (100.0, 1), (200.0, 2) }),
            "cancelled at t=250 ms, the stream yields nothing more. The token given to WithCancellation reaches the " +
            "iterator only through a parameter marked [EnumeratorCancellation] (the compiler warns, CS8425, " +
            "when it is missing), and the wait must be given that token." + Environment.NewLine + runtime.Timeline);
        Assert.That(outcome.IsCanceled, Is.True, $"a cancelled stream ends with an OperationCanceledException; it {outcome}");
        TimelineAssert.CompletedAt(outcome, Ms(250),
            "the stream stops the moment it is cancelled, in the middle of its wait (pass the token to Task.Delay), " +
            "not at the end of the wait");
        runtime.AssertNoPendingTimers("the stream's wait was not cancelled");
        Assert.That(timersWhenTheLoopEnded, Is.Empty,
            "When the consumer's await foreach is over, the stream has stopped: its finally blocks have run and its " +
            "timers are gone. Yet when the loop ended, a timer of the stream was still pending (it went only later, " +
            "at the same instant): " + string.Join("; ", timersWhenTheLoopEnded ?? []));
    }

    [Test]
    public void Stopping_early_leaves_no_timer_behind()
    {
        using var runtime = new VirtualRuntime();
        IReadOnlyList<TrackedTimer>? timersWhenTheLoopEnded = null;
        var consumer = new Consumer<int>(runtime) { StopAfter = 2, WhenLoopEnds = () => timersWhenTheLoopEnded = runtime.Clock.PendingTimers };

        var outcome = runtime.Run(() => consumer.ReadAllAsync(Streams.NumbersAsync(5, Period, runtime.Clock)));

        Assert.That(consumer.Received, Is.EqualTo(new[] { (100.0, 1), (200.0, 2) }), "the consumer takes two numbers, then breaks");
        TimelineAssert.CompletedAt(outcome, Ms(200), "the consumer breaks out of its loop as soon as it has the second number");
        runtime.AssertNoPendingTimers(
            "the consumer stopped at t=200 ms and disposed the stream, but a timer of the stream still runs. A " +
            "timer (PeriodicTimer, ITimer) belongs in a `using` inside the iterator: disposing the enumerator runs " +
            "the iterator's finally blocks, and so disposes it.");
        Assert.That(timersWhenTheLoopEnded, Is.Empty,
            "When the consumer's await foreach is over, the stream has stopped: its finally blocks have run and its " +
            "timers are gone. Yet when the loop ended, a timer of the stream was still pending (it went only later, " +
            "at the same instant): " + string.Join("; ", timersWhenTheLoopEnded ?? []));
    }

    internal static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);
}

/// <summary>Consume: process the numbers as they arrive.</summary>
public class ConsumeTests
{
    private static TimeSpan Ms(double ms) => ProduceTests.Ms(ms);

    [Test]
    public void The_running_total_is_reported_as_each_number_arrives()
    {
        using var runtime = new VirtualRuntime();
        var source = new FakeSource(runtime).Emits(100, 1).Emits(200, 2).Emits(300, 3);
        var totals = new TimedProgress(runtime);

        var outcome = runtime.Run(() => Streams.SumAsync(source.Stream, totals));

        Assert.That(totals.Reports, Is.EqualTo(new[] { (100.0, 1), (200.0, 3), (300.0, 6) }),
            "(t in ms, running total) as reported: each total is reported the moment its number arrives. Totals " +
            "reported all at once at the end mean the stream was collected first (ToListAsync) instead of " +
            "processed with await foreach." + Environment.NewLine + runtime.Timeline);
        Assert.That(outcome.Value, Is.EqualTo(6));
        TimelineAssert.CompletedAt(outcome, Ms(300), "the sum is done when the source ends");
    }

    [Test]
    public void Cancelling_the_sum_stops_the_source_at_once_and_runs_its_finally()
    {
        using var runtime = new VirtualRuntime();
        var source = new FakeSource(runtime).Emits(100, 1).Emits(200, 2).Emits(300, 3);
        var totals = new TimedProgress(runtime);
        using var cts = new CancellationTokenSource();
        runtime.At(Ms(250), cts.Cancel);

        string? sourceWhenTheSumEnded = null;
        var outcome = runtime.Run(async () =>
        {
            try { return await Streams.SumAsync(source.Stream, totals, cts.Token); }
            finally { sourceWhenTheSumEnded = source.Describe(); }
        });

        Assert.That(totals.Reports, Is.EqualTo(new[] { (100.0, 1), (200.0, 3) }), "the totals before the cancellation at t=250 ms");
        Assert.That(outcome.IsCanceled, Is.True, $"a cancelled sum ends with an OperationCanceledException; it {outcome}");
        Assert.That((source.FinallyRanAt, source.Ending), Is.EqualTo(((TimeSpan?)Ms(250), "cancelled")),
            $"the source should be cancelled at t=250 ms, in the middle of its wait, and its finally block run right " +
            $"then; it {source.Describe()}. Give the token to the source: " +
            "`await foreach (var n in source.WithCancellation(cancellationToken))`. Checking the token between " +
            "numbers only notices the cancellation when the next number arrives." + Environment.NewLine + runtime.Timeline);
        TimelineAssert.CompletedAt(outcome, Ms(250), "the sum stops the moment it is cancelled");
        Assert.That(sourceWhenTheSumEnded, Does.StartWith("ended"),
            $"when SumAsync's task ends, the source has stopped and run its finally; but at that moment the source " +
            $"{sourceWhenTheSumEnded}. Leave the await foreach normally: it awaits the source's disposal." +
            Environment.NewLine + runtime.Timeline);
    }
}

/// <summary>Batch by count or by time window, whichever comes first, while the items stream through.</summary>
public class BatchTests
{
    private static TimeSpan Ms(double ms) => ProduceTests.Ms(ms);

    [Test]
    public void A_full_batch_is_emitted_the_moment_it_is_full()
    {
        using var runtime = new VirtualRuntime();
        var source = new FakeSource(runtime).EmitsEvery(10, 1, 2, 3, 4, 5, 6);
        var consumer = new Consumer<IReadOnlyList<int>>(runtime);

        var outcome = runtime.Run(() => consumer.ReadAllAsync(source.Stream.Batch(3, Ms(1000), runtime.Clock)));

        AssertBatches(consumer, [(30, [1, 2, 3]), (60, [4, 5, 6])],
            "a batch of 3 is emitted as soon as its third item arrives, without waiting for its window (1000 ms) " +
            "to end, and before the source is done");
        TimelineAssert.CompletedAt(outcome, Ms(60), "the batches end when the source ends");
        runtime.AssertNoPendingTimers(
            "the window of a batch that filled up early must be stopped when the batch is emitted (dispose its " +
            "CancellationTokenSource, or cancel its delay)");
    }

    [Test]
    public void A_batch_that_is_not_full_is_emitted_when_its_window_ends()
    {
        using var runtime = new VirtualRuntime();
        var source = new FakeSource(runtime).Emits(100, 1).Emits(150, 2).Emits(520, 3).Emits(560, 4).Emits(590, 5);
        var consumer = new Consumer<IReadOnlyList<int>>(runtime);

        var outcome = runtime.Run(() => consumer.ReadAllAsync(source.Stream.Batch(3, Ms(300), runtime.Clock)));

        AssertBatches(consumer, [(400, [1, 2]), (590, [3, 4, 5])],
            "Item 1 arrives at t=100 ms and may wait 300 ms at most: [1, 2] is emitted at t=400 ms, not full. A " +
            "batch that waits for 3 items however long it takes emits [1, 2, 3] at t=520 ms instead. [3, 4, 5] " +
            "fills up at t=590 ms, before its window (520 + 300 ms) ends");
        TimelineAssert.CompletedAt(outcome, Ms(590), "the batches end when the source ends");
    }

    [Test]
    public void The_window_opens_with_the_first_item_of_a_batch_and_a_quiet_source_emits_nothing()
    {
        using var runtime = new VirtualRuntime();
        var source = new FakeSource(runtime).Emits(100, 1).Emits(1000, 2).EndsAt(1500);
        var consumer = new Consumer<IReadOnlyList<int>>(runtime);

        var outcome = runtime.Run(() => consumer.ReadAllAsync(source.Stream.Batch(3, Ms(300), runtime.Clock)));

        AssertBatches(consumer, [(400, [1]), (1300, [2])],
            "Each batch's window opens when its first item arrives: [1] at 100 + 300 ms, [2] at 1000 + 300 ms. No " +
            "empty batch is emitted while the source is quiet (a window runs only while an item waits). Batches " +
            "at t=300, 600, 900 ms mean a timer ticking from the start, Rx style, instead");
        TimelineAssert.CompletedAt(outcome, Ms(1500), "the batches end when the source ends");
    }

    [Test]
    public void The_window_ends_on_the_injected_clock_even_when_the_source_goes_quiet()
    {
        using var runtime = new VirtualRuntime();
        var source = new FakeSource(runtime).Emits(100, 1).ThenWaitsForever();
        var consumer = new Consumer<IReadOnlyList<int>>(runtime) { StopAfter = 1 };

        var outcome = ExplainingAFullBatchWait(runtime, () =>
            runtime.Run(() => consumer.ReadAllAsync(source.Stream.Batch(3, Ms(300), runtime.Clock))));

        AssertBatches(consumer, [(400, [1])],
            "item 1 arrives at t=100 ms and the source sends nothing more: [1] is emitted when its window ends, at t=400 ms");
        TimelineAssert.CompletedAt(outcome, Ms(400), "the consumer takes the batch [1] at t=400 ms, then stops");
    }

    [Test]
    public void The_last_partial_batch_is_emitted_when_the_source_ends()
    {
        using var runtime = new VirtualRuntime();
        var source = new FakeSource(runtime).EmitsEvery(10, 1, 2, 3, 4);
        var consumer = new Consumer<IReadOnlyList<int>>(runtime);

        var outcome = runtime.Run(() => consumer.ReadAllAsync(source.Stream.Batch(3, Ms(1000), runtime.Clock)));

        AssertBatches(consumer, [(30, [1, 2, 3]), (40, [4])],
            "when the source ends at t=40 ms, the unfinished batch [4] is emitted at once: not lost, and not held " +
            "until its window ends at t=1040 ms");
        TimelineAssert.CompletedAt(outcome, Ms(40), "the batches end when the source ends");
    }

    [Test]
    public void Stopping_early_stops_the_source_and_runs_its_finally()
    {
        using var runtime = new VirtualRuntime();
        var source = new FakeSource(runtime).EmitsEvery(10, [.. Enumerable.Range(1, 100)]);
        string? sourceWhenTheLoopEnded = null;
        var consumer = new Consumer<IReadOnlyList<int>>(runtime) { StopAfter = 1, WhenLoopEnds = () => sourceWhenTheLoopEnded = source.Describe() };

        var outcome = runtime.Run(() => consumer.ReadAllAsync(source.Stream.Batch(3, Ms(1000), runtime.Clock)));

        AssertBatches(consumer, [(30, [1, 2, 3])], "the consumer takes the first batch, then breaks");
        TimelineAssert.CompletedAt(outcome, Ms(30), "the consumer breaks out of its loop as soon as it has the first batch");
        Assert.That(source.FinallyRanAt, Is.EqualTo(Ms(30)),
            $"The consumer stopped at t=30 ms (its break disposed the batches' enumerator), so the source must stop " +
            $"right then and run its finally blocks; it {source.Describe()}. When the batching ends in any way, " +
            "stop the source (cancel the token you gave it) and await it, in a finally block." +
            Environment.NewLine + runtime.Timeline);
        runtime.AssertNoPendingTimers("after the consumer stopped, nothing of the batching or of its source may still run");
        AssertSourceEndedWithTheLoop(sourceWhenTheLoopEnded, runtime);
    }

    [Test]
    public void Stopping_early_waits_until_the_source_has_finished_its_cleanup()
    {
        using var runtime = new VirtualRuntime();
        // The source's finally awaits for 5 ms (closing a connection, say): "has run" means it has finished.
        var source = new FakeSource(runtime).EmitsEvery(10, [.. Enumerable.Range(1, 100)]).CleanupTakes(5);
        string? sourceWhenTheLoopEnded = null;
        var consumer = new Consumer<IReadOnlyList<int>>(runtime) { StopAfter = 1, WhenLoopEnds = () => sourceWhenTheLoopEnded = source.Describe() };

        var outcome = runtime.Run(() => consumer.ReadAllAsync(source.Stream.Batch(3, Ms(1000), runtime.Clock)));

        AssertBatches(consumer, [(30, [1, 2, 3])], "the consumer takes the first batch, then breaks");
        AssertSourceEndedWithTheLoop(sourceWhenTheLoopEnded, runtime);
        Assert.That(source.FinallyRanAt, Is.EqualTo(Ms(35)),
            $"stopped at t=30 ms, the source's finally takes 5 ms: it should be done at t=35 ms; it {source.Describe()}");
        TimelineAssert.CompletedAt(outcome, Ms(35),
            "the consumer's loop is over once the source has finished its finally (t=35 ms): the batching awaits the source");
    }

    [Test]
    public void Stopping_early_disposes_a_source_that_waits_at_a_yield()
    {
        using var runtime = new VirtualRuntime();
        // Ten items at once: the source gets ahead of the batching and waits at a yield return for its next MoveNextAsync.
        var source = new FakeSource(runtime);
        foreach (var n in Enumerable.Range(1, 10)) source.Emits(10, n);
        string? sourceWhenTheLoopEnded = null;
        var consumer = new Consumer<IReadOnlyList<int>>(runtime) { StopAfter = 1, WhenLoopEnds = () => sourceWhenTheLoopEnded = source.Describe() };

        var outcome = runtime.Run(() => consumer.ReadAllAsync(source.Stream.Batch(3, Ms(1000), runtime.Clock)));

        AssertBatches(consumer, [(10, [1, 2, 3])], "the consumer takes the first batch, then breaks");
        TimelineAssert.CompletedAt(outcome, Ms(10), "the consumer breaks out of its loop as soon as it has the first batch");
        Assert.That((source.FinallyRanAt, source.Ending), Is.EqualTo(((TimeSpan?)Ms(10), "disposed at a yield")),
            $"The consumer stopped at t=10 ms while the source waited at a yield return; cancelling a token does not " +
            $"reach a source that is not awaiting anything: its enumerator must be disposed (await foreach does that " +
            $"when it is left, DisposeAsync when you enumerate by hand). It {source.Describe()}." + Environment.NewLine + runtime.Timeline);
        AssertSourceEndedWithTheLoop(sourceWhenTheLoopEnded, runtime);
    }

    [Test]
    public void Cancelling_the_batching_stops_the_source_at_once()
    {
        using var runtime = new VirtualRuntime();
        var source = new FakeSource(runtime).EmitsEvery(100, [.. Enumerable.Range(1, 10)]);
        string? sourceWhenTheLoopEnded = null;
        var consumer = new Consumer<IReadOnlyList<int>>(runtime) { WhenLoopEnds = () => sourceWhenTheLoopEnded = source.Describe() };
        using var cts = new CancellationTokenSource();
        runtime.At(Ms(250), cts.Cancel);

        var outcome = runtime.Run(() => consumer.ReadAllAsync(source.Stream.Batch(3, Ms(1000), runtime.Clock).WithCancellation(cts.Token)));

        Assert.That(outcome.IsCanceled, Is.True,
            $"cancelled at t=250 ms through WithCancellation (which reaches an async iterator only through a " +
            $"parameter marked [EnumeratorCancellation]), the batching ends with an OperationCanceledException; " +
            $"it {outcome}" + Environment.NewLine + runtime.Timeline);
        TimelineAssert.CompletedAt(outcome, Ms(250), "the batching stops the moment it is cancelled, without emitting [1, 2]");
        AssertBatches(consumer, [], "a cancelled batching emits nothing more, not even the unfinished batch");
        Assert.That((source.FinallyRanAt, source.Ending), Is.EqualTo(((TimeSpan?)Ms(250), "cancelled")),
            $"the source should be cancelled at t=250 ms and its finally block run then; it {source.Describe()}");
        runtime.AssertNoPendingTimers("after the cancellation, the window's timer and the source's wait must be gone");
        AssertSourceEndedWithTheLoop(sourceWhenTheLoopEnded, runtime);
    }

    [Test]
    public void An_error_of_the_source_ends_the_batches_with_that_very_exception()
    {
        using var runtime = new VirtualRuntime();
        var error = new InvalidOperationException("the sensor went offline");
        var source = new FakeSource(runtime).EmitsEvery(10, 1, 2, 3, 4).FailsAt(50, error);
        var consumer = new Consumer<IReadOnlyList<int>>(runtime);

        var outcome = runtime.Run(() => consumer.ReadAllAsync(source.Stream.Batch(3, Ms(1000), runtime.Clock)));

        Assert.That(outcome.Exception, Is.SameAs(error),
            $"the source's own exception should reach the consumer unchanged (not wrapped, e.g. in a " +
            $"ChannelClosedException by ChannelReader.ReadAsync: WaitToReadAsync rethrows it as it is); it {outcome}" +
            Environment.NewLine + runtime.Timeline);
        TimelineAssert.CompletedAt(outcome, Ms(50), "the error ends the batches the moment the source fails");
        AssertBatches(consumer, [(30, [1, 2, 3])],
            "the full batch before the error is emitted; the unfinished [4] is not, as with LINQ's Chunk and Rx's Buffer");
    }

    [Test]
    public void A_size_below_one_or_a_window_not_above_zero_is_refused_with_ArgumentOutOfRangeException()
    {
        (int MaxSize, double MaxWaitMs, string Parameter, string Why)[] invalid =
        [
            (0, 1000, "maxSize", "a batch needs room for at least one item"),
            (-1, 1000, "maxSize", "a batch needs room for at least one item"),
            (3, 0, "maxWait", "a window of no time would emit every item alone, at once"),
            (3, -10, "maxWait", "a window cannot end before it opens"),
        ];
        foreach (var (maxSize, maxWaitMs, parameter, why) in invalid)
        {
            using var runtime = new VirtualRuntime();
            var source = new FakeSource(runtime).EmitsEvery(10, 1, 2, 3, 4);
            // Stops after a few batches: a size of 0 unchecked may emit empty batches for ever.
            var consumer = new Consumer<IReadOnlyList<int>>(runtime) { StopAfter = 5 };
            var call = $"Batch(maxSize: {maxSize}, maxWait: {maxWaitMs} ms)";
            Outcome outcome;
            try
            {
                outcome = runtime.Run(() => consumer.ReadAllAsync(source.Stream.Batch(maxSize, Ms(maxWaitMs), runtime.Clock)));
            }
            catch (AssertionException e)
            {
                throw new AssertionException($"{call} should throw ArgumentOutOfRangeException ({why}); instead it ran on: {e.Message}");
            }
            Assert.That(outcome.Exception, Is.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo(parameter),
                $"{call} should throw ArgumentOutOfRangeException for {parameter}, at the call or when the enumeration " +
                $"starts ({why}; ArgumentOutOfRangeException.ThrowIfLessThan and ThrowIfLessThanOrEqual name it for you); " +
                $"it {outcome}, after {consumer.Received.Count} batches: " +
                string.Join(" ", consumer.Received.Take(5).Select(r => Describe(r.AtMs, r.Item))));
        }
    }

    /// <summary>Turns the watchdog's "stuck" into the batch that waits for a full count, which it is here.</summary>
    private static T ExplainingAFullBatchWait<T>(VirtualRuntime runtime, Func<T> run)
    {
        try
        {
            return run();
        }
        catch (AssertionException e) when (e.Message.Contains("no timer of the fake clock is pending", StringComparison.Ordinal))
        {
            throw new AssertionException(
                $"Stuck at t={Format.Ms(runtime.Now)}: the batch [1] still waits for more items, and the source sends " +
                "none. A batch must be emitted when its window ends (maxWait after its first item), however few " +
                "items it holds: wait for the next item with a token that the window cancels, a " +
                "new CancellationTokenSource(maxWait, timeProvider) on the fake clock." +
                Environment.NewLine + Environment.NewLine + e.Message);
        }
    }

    /// <summary>The fake time alone cannot tell "before the loop ended" from "later at the same instant".</summary>
    private static void AssertSourceEndedWithTheLoop(string? sourceWhenTheLoopEnded, VirtualRuntime runtime) =>
        Assert.That(sourceWhenTheLoopEnded, Does.StartWith("ended"),
            $"When the consumer's await foreach is over, the batching has stopped its source and waited for it, so " +
            $"the source's finally blocks have run. But when the loop ended, the source {sourceWhenTheLoopEnded} " +
            "(it stopped only afterwards). In the batching's finally, stop the source and await it." +
            Environment.NewLine + runtime.Timeline);

    private static void AssertBatches(Consumer<IReadOnlyList<int>> consumer, (double AtMs, int[] Items)[] expected, string hint)
    {
        var actual = consumer.Received.Select(r => Describe(r.AtMs, r.Item)).ToList();
        Assert.That(actual, Is.EqualTo(expected.Select(e => Describe(e.AtMs, e.Items)).ToList()),
            $"batches as (t, items): {hint}." + Environment.NewLine + consumer.Timeline);
    }

    private static string Describe(double atMs, IEnumerable<int> items) => $"t={atMs} ms [{string.Join(", ", items)}]";
}

/// <summary>A consumer that reads a stream with await foreach and notes the fake time at which each item arrived.</summary>
internal sealed class Consumer<T>(VirtualRuntime runtime)
{
    private readonly List<(double AtMs, T Item)> _received = [];

    /// <summary>Breaks out of the loop after this many items; null to read to the end.</summary>
    public int? StopAfter { get; init; }

    /// <summary>Runs the moment the consumer's await foreach is over, however it ended (break, end, exception).</summary>
    public Action? WhenLoopEnds { get; init; }

    /// <summary>(fake time in ms, item) for every item received, in order.</summary>
    public IReadOnlyList<(double AtMs, T Item)> Received => _received;

    public Timeline Timeline => runtime.Timeline;

    public Task<int> ReadAllAsync(IAsyncEnumerable<T> stream) => ReadAllAsync(stream.WithCancellation(default));

    public async Task<int> ReadAllAsync(ConfiguredCancelableAsyncEnumerable<T> stream)
    {
        try
        {
            await foreach (var item in stream)
            {
                _received.Add((runtime.Now.TotalMilliseconds, item));
                runtime.Timeline.Record("consumer", $"got {Describe(item)}");
                if (_received.Count == StopAfter) break;
            }
        }
        finally
        {
            // After await foreach has disposed the enumerator: what the stream promised to have done by then.
            WhenLoopEnds?.Invoke();
        }
        return _received.Count;
    }

    private static string Describe(T item) =>
        item is IEnumerable<int> batch ? $"[{string.Join(", ", batch)}]" : $"{item}";
}

/// <summary>An <see cref="IProgress{T}"/> that notes the fake time of every report.</summary>
internal sealed class TimedProgress(VirtualRuntime runtime) : IProgress<int>
{
    private readonly List<(double AtMs, int Value)> _reports = [];

    public IReadOnlyList<(double AtMs, int Value)> Reports => _reports;

    public void Report(int value)
    {
        _reports.Add((runtime.Now.TotalMilliseconds, value));
        runtime.Timeline.Record("consumer", $"running total {value}");
    }
}

/// <summary>
/// A source stream of the test: yields set numbers at set fake times, then ends (or fails) when told, and
/// records on the timeline what it yields and how and when it ended. Its finally block notes when it ran:
/// an iterator's finally runs when it is cancelled, fails, ends, or is disposed at a yield.
/// </summary>
internal sealed class FakeSource(VirtualRuntime runtime)
{
    private const string Lane = "source";
    private readonly List<(TimeSpan At, int Value)> _items = [];
    private TimeSpan? _endAt;
    private Exception? _error;
    private TimeSpan _cleanup;
    private bool _cleaningUp;

    /// <summary>When the source's finally block ran; null if it never did.</summary>
    public TimeSpan? FinallyRanAt { get; private set; }

    /// <summary>How it ended: "completed", "failed", "cancelled", "disposed at a yield"; null while running.</summary>
    public string? Ending { get; private set; }

    /// <summary>The source as a stream; each enumeration runs it anew.</summary>
    public IAsyncEnumerable<int> Stream => RunAsync();

    public FakeSource Emits(double atMs, int value)
    {
        _items.Add((TimeSpan.FromMilliseconds(atMs), value));
        return this;
    }

    /// <summary>Yields <paramref name="values"/> at 1, 2, 3... periods.</summary>
    public FakeSource EmitsEvery(double periodMs, params int[] values)
    {
        for (var i = 0; i < values.Length; i++) Emits(periodMs * (i + 1), values[i]);
        return this;
    }

    /// <summary>Ends at <paramref name="atMs"/> rather than right after its last item.</summary>
    public FakeSource EndsAt(double atMs)
    {
        _endAt = TimeSpan.FromMilliseconds(atMs);
        return this;
    }

    /// <summary>After its items, waits until it is cancelled or disposed: a source gone quiet.</summary>
    public FakeSource ThenWaitsForever()
    {
        _endAt = Timeout.InfiniteTimeSpan;
        return this;
    }

    /// <summary>Its finally block awaits for <paramref name="ms"/> before it is done, as closing a connection would.</summary>
    public FakeSource CleanupTakes(double ms)
    {
        _cleanup = TimeSpan.FromMilliseconds(ms);
        return this;
    }

    /// <summary>Throws <paramref name="error"/> at <paramref name="atMs"/>, after its items.</summary>
    public FakeSource FailsAt(double atMs, Exception error)
    {
        _error = error;
        return EndsAt(atMs);
    }

    public string Describe() =>
        FinallyRanAt is { } at ? $"ended {Ending} and ran its finally at t={Format.Ms(at)}"
        : _cleaningUp ? $"was still in its finally at t={Format.Ms(runtime.Now)}, cleaning up (its cleanup takes {Format.Ms(_cleanup)})"
        : $"was still running at t={Format.Ms(runtime.Now)}, its finally never ran";

    private async IAsyncEnumerable<int> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        runtime.Timeline.Record(Lane, Timeline.Started);
        string? ending = null;
        try
        {
            foreach (var (at, value) in _items)
            {
                await WaitUntilAsync(at, cancellationToken);
                runtime.Timeline.Record(Lane, $"yields {value}");
                ending = "disposed at a yield";
                yield return value;
                ending = null;
            }
            if (_endAt == Timeout.InfiniteTimeSpan) await Task.Delay(Timeout.InfiniteTimeSpan, runtime.Clock, cancellationToken);
            else if (_endAt is { } end) await WaitUntilAsync(end, cancellationToken);
            if (_error is not null)
            {
                ending = Timeline.Failed;
                throw _error;
            }
            ending = Timeline.Completed;
        }
        finally
        {
            var how = ending ?? (cancellationToken.IsCancellationRequested ? Timeline.Cancelled : "stopped");
            if (_cleanup > TimeSpan.Zero)
            {
                _cleaningUp = true;
                runtime.Timeline.Record(Lane, "cleaning up");
                await Task.Delay(_cleanup, runtime.Clock, CancellationToken.None);
            }
            Ending = how;
            FinallyRanAt = runtime.Now;
            runtime.Timeline.Record(Lane, Ending == "disposed at a yield" ? "disposed at a yield (finally ran)" : Ending);
            if (Ending == "disposed at a yield") runtime.Timeline.Record(Lane, Timeline.Cancelled);
        }
    }

    private Task WaitUntilAsync(TimeSpan at, CancellationToken cancellationToken)
    {
        var wait = at - runtime.Now;
        return Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, runtime.Clock, cancellationToken);
    }
}
