namespace Katas.Blocking;

// On the stub, every test here fails the same way, within about 2 s of real time: the virtual runtime's watchdog
// sees the event loop's only thread stay busy without awaiting and reports "The thread was blocked". The stub's
// Thread.Sleep waits the real latency it was asked for, so the latencies below keep each blocked test short.

/// <summary>Helpers shared by the tests of this kata.</summary>
internal static class Calls
{
    public static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    /// <summary>Runs one call, recording it on the timeline as a span named <paramref name="lane"/>.</summary>
    public static async Task<T> Tracked<T>(VirtualRuntime runtime, string lane, Func<Task<T>> call)
    {
        runtime.Timeline.Record(lane, Timeline.Started);
        try
        {
            var result = await call();
            runtime.Timeline.Record(lane, Timeline.Completed);
            return result;
        }
        catch (OperationCanceledException)
        {
            runtime.Timeline.Record(lane, Timeline.Cancelled);
            throw;
        }
        catch
        {
            runtime.Timeline.Record(lane, Timeline.Failed);
            throw;
        }
    }

    /// <summary>Other work on the same event loop: a tick every second, <paramref name="beats"/> times.</summary>
    public static async Task<List<TimeSpan>> HeartbeatAsync(VirtualRuntime runtime, int beats)
    {
        var ticks = new List<TimeSpan>();
        for (var i = 0; i < beats; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), runtime.Clock);
            ticks.Add(runtime.Now);
            runtime.Timeline.Record("heartbeat", "tick");
        }
        return ticks;
    }

    /// <summary>
    /// Fails unless <paramref name="outcome"/>, a call of 3000 ms whose token was cancelled at t=1000 ms, ended then with
    /// an OperationCanceledException; says what it ended with instead.
    /// </summary>
    public static void CancelledAtOnce<T>(VirtualRuntime runtime, Outcome<T> outcome, string call, string expectation)
    {
        var cancelledAt = Ms(1000);
        var at = outcome.CompletedAt ?? runtime.Now;
        var ms = $"t={Format.Ms(at)}";
        var seen = outcome.Exception switch
        {
            OperationCanceledException when at == cancelledAt => null,
            OperationCanceledException =>
                $"it ended cancelled, but at {ms}, not at t=1000 ms when the token was cancelled" +
                (at == Ms(3000) ? ": the wait ran to its end without seeing the token. Pass the token to the wait itself." : "."),
            null when outcome.Succeeded && at == cancelledAt =>
                $"it returned a result at {ms}, the moment of the cancellation: the token reached the wait and ended it " +
                "early, but the cancellation was swallowed (a catch, a ContinueWith or SuppressThrowing) and the call went " +
                "on as if the server had answered. Let the OperationCanceledException reach the caller.",
            null when outcome.Succeeded && at == Ms(3000) =>
                $"it returned a result at {ms}, when the server answered: the wait did not see the token. Pass the token " +
                "to the wait.",
            null => $"it {outcome}.",
            AggregateException wrapper =>
                $"it ended at {ms} with an AggregateException wrapping {string.Join(", ", wrapper.InnerExceptions.Select(e => e.GetType().Name))}: " +
                ".Result, .Wait() and ContinueWith wrap a task's exception; await rethrows it as it is.",
            var other => $"it ended at {ms} with {other.GetType().Name}: {other.Message}",
        };
        if (seen is null) return;
        throw new AssertionException(
            $"Cancelled at t=1000 ms, the {call} must end then with {expectation}; {seen}" +
            Environment.NewLine + Environment.NewLine + runtime.Timeline.Render());
    }

    public const string AtOnceHint =
        "Ten calls started at once, each waiting 300 ms, must all be done at t=300 ms, after one advance of the clock. " +
        "At t=0 ms? Then the waiting did not happen on the fake clock: Thread.Sleep blocks a thread (here or on the " +
        "thread pool) instead of awaiting; use await Task.Delay(latency, timeProvider, cancellationToken).";

    public const string HeartbeatHint =
        "While a fetch waits for the server, the event loop's thread must be free for other work: the heartbeat ticks " +
        "every second on the same thread. A thread that sleeps or waits on .Result runs nothing else.";
}

/// <summary>
/// Gives each test a fresh <see cref="VirtualRuntime"/> as <see cref="Runtime"/>, and disposes it only after a test
/// that passed. After a failure the code under test may still be waiting on the real clock (Task.Delay without the
/// TimeProvider) or on a blocked thread; when that wait ends, its continuation must find its event loop alive: a
/// disposed loop throws, which would crash the whole test run instead of failing one test.
/// </summary>
public abstract class RuntimeFixture
{
    /// <summary>The test's runtime: an event loop and a fake clock.</summary>
    protected VirtualRuntime Runtime { get; private set; } = null!;

    [SetUp]
    public void StartRuntime() => Runtime = new VirtualRuntime();

    [TearDown]
    public void StopRuntime()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Passed) Runtime.Dispose();
    }
}

/// <summary>FetchAsync waits for the server without holding the thread.</summary>
public class FetchTests : RuntimeFixture
{
    private static TimeSpan Ms(double ms) => Calls.Ms(ms);

    [Test]
    public void Fetch_returns_the_page_when_the_server_answers()
    {
        var client = new PageClient(Runtime.Clock);

        var outcome = Runtime.Run(() => Calls.Tracked(Runtime, "home", () => client.FetchAsync("home", Ms(3000))));

        Assert.That(outcome.Value, Is.EqualTo("<h1>home</h1>"));
        TimelineAssert.CompletedAt(outcome, Ms(3000),
            "the server answers after the latency, 3000 ms, on the client's clock (the TimeProvider).");
    }

    [Test]
    public void Ten_fetches_at_once_all_finish_after_one_advance_of_the_clock()
    {
        var client = new PageClient(Runtime.Clock);

        var outcome = Runtime.Run(() => Task.WhenAll(Enumerable.Range(1, 10).Select(i =>
            Calls.Tracked(Runtime, $"page {i}", () => client.FetchAsync($"page {i}", Ms(300))))));

        Assert.That(outcome.Value, Is.EqualTo(Enumerable.Range(1, 10).Select(i => $"<h1>page {i}</h1>")));
        TimelineAssert.CompletedAt(outcome, Ms(300), Calls.AtOnceHint);
        TimelineAssert.SpansAre(Runtime.Timeline, [.. Enumerable.Range(1, 10).Select(i => Span.Of($"page {i}", 0, 300))],
            "Every fetch starts at t=0 and waits 300 ms alongside the others.", Runtime.Now);
    }

    [Test]
    public void The_event_loop_runs_other_work_while_a_fetch_waits()
    {
        var client = new PageClient(Runtime.Clock);

        var outcome = Runtime.Run(async () =>
        {
            var heartbeat = Calls.HeartbeatAsync(Runtime, beats: 2);
            var page = await Calls.Tracked(Runtime, "fetch", () => client.FetchAsync("home", Ms(3000)));
            return (page, ticks: await heartbeat);
        });

        Assert.That(outcome.Value.ticks, Is.EqualTo(new[] { Ms(1000), Ms(2000) }), Calls.HeartbeatHint);
        Assert.That(outcome.Value.page, Is.EqualTo("<h1>home</h1>"));
        TimelineAssert.CompletedAt(outcome, Ms(3000), "the fetch ends when the server answers, at t=3000 ms.");
    }

    [Test]
    public void Cancelling_a_fetch_ends_it_at_once()
    {
        using var cts = new CancellationTokenSource();
        var client = new PageClient(Runtime.Clock);
        Runtime.At(Ms(1000), cts.Cancel);

        var outcome = Runtime.Run(() => Calls.Tracked(Runtime, "fetch", () => client.FetchAsync("home", Ms(3000), cts.Token)));

        Calls.CancelledAtOnce(Runtime, outcome, "fetch", "an OperationCanceledException");
        Runtime.AssertNoPendingTimers("the fetch was cancelled, but its wait for the server is still pending on the clock: " +
            "a cancelled wait must stop its timer (Task.Delay with the token does).");
    }
}

/// <summary>FetchLengthAsync awaits the fetch instead of blocking on it.</summary>
public class FetchLengthTests : RuntimeFixture
{
    private static TimeSpan Ms(double ms) => Calls.Ms(ms);

    [Test]
    public void FetchLength_returns_the_length_of_the_page()
    {
        var client = new PageClient(Runtime.Clock);

        var outcome = Runtime.Run(() => Calls.Tracked(Runtime, "home", () => client.FetchLengthAsync("home", Ms(3000))));

        Assert.That(outcome.Value, Is.EqualTo("<h1>home</h1>".Length));
        TimelineAssert.CompletedAt(outcome, Ms(3000), "the length is known when the server answers, at t=3000 ms.");
    }

    [Test]
    public void Ten_length_fetches_at_once_all_finish_after_one_advance_of_the_clock()
    {
        var client = new PageClient(Runtime.Clock);

        var outcome = Runtime.Run(() => Task.WhenAll(Enumerable.Range(1, 10).Select(i =>
            Calls.Tracked(Runtime, $"page {i}", () => client.FetchLengthAsync($"page {i}", Ms(300))))));

        Assert.That(outcome.Value, Is.EqualTo(Enumerable.Range(1, 10).Select(i => $"<h1>page {i}</h1>".Length)));
        TimelineAssert.CompletedAt(outcome, Ms(300), Calls.AtOnceHint);
        TimelineAssert.SpansAre(Runtime.Timeline, [.. Enumerable.Range(1, 10).Select(i => Span.Of($"page {i}", 0, 300))],
            "Every length fetch starts at t=0 and waits 300 ms alongside the others.", Runtime.Now);
    }

    [Test]
    public void The_event_loop_runs_other_work_while_a_length_fetch_waits()
    {
        var client = new PageClient(Runtime.Clock);

        var outcome = Runtime.Run(async () =>
        {
            var heartbeat = Calls.HeartbeatAsync(Runtime, beats: 2);
            var length = await Calls.Tracked(Runtime, "fetch", () => client.FetchLengthAsync("home", Ms(3000)));
            return (length, ticks: await heartbeat);
        });

        Assert.That(outcome.Value.ticks, Is.EqualTo(new[] { Ms(1000), Ms(2000) }), Calls.HeartbeatHint);
        Assert.That(outcome.Value.length, Is.EqualTo("<h1>home</h1>".Length));
        TimelineAssert.CompletedAt(outcome, Ms(3000), "the length fetch ends when the server answers, at t=3000 ms.");
    }

    [Test]
    public void Cancelling_a_length_fetch_reports_an_OperationCanceledException_not_an_AggregateException()
    {
        using var cts = new CancellationTokenSource();
        var client = new PageClient(Runtime.Clock);
        Runtime.At(Ms(1000), cts.Cancel);

        var outcome = Runtime.Run(() => Calls.Tracked(Runtime, "fetch", () => client.FetchLengthAsync("home", Ms(3000), cts.Token)));

        Calls.CancelledAtOnce(Runtime, outcome, "length fetch",
            "the fetch's own OperationCanceledException (await rethrows it as it is; .Result and .Wait() wrap it in an AggregateException)");
        Runtime.AssertNoPendingTimers("the length fetch was cancelled, but its wait for the server is still pending on the " +
            "clock: a cancelled wait must stop its timer (Task.Delay with the token does).");
    }
}
